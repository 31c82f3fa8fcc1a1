"""Accepted lightning talks in the schedule exports and in the recap of attendees who starred
the session (hallway.core.seams.session_extras)."""

import json

import icalendar
from django.urls import reverse
from lxml import etree

from hallway.companion.models import Attendance
from hallway.companion.recap import RecapBuilder, recap_for
from tests.companion.factories import StarFactory, UserFactory

TALKS = "**Lightning talks**\n\n1. First — About first. (Ana)\n2. Second — About second. (Bea)"
ICAL_TALKS = (
    "An interesting talk.\n\n"
    "Lightning talks\n1. First — About first. (Ana)\n2. Second — About second. (Bea)"
)


def ical_descriptions(body: bytes) -> list[str]:
    return [str(e["DESCRIPTION"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def test_frab_xml_export_lists_the_accepted_talks(client, lightning_session, accepted_talks):
    root = etree.fromstring(client.get("/djangocon-us-2024/schedule.xml").content)

    (description,) = root.xpath("//event/description/text()")
    assert description == TALKS


def test_schedule_json_export_lists_the_accepted_talks(client, lightning_session, accepted_talks):
    data = json.loads(client.get("/djangocon-us-2024/schedule.json").content)

    rooms = data["schedule"]["conference"]["days"][1]["rooms"]
    (event,) = [event for events in rooms.values() for event in events]
    assert event["description"] == TALKS


def test_export_of_a_description_keeps_it_first(client, lightning_session, accepted_talks):
    lightning_session.description = "Five minutes each."
    lightning_session.save()

    root = etree.fromstring(client.get("/djangocon-us-2024/schedule.xml").content)

    assert root.xpath("//event/description/text()") == [f"Five minutes each.\n\n{TALKS}"]


def test_recap_of_an_attendee_who_starred_the_session_lists_the_talks(
    lightning_session, accepted_talks
):
    user = UserFactory(username="ada")
    star = StarFactory(user=user, session=lightning_session)
    recap = recap_for(user, lightning_session.conference)
    recap.label = star.label
    recap.save()

    markdown = RecapBuilder(recap, absolute=lambda path: "https://h.test" + path).build().markdown

    section = markdown.split("### Lightning talks (Monday)\n\n")[1]
    assert section.startswith(
        "[Lightning talks (Monday)](https://h.test/djangocon-us-2024/talks/lightning-talks-monday/)"
        "\n\nMonday 5:00 PM"
    )
    assert (
        "**Lightning talks**\n\n1. First — About first. (Ana)\n2. Second — About second. (Bea)"
        in section
    )


def test_ical_export_lists_the_accepted_talks(client, lightning_session, accepted_talks):
    body = client.get("/djangocon-us-2024/schedule.ics").content

    assert ical_descriptions(body) == [ICAL_TALKS]


def test_session_ical_file_lists_the_accepted_talks(client, lightning_session, accepted_talks):
    body = client.get("/djangocon-us-2024/schedule/lightning-talks-monday.ics").content

    assert ical_descriptions(body) == [ICAL_TALKS]


def test_calendar_feed_of_an_attendee_who_starred_the_session_lists_the_talks(
    client, lightning_session, accepted_talks
):
    user = UserFactory(username="ada")
    StarFactory(user=user, session=lightning_session)
    attendance = Attendance.objects.create(user=user, conference=lightning_session.conference)
    url = reverse(
        "companion:agenda-feed",
        kwargs={"conference_slug": "djangocon-us-2024", "token": attendance.feed_token},
    )

    assert ical_descriptions(client.get(url).content) == [ICAL_TALKS]
