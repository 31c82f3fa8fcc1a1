"""import_site on the real DjangoCon US 2023 content, the Jekyll layout (skipped when
../shared is absent)."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from hallway.conferences.models import Conference
from hallway.interop.site import import_site
from hallway.people.models import Presenter
from hallway.program.models import Session

SLUG = "djangocon-us-2023"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


def original_addresses(content: Path) -> list[str]:
    """Every address the Jekyll site built, read straight from the files with Jekyll's rules."""
    links = []
    for path in sorted((content / "_schedule").rglob("*.md")):
        meta = front_matter(path)
        links.append(meta.get("permalink") or f"/schedule/{path.stem}/")
        links += meta.get("redirect_from") or []
    for path in sorted((content / "_presenters").glob("*.md")):
        links.append(front_matter(path)["permalink"])
    for path in sorted((content / "_posts").glob("*.md")):
        links.append(f"/news/{DATE.sub('', path.stem)}/")
    for path in sorted((content / "_pages").iterdir()):
        meta = front_matter(path)
        if meta.get("published") is False or meta["permalink"].endswith(".html"):
            continue
        links.append(meta["permalink"])
        links += meta.get("redirect_from") or []
    return links


@pytest.fixture
def imported(db, shared_content_2023):
    report = import_site(shared_content_2023, slug=SLUG, publish=True)
    return report


def test_import_jekyll_counts_per_kind(imported):
    conference = Conference.objects.get(slug=SLUG)
    assert (conference.name, conference.time_zone, conference.phase) == (
        "DjangoCon US 2023",
        "America/New_York",
        "archived",
    )
    assert (conference.starts_on.isoformat(), conference.ends_on.isoformat()) == (
        "2023-10-08",
        "2023-10-20",
    )
    assert conference.sessions.count() == 97
    assert dict(Counter(conference.sessions.values_list("kind", flat=True))) == {
        "talk": 47, "keynote": 3, "lightning": 3, "remarks": 4, "orientation": 1, "panel": 1,
        "tutorial": 5, "sprint": 2, "meal": 9, "break": 6, "registration": 3, "social": 1,
        "other": 12,
    }  # fmt: skip
    assert conference.presenters.count() == 59
    assert conference.organizers.count() == 25
    assert conference.organizers.filter(is_hidden=True).count() == 1
    assert conference.sponsors.count() == 23
    assert conference.posts.count() == 26
    assert conference.places.count() == 9
    assert conference.pages.count() == 26


def test_import_jekyll_reports_every_warning_grouped(imported):
    warnings = [str(n) for n in imported.warnings]
    assert Counter(n.group for n in imported.warnings) == {
        "placeholder company dropped": 2,
        "end in another year than the start": 2,
        "image file not found": 4,
    }
    assert warnings[0] == (
        "_presenters/charlotte-mays.md: company: 'None currently' is a placeholder, not a "
        "company; the presenter has none"
    )
    assert [w for w in warnings if w.startswith("_schedule/sprints/")][0] == (
        "_schedule/sprints/2023-10-19-09-00-sprints.md: end_date: 2022-10-19 17:00 is before "
        "the start (2023-10-19 09:00); read as 2023-10-19 17:00"
    )
    lines = imported.lines()
    assert "  end in another year than the start (2)" in lines[lines.index("warnings: 8") + 1 :]


def test_import_jekyll_every_address_of_the_old_site_answers(imported, client, shared_content_2023):
    addresses = original_addresses(shared_content_2023)
    assert len(addresses) == 97 + 1 + 59 + 26 + 38 + 6

    failures = {}
    for address in addresses:
        response = client.get(f"/{SLUG}{address}", follow=True)
        if response.status_code != 200:
            failures[address] = response.status_code

    assert failures == {}


def test_import_jekyll_keeps_addresses_and_facts(imported, client):
    talk = Session.objects.with_people().get(slug="powering-energy-storage-beyond-excel")
    assert talk.get_absolute_url() == f"/{SLUG}/talks/powering-energy-storage-beyond-excel/"
    response = client.get(f"/{SLUG}/talks/django-unchained-powering-energy-storage-beyond-excel/")
    assert (response.status_code, response["Location"]) == (301, talk.get_absolute_url())
    breakfast = client.get(f"/{SLUG}/schedule/2023-10-16-08-00-breakfast/")
    assert (breakfast.status_code, breakfast["Location"]) == (301, f"/{SLUG}/schedule/2023-10-16/")
    felipe = Presenter.objects.get(source_key="_presenters/felipe.md")
    assert felipe.get_absolute_url() == f"/{SLUG}/presenters/felipe-de-morais/"
    sprint = Session.objects.get(source_key="_schedule/sprints/2023-10-19-09-00-sprints.md")
    assert (sprint.start.isoformat(), sprint.end.isoformat()) == (
        "2023-10-19T13:00:00+00:00",
        "2023-10-19T21:00:00+00:00",
    )
    assert client.get(f"/{SLUG}/news/Joni-Trythall-YupGup/").status_code == 200
    assert all(Path(settings.MEDIA_ROOT, p).is_file() for p in [felipe.photo.name] if p)


def test_import_jekyll_second_import_changes_nothing(imported, shared_content_2023):
    stamps = list(Session.objects.order_by("pk").values_list("pk", "updated_at"))
    files = sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())

    report = import_site(shared_content_2023, slug=SLUG, publish=True)

    assert report.changes == 0
    assert list(Session.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert sorted(p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()) == files


def test_import_jekyll_strict_refuses_the_warnings(db, shared_content_2023):
    from hallway.interop.site import SiteImportError

    with pytest.raises(SiteImportError) as error:
        import_site(shared_content_2023, slug=SLUG, strict=True)

    # Presenters are read before the schedule: the first warning is a placeholder company.
    assert str(error.value) == (
        "_presenters/charlotte-mays.md: company: 'None currently' is a placeholder, not a "
        "company; the presenter has none (a warning; --strict refuses it)"
    )
    assert not Conference.objects.filter(slug=SLUG).exists()


# 24: the Eleventy count (22) and the two more that the Jekyll permalink pages read.
def test_import_jekyll_second_import_costs_what_a_tiny_site_costs(
    imported, shared_content_2023, django_assert_num_queries
):
    with django_assert_num_queries(24):
        import_site(shared_content_2023, slug=SLUG, publish=True)
