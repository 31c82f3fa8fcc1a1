"""load_demo: the DjangoCon US 2024 demo from the facts fixture or the full shared content."""

import json
import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from hallway.conferences.models import Conference
from hallway.interop.site import read_site
from hallway.interop.site.facts import dump_facts
from hallway.people.models import Presenter
from hallway.program.models import Session
from hallway.site.management.commands.load_demo import FIXTURE

LOGIN = re.compile(r"^Organizer login: organizer / (\S+)$", re.M)


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def no_shared_data(settings, tmp_path):
    settings.HALLWAY_SHARED_DATA = tmp_path / "no-shared-data"


@pytest.mark.django_db
def test_load_demo_fixture_loads_the_whole_schedule(no_shared_data):
    output = load_demo()

    conference = Conference.objects.get(slug="djangocon-us-2024")
    assert conference.name == "DjangoCon US 2024"
    assert conference.phase == Conference.Phase.ARCHIVED
    assert conference.sessions.count() == 96
    assert conference.sessions.filter(kind="talk").count() == 45
    assert conference.presenters.count() == 60
    assert conference.organizers.count() == 39
    assert conference.sponsors.listed().count() == 18
    assert conference.posts.count() == 31
    assert conference.places.count() == 9
    assert "Loading the facts fixture djangocon-us-2024.json" in output
    assert output.splitlines()[-1] == "Site: http://127.0.0.1:8000/djangocon-us-2024/"


@pytest.mark.django_db
def test_load_demo_fixture_has_placeholder_avatars_and_no_prose(no_shared_data):
    load_demo("--fixture")

    presenter = Presenter.objects.get(slug="tim-schilling")
    assert presenter.photo.name.startswith(
        "conferences/djangocon-us-2024/presenters/tim-schilling."
    )
    assert presenter.photo.name.endswith(".png")
    assert presenter.bio == ""
    assert set(Session.objects.values_list("abstract", flat=True)) == {""}
    talk = Session.objects.with_people().get(slug="error-culture")
    assert (talk.title, talk.room.name, [p.slug for p in talk.ordered_presenters]) == (
        "Error Culture",
        "Junior Ballroom",
        ["ryan-cheley"],
    )


@pytest.mark.django_db
def test_load_demo_prints_a_working_organizer_login(no_shared_data):
    output = load_demo("--fixture")

    password = LOGIN.search(output)[1]
    user = authenticate(username="organizer", password=password)
    assert user is not None
    assert (user.is_staff, user.is_superuser) == (True, True)
    assert "Admin: http://127.0.0.1:8000/admin/" in output.splitlines()


@pytest.mark.django_db
def test_load_demo_runs_again_without_duplicates(no_shared_data):
    first = LOGIN.search(load_demo("--fixture"))[1]
    stamps = list(Session.objects.order_by("pk").values_list("pk", "updated_at"))

    output = load_demo("--fixture")

    assert list(Session.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert "  sessions: 0 created, 0 updated, 96 unchanged" in output.splitlines()
    second = LOGIN.search(output)[1]
    assert second != first
    assert authenticate(username="organizer", password=first) is None
    assert authenticate(username="organizer", password=second) is not None
    assert Conference.objects.count() == 1


@pytest.mark.django_db
def test_load_demo_imports_the_full_content_when_present(shared_content):
    output = load_demo()

    assert output.splitlines()[0] == f"Importing the full content from {shared_content}"
    talk = Session.objects.get(slug="error-culture")
    assert talk.abstract.startswith('In my talk titled "Error Culture,"')
    assert Session.objects.count() == 96


@pytest.mark.django_db
def test_load_demo_full_content_after_fixture_updates_in_place(shared_content):
    load_demo("--fixture")
    ids = set(Session.objects.values_list("pk", flat=True))

    load_demo()

    assert set(Session.objects.values_list("pk", flat=True)) == ids
    assert Session.objects.get(slug="error-culture").abstract != ""


def test_load_demo_fixture_holds_only_facts():
    text = FIXTURE.read_text(encoding="utf-8")
    facts = json.loads(text)

    kinds = ("sessions", "presenters", "organizers", "posts", "places", "sponsors")
    keys = {key for kind in kinds for item in facts[kind] for key in item}
    prose = {"abstract", "bio", "body", "description", "excerpt", "photo", "logo", "cover"}
    assert keys & prose == set()
    assert not re.search(r"\.(jpe?g|png|svg|webp)\"", text)


def test_load_demo_fixture_is_current_and_has_no_prose_from_the_content(shared_content):
    content = read_site(shared_content)
    text = FIXTURE.read_text(encoding="utf-8")

    source = json.loads(text)["source"]
    assert dump_facts(content, name="DjangoCon US 2024", source=source) == text
    prose = [s.abstract for s in content.sessions] + [p.bio for p in content.presenters]
    prose += [p.body for p in content.posts] + [s.description for s in content.sponsors]
    prose += [p.description for p in content.places]
    leaked = [passage[:60] for passage in prose if len(passage) > 40 and passage[:40] in text]
    assert leaked == []


@pytest.mark.django_db
def test_load_demo_puts_the_conference_in_its_series(no_shared_data, client):
    from hallway.conferences.models import Series

    load_demo("--fixture")
    output = load_demo("--fixture")

    series = Series.objects.get()
    assert list(series.conferences.values_list("slug", flat=True)) == ["djangocon-us-2024"]
    assert "Series: /series/djangocon-us/" in output.splitlines()
    assert client.get("/series/djangocon-us/").status_code == 200


@pytest.mark.django_db
def test_load_demo_looks_like_the_conferences_own_site(no_shared_data, client):
    from hallway.conferences.theme import contrast_checks

    load_demo("--fixture")
    conference = Conference.objects.get(slug="djangocon-us-2024")

    # Published, with its venue, the standard pages, a guide by category with a map.
    assert conference.is_public is True
    assert (conference.venue_name, conference.city) == ("Durham Convention Center", "Durham, NC")
    statuses = {
        path: client.get(f"/djangocon-us-2024/{path}/").status_code
        for path in ["code-of-conduct", "venue", "travel-and-visas", "childcare", "faq"]
    }
    assert statuses == dict.fromkeys(statuses, 200)
    assert sorted(set(conference.places.values_list("category", flat=True))) == [
        "coffee",
        "drinks",
        "food",
        "sight",
        "sweets",
    ]
    guide = client.get("/djangocon-us-2024/places/").content.decode()
    assert guide.count('<g class="guide-map__point">') == 8  # Pure Soul is across town
    # The DjangoCon palette keeps every pair the theme checks readable (4.5:1).
    assert [c for c in contrast_checks(conference.theme_tokens) if c.ratio < 4.5] == []
