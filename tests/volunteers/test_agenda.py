"""Volunteer shifts in the attendee's agenda, calendar feed and recap (companion extras)."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from hallway.companion.recap import recap_for
from hallway.companion.services import attendance_for
from hallway.companion.views import _builder
from tests.factories import NEW_YORK, SessionFactory
from tests.html import parse, select
from tests.volunteers.factories import RoleFactory, ShiftFactory, SignupFactory


@pytest.fixture
def shift(conference, attendee, other_attendee):
    chair = RoleFactory(conference=conference, name="Session chair", slug="chair")
    session = SessionFactory(conference=conference, title="Error Culture", slug="error-culture")
    start = dt.datetime(2024, 9, 24, 10, 0, tzinfo=NEW_YORK)
    mine = ShiftFactory(
        role=chair,
        session=session,
        location="",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    SignupFactory(shift=mine, user=attendee)
    SignupFactory(shift=ShiftFactory(role=chair), user=other_attendee)
    return mine


def test_agenda_shows_my_shifts_only(client, conference, attendee, shift):
    client.force_login(attendee)

    response = client.get(reverse("companion:agenda", kwargs={"conference_slug": conference.slug}))

    items = select(parse(response), ".agenda-item--volunteer-shift")
    assert [" ".join(item.text_content().split()) for item in items] == [
        f"10:00 AM–11:00 AM Volunteering: Session chair (Error Culture) Volunteer shift "
        f"{shift.session.room.name}"
    ]


def test_feed_has_my_shift(client, conference, attendee, shift):
    response = client.get(attendance_for(attendee, conference).get_feed_url())

    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Volunteering: Session chair (Error Culture)"
    assert str(event["UID"]) == f"volunteer-shift-{shift.pk}@hallway"
    assert event.decoded("DTEND") == dt.datetime(2024, 9, 24, 11, 0, tzinfo=NEW_YORK)
    assert str(event["LOCATION"]) == shift.session.room.name
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Volunteer shift"]


def test_recap_has_my_shift(rf, conference, attendee, shift):
    document = _builder(rf.get("/"), recap_for(attendee, conference), for_download=True).build()

    assert "### Volunteering: Session chair (Error Culture)\n" in document.markdown
    assert f"Volunteer shift · Tuesday 10:00 AM · {shift.session.room.name}" in document.markdown
