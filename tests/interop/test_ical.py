import datetime as dt
import zoneinfo

import icalendar
import pytest

from hallway.interop.formats.ical import PRODID, session_event, sessions_to_ical
from hallway.program.models import Session
from tests.factories import PresenterFactory, SessionFactory, TagFactory, TrackFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def talk(conference):
    track = TrackFactory(conference=conference, name="Web")
    session = SessionFactory(
        conference=conference,
        title="Ünïcode & Django",
        slug="unicode-django",
        abstract="Hello *world*, see [the docs](https://docs.djangoproject.com/).",
        start=dt.datetime(2024, 9, 23, 10, 0, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 10, 45, tzinfo=NEW_YORK),
        track=track,
        with_presenters=[PresenterFactory(conference=conference, name="Ada Lovelace")],
    )
    session.tags.add(TagFactory(conference=conference, name="orm"))
    return session


def _events(body: bytes) -> list:
    calendar = icalendar.Calendar.from_ical(body)
    return list(calendar.walk("VEVENT"))


@pytest.mark.django_db
def test_sessions_to_ical_event_fields(conference, talk):
    sessions = Session.objects.filter(pk=talk.pk).with_people()

    body = sessions_to_ical(conference, sessions, name="DCUS", url_base="https://example.org")

    (event,) = _events(body)
    assert str(event["uid"]) == f"{talk.guid}@hallway"
    assert str(event["summary"]) == "Ünïcode & Django"
    assert str(event["location"]) == talk.room.name
    assert str(event["url"]) == "https://example.org/djangocon-us-2024/talks/unicode-django/"
    assert str(event["description"]) == (
        "Ada Lovelace\n\nHello world, see the docs (https://docs.djangoproject.com/)."
    )
    assert event["categories"].cats == ["Talk", "Web", "orm"]
    assert str(event["status"]) == "CONFIRMED"
    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event.decoded("dtstart") == dt.datetime(2024, 9, 23, 14, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2024, 9, 23, 14, 45, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_sessions_to_ical_has_matching_vtimezone(conference, talk):
    body = sessions_to_ical(conference, [talk], name="DCUS")

    calendar = icalendar.Calendar.from_ical(body)
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "America/New_York"
    assert b"EST" not in body.split(b"BEGIN:VEVENT")[1]


@pytest.mark.django_db
def test_sessions_to_ical_marks_cancelled_and_skips_unscheduled(conference, talk):
    talk.is_cancelled = True
    talk.save()
    unscheduled = SessionFactory(conference=conference, start=None, end=None)

    body = sessions_to_ical(conference, [talk, unscheduled], name="DCUS")

    (event,) = _events(body)
    assert str(event["status"]) == "CANCELLED"


@pytest.mark.django_db
def test_session_ics_view(client, conference, talk):
    response = client.get(f"/djangocon-us-2024/schedule/{talk.slug}.ics")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    (event,) = _events(response.content)
    assert str(event["url"]) == "http://testserver/djangocon-us-2024/talks/unicode-django/"


@pytest.mark.django_db
def test_session_ics_view_404_for_unscheduled(client, conference):
    session = SessionFactory(conference=conference, start=None, end=None)

    response = client.get(f"/djangocon-us-2024/schedule/{session.slug}.ics")

    assert response.status_code == 404


@pytest.mark.django_db
def test_second_occurrence_of_a_repeated_hour_is_written_in_utc(conference):
    # 3 Nov 2024 in New York: 01:00-02:00 happens twice. 05:30 UTC is 01:30 EDT (the first),
    # 06:30 UTC is 01:30 EST (the second), which TZID local time cannot express.
    session = SessionFactory(
        conference=conference,
        start=dt.datetime(2024, 11, 3, 5, 30, tzinfo=dt.UTC),
        end=dt.datetime(2024, 11, 3, 6, 30, tzinfo=dt.UTC),
    )

    (event,) = _events(sessions_to_ical(conference, [session], name="DCUS"))

    assert event["dtstart"].params["TZID"] == "America/New_York"
    assert event["dtstart"].to_ical() == b"20241103T013000"
    assert event["dtend"].to_ical() == b"20241103T063000Z"
    assert event.decoded("dtstart").timestamp() == session.start.timestamp()
    assert event.decoded("dtend").timestamp() == session.end.timestamp()


@pytest.mark.django_db
def test_events_written_apart_give_the_calendar_icalendar_writes_whole(conference, talk):
    # The events are joined to the calendar as bytes (build_site may take them from an earlier
    # build): the result must be what icalendar writes for the calendar holding them all.
    repeated = SessionFactory(
        conference=conference,
        title="Late night",
        start=dt.datetime(2024, 11, 3, 5, 30, tzinfo=dt.UTC),
        end=dt.datetime(2024, 11, 3, 6, 30, tzinfo=dt.UTC),
    )
    sessions = list(Session.objects.filter(pk__in=[talk.pk, repeated.pk]).order_by("start"))
    whole = icalendar.Calendar()
    for name, value in [
        ("prodid", PRODID),
        ("version", "2.0"),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("name", "DCUS"),
        ("x-wr-calname", "DCUS"),
        ("x-wr-timezone", conference.time_zone),
    ]:
        whole.add(name, value)
    for session in sessions:
        whole.add_component(session_event(session, url_base="https://example.com"))
    whole.add_missing_timezones(first_date=dt.date(2023, 9, 23), last_date=dt.date(2025, 11, 4))

    body = sessions_to_ical(conference, sessions, name="DCUS", url_base="https://example.com")

    assert body == whole.to_ical()
    assert body.count(b"BEGIN:VTIMEZONE") == 1
    # (The zone is made once and kept: a second calendar writes it the same.)
    again = sessions_to_ical(conference, sessions, name="DCUS", url_base="https://example.com")
    assert again == body
