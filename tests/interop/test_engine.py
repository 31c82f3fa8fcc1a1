"""One import engine: import_site and import_schedule share the error type, the report and
the change log; import_schedule takes a fetched file's bytes as they are."""

import pytest

from hallway.conferences.models import Conference
from hallway.interop.errors import ImportDataError
from hallway.interop.report import ImportReport
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule
from hallway.interop.site import SiteImportError, import_site
from hallway.program.models import ScheduleChange, Session
from tests.interop.conftest import FIXTURES
from tests.interop.site_builder import build_site, write

SLUG = "example-2030"


def test_both_importers_raise_the_one_error_type():
    assert issubclass(SiteImportError, ImportDataError)
    assert issubclass(ScheduleFormatError, ImportDataError)


@pytest.mark.django_db
def test_import_schedule_takes_bytes_and_returns_the_import_report():
    report = import_schedule((FIXTURES / "pretalx.xml").read_bytes(), slug="democon")

    assert isinstance(report, ImportReport)
    assert report.count_lines() == [
        "conference: 1 created, 0 updated, 0 unchanged",
        "rooms: 3 created, 0 updated, 0 unchanged",
        "tracks: 2 created, 0 updated, 0 unchanged",
        "presenters: 2 created, 0 updated, 0 unchanged",
        "sessions: 4 created, 0 updated, 0 unchanged",
    ]
    assert report.summary() == (
        "democon: 4 sessions created, 0 updated, 0 unchanged, 0 removed, "
        "0 kept as cancelled (attendee data attached)"
    )


@pytest.mark.django_db
def test_import_schedule_second_run_reports_everything_unchanged():
    data = (FIXTURES / "pretalx.json").read_bytes()
    import_schedule(data, slug="democon")

    report = import_schedule(data, conference=Conference.objects.get(slug="democon"))

    assert report.changes == 0
    assert report.count_lines() == [
        "conference: 0 created, 0 updated, 1 unchanged",
        "rooms: 0 created, 0 updated, 3 unchanged",
        "tracks: 0 created, 0 updated, 2 unchanged",
        "presenters: 0 created, 0 updated, 2 unchanged",
        "sessions: 0 created, 0 updated, 4 unchanged",
    ]


@pytest.mark.django_db
def test_import_schedule_dry_run_reports_and_writes_nothing():
    data = (FIXTURES / "pretalx.xml").read_text()

    report = import_schedule(data, slug="democon", format="frab-xml", dry_run=True)

    assert (report.dry_run, report.created, report.conference_created) == (True, 4, True)
    assert not Conference.objects.filter(slug="democon").exists()
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_import_schedule_without_conference_is_a_type_error():
    with pytest.raises(TypeError):
        import_schedule((FIXTURES / "pretalx.xml").read_bytes())


@pytest.mark.django_db
def test_import_site_logs_a_new_session_as_import_schedule_does(tmp_path):
    content = build_site(tmp_path / "site")
    import_site(content, slug=SLUG)
    write(
        content / "schedule/talks/late-addition.md",
        """---
start_datetime: 2030-09-23 16:00:00-04:00
end_datetime: 2030-09-23 16:30:00-04:00
permalink: /talks/late-addition/
room: Junior Ballroom
title: A late addition
---
""",
    )

    import_site(content, slug=SLUG)

    assert list(ScheduleChange.objects.values_list("kind", "session_title", "source")) == [
        ("added", "A late addition", "import_site")
    ]


@pytest.mark.django_db
def test_first_import_site_logs_no_additions(tmp_path):
    import_site(build_site(tmp_path / "site"), slug=SLUG)

    assert ScheduleChange.objects.count() == 0
