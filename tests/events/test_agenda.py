"""RSVPs in the attendee's agenda, calendar feed and recap (hallway.companion.extras)."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from hallway.companion.recap import recap_for
from hallway.companion.services import attendance_for
from hallway.companion.views import _builder
from tests.companion.factories import LabelFactory, StarFactory
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import NEW_YORK, SessionFactory
from tests.html import parse, select


def agenda_url(conference) -> str:
    return reverse("companion:agenda", kwargs={"conference_slug": conference.slug})


def text_of(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def answers(conference, attendee, other_attendee):
    """A confirmed RSVP, a waiting one, another attendee's, and an unpublished event's."""
    social = EventFactory(
        conference=conference,
        title="Brewery social",
        slug="brewery-social",
        starts_at=dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2024, 9, 23, 22, 0, tzinfo=NEW_YORK),
    )
    summit = EventFactory(
        conference=conference,
        title="Leadership summit",
        slug="summit",
        address="Room 5",
        starts_at=dt.datetime(2024, 9, 24, 8, 0, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2024, 9, 24, 9, 0, tzinfo=NEW_YORK),
    )
    RsvpFactory(event=social, user=attendee)
    RsvpFactory(event=summit, user=attendee, status="waiting")
    RsvpFactory(event=EventFactory(conference=conference, title="Not mine"), user=other_attendee)
    RsvpFactory(
        event=EventFactory(conference=conference, title="Draft", is_published=False),
        user=attendee,
    )
    return social, summit


def test_agenda_shows_rsvps_in_time_order_with_overlaps(client, conference, attendee, answers):
    talk = SessionFactory(
        conference=conference,
        title="Evening talk",
        start=dt.datetime(2024, 9, 23, 18, 30, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 19, 30, tzinfo=NEW_YORK),
    )
    StarFactory(user=attendee, session=talk, label=LabelFactory(user=attendee, name="Agenda"))
    client.force_login(attendee)

    response = client.get(agenda_url(conference))

    days = response.context["days"]
    assert [(day.date, [item.subject.title for item in day.items]) for day in days] == [
        (dt.date(2024, 9, 23), ["Evening talk", "Brewery social"]),
        (dt.date(2024, 9, 24), ["Leadership summit"]),
    ]
    page = parse(response)
    extras = select(page, ".agenda-item--side-event")
    assert [text_of(select(item, ".agenda-item__title")[0]) for item in extras] == [
        "Brewery social",
        "Leadership summit Waiting list",
    ]
    assert text_of(select(extras[0], ".overlap-flag")[0]) == "Overlaps with Evening talk"
    assert select(extras[0], "a")[0].get("href") == answers[0].get_absolute_url()


def test_a_label_filter_hides_rsvps(client, conference, attendee, answers):
    label = LabelFactory(user=attendee, name="Online")
    client.force_login(attendee)

    response = client.get(agenda_url(conference) + f"?label={label.pk}")

    assert response.context["days"] == []


def test_feed_has_rsvps_confirmed_and_tentative(client, conference, attendee, answers):
    attendance = attendance_for(attendee, conference)

    response = client.get(attendance.get_feed_url())

    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["Brewery social", "Leadership summit (Waiting list)"]
    social = events["Brewery social"]
    assert str(social["STATUS"]) == "CONFIRMED"
    assert str(social["UID"]) == f"side-event-{answers[0].pk}@hallway"
    assert social.decoded("DTSTART") == dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK)
    assert str(social["DTSTART"].params["TZID"]) == "America/New_York"
    assert str(social["LOCATION"]) == "123 Main Street, Durham"
    assert str(social["URL"]) == "http://testserver" + answers[0].get_absolute_url()
    assert str(events["Leadership summit (Waiting list)"]["STATUS"]) == "TENTATIVE"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_recap_has_confirmed_rsvps_only(rf, conference, attendee, answers):
    recap = recap_for(attendee, conference)
    request = rf.get("/")

    document = _builder(request, recap, for_download=True).build()

    assert "### Brewery social" in document.markdown
    assert "Side event · Monday 7:00 PM · 123 Main Street, Durham" in document.markdown
    assert "Leadership summit" not in document.markdown
    assert "Not mine" not in document.markdown
    assert "Draft" not in document.markdown
