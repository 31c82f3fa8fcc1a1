"""import_site on the real DjangoCon US 2024 content (skipped when ../shared is absent)."""

from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from hallway.conferences.models import Conference
from hallway.content.models import Sponsor
from hallway.interop.site import import_site
from hallway.people.models import Organizer, Presenter
from hallway.program.models import Session
from tests.html import parse, texts

SLUG = "djangocon-us-2024"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def content_permalinks(content: Path) -> list[str]:
    """Every URL the original site had for a non-hidden item, read straight from the files."""
    links = []
    for folder in ("schedule/talks", "schedule/tutorials", "presenters"):
        for path in sorted((content / folder).glob("*.md")):
            meta = front_matter(path)
            if meta.get("permalink") and not meta.get("hidden"):
                links.append(meta["permalink"])
    for item in yaml.safe_load((content / "schedule/manual.yaml").read_text()):
        if item["permalink"]:
            links.append(item["permalink"])
    links += [f"/news/{path.stem}/" for path in sorted((content / "posts").glob("*.md"))]
    return links


@pytest.fixture
def imported(db, shared_content) -> Conference:
    import_site(shared_content, slug=SLUG, publish=True)
    return Conference.objects.get(slug=SLUG)


def test_import_djangocon_counts_per_kind(imported):
    sessions = imported.sessions
    assert sessions.filter(source_key__startswith="schedule/talks/").count() == 57
    assert sessions.filter(source_key__startswith="schedule/tutorials/").count() == 5
    assert sessions.filter(source_key__startswith="schedule/manual.yaml#").count() == 34
    assert sessions.count() == 96
    assert dict(Counter(sessions.values_list("kind", flat=True))) == {
        "talk": 45, "keynote": 3, "lightning": 3, "remarks": 4, "orientation": 1, "panel": 1,
        "tutorial": 5, "meal": 11, "break": 6, "registration": 4, "sprint": 2, "social": 1,
        "other": 10,
    }  # fmt: skip
    assert imported.presenters.count() == 60
    assert imported.organizers.count() == 39
    assert imported.organizers.filter(is_hidden=True).count() == 7
    assert imported.sponsors.count() == 26
    assert imported.sponsors.filter(is_hidden=True).count() == 8
    assert imported.posts.count() == 31
    assert imported.places.count() == 9
    assert sorted(imported.pages.values_list("slug", flat=True)) == ["catering-menus", "hackathon"]
    assert list(imported.sponsor_levels.values_list("name", flat=True)) == [
        "Diamond", "Platinum", "Gold", "Silver", "Bronze", "Coffee", "Opportunity Grants",
        "Community",
    ]  # fmt: skip
    assert (imported.starts_on.isoformat(), imported.ends_on.isoformat()) == (
        "2024-09-22",
        "2024-09-27",
    )
    assert imported.phase == Conference.Phase.ARCHIVED


def test_import_djangocon_every_permalink_answers(imported, client, shared_content):
    permalinks = content_permalinks(shared_content)
    assert len(permalinks) == 57 + 5 + 56 + 17 + 31

    failures = {}
    for permalink in permalinks:
        response = client.get(f"/{SLUG}{permalink.partition('#')[0]}", follow=True)
        if response.status_code != 200:
            failures[permalink] = response.status_code

    assert failures == {}


def test_import_djangocon_keeps_renamed_permalinks_and_facts(imported):
    keynote = Session.objects.get(source_key="schedule/talks/keynote-sheena-oconnell.md")
    assert (keynote.slug, keynote.kind, keynote.get_absolute_url()) == (
        "keynote-monday",
        "keynote",
        f"/{SLUG}/talks/keynote-monday/",
    )
    talk = Session.objects.with_people().get(slug="error-culture")
    assert [p.slug for p in talk.ordered_presenters] == ["ryan-cheley"]
    assert talk.room.name == "Junior Ballroom"
    assert talk.video_url == "https://youtu.be/eALdLBOaQS0"
    assert Session.objects.get(title__startswith="path(").title == (
        "path('/user/<user.username:user>/', view_profile)"
    )


def test_import_djangocon_photos_get_their_real_type(imported):
    photos = dict(Presenter.objects.values_list("slug", "photo"))
    assert photos["josh-thomas"].endswith(".jpg")  # josh-thomas.png is a JPEG
    assert photos["willem-van-onsem"].endswith(".png")  # .jpeg, really PNG
    assert photos["daniel-ramas"] == ""
    organizers = dict(Organizer.objects.values_list("slug", "photo"))
    # Missing from organizers/, found in presenters/.
    assert organizers["andrew-mshar"].startswith(f"conferences/{SLUG}/organizers/andrew-mshar.")
    assert organizers["emmanuel-owusu"].endswith(".jpg")
    assert all(Path(settings.MEDIA_ROOT, name).is_file() for name in photos.values() if name)


def test_import_djangocon_hidden_items_are_not_listed(imported, client):
    hidden = Sponsor.objects.get(slug="platformsh")
    assert hidden.is_hidden is True
    assert Sponsor.objects.listed().count() == 18
    response = client.get(f"/{SLUG}/sponsors/")
    names = texts(parse(response), "//h3[@class='sponsor__name']")
    assert len(names) == 18
    assert "REVSYS" in names
    assert hidden.name not in response.content.decode()
    assert Organizer.objects.listed().count() == 32


def test_import_djangocon_second_import_changes_nothing(imported, shared_content):
    stamps = list(Session.objects.order_by("pk").values_list("pk", "updated_at"))
    photos = list(Presenter.objects.order_by("pk").values_list("photo", "updated_at"))
    files = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())

    report = import_site(shared_content, slug=SLUG, publish=True)

    assert report.changes == 0
    assert list(Session.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert list(Presenter.objects.order_by("pk").values_list("photo", "updated_at")) == photos
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == files


def test_import_djangocon_second_import_costs_what_a_tiny_site_costs(
    imported, shared_content, django_assert_num_queries
):
    with django_assert_num_queries(22):
        import_site(shared_content, slug=SLUG, publish=True)
