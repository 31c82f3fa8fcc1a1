"""The exports of the real DjangoCon US 2024 programme (imported from ../shared with
import_site): valid against the c3voc schemas, right times in iCalendar, and a round trip."""

import datetime as dt
import zoneinfo

import icalendar
import pytest

from hallway.conferences.models import Conference
from hallway.interop.site import import_site
from tests.interop.conftest import json_errors, xsd_errors
from tests.interop.test_round_trip import assert_round_trip, export

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def djangocon(db, shared_content) -> Conference:
    import_site(shared_content, slug="djangocon-us-2024", publish=True)
    return Conference.objects.get(slug="djangocon-us-2024")


def test_djangocon_frab_xml_is_valid(djangocon, frab_xsd):
    assert xsd_errors(frab_xsd, export(djangocon, "frab-xml")) == []


def test_djangocon_schedule_json_is_valid_including_the_acronym(djangocon, schedule_json_validator):
    body = export(djangocon, "schedule-json")

    assert json_errors(schedule_json_validator, body) == []
    assert b'"acronym": "djangocon_us_2024"' in body


def test_djangocon_ical_has_every_session_at_the_right_time(djangocon):
    calendar = icalendar.Calendar.from_ical(export(djangocon, "ical"))

    events = list(calendar.walk("VEVENT"))
    scheduled = djangocon.sessions.listed().scheduled().count()
    assert len(events) == scheduled
    assert len({str(event["uid"]) for event in events}) == scheduled
    (history,) = [e for e in events if str(e["summary"]) == "A Brief History of Django"]
    assert history["dtstart"].params["TZID"] == "America/New_York"
    assert history.decoded("dtstart") == dt.datetime(2024, 9, 25, 11, 30, tzinfo=NEW_YORK)
    assert history.decoded("dtend") == dt.datetime(2024, 9, 25, 11, 55, tzinfo=NEW_YORK)
    assert str(history["location"]) == "Junior Ballroom"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "America/New_York"


@pytest.mark.parametrize("format_name", ["frab-xml", "schedule-json"])
def test_djangocon_round_trip(djangocon, format_name):
    copy = assert_round_trip(djangocon, format_name, "djangocon-copy")

    assert copy.sessions.count() == djangocon.sessions.listed().scheduled().count()
