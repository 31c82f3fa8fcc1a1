"""One person across the real DjangoCon US 2023 and 2024 sites (skipped when ../shared is
absent, or while import_site cannot read the 2023 Jekyll layout)."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from hallway.people.models import Presenter
from tests.html import parse, select, text

SHARED = Path(settings.HALLWAY_SHARED_DATA)


def import_year(year: int) -> None:
    content = SHARED / f"djangocon-us-{year}" / "content"
    if not content.is_dir():
        pytest.skip(f"DjangoCon US {year} content not found at {content} (../shared absent)")
    try:
        call_command(
            "import_site",
            str(content),
            "--slug",
            f"djangocon-us-{year}",
            "--publish",
            stdout=StringIO(),
        )
    except CommandError as error:
        if year == 2023:
            pytest.skip(f"import_site cannot read the 2023 Jekyll layout yet: {error}")
        raise


@pytest.mark.django_db
def test_a_presenter_of_2023_and_2024_has_one_page_with_both_talks(client):
    import_year(2024)
    import_year(2023)

    years = Presenter.objects.filter(slug="paolo-melchiorre").values_list("person_id", flat=True)
    assert len(years) == 2
    assert len(set(years)) == 1
    page = parse(client.get("/djangocon-us-2024/presenters/paolo-melchiorre/"))
    assert [text(a) for a in select(page, ".session-list__title")] == [
        "Maps with Django",
        "All about djangoproject.com",
    ]
    assert [text(h) for h in select(page, ".other-year__name")] == ["DjangoCon US 2023"]
