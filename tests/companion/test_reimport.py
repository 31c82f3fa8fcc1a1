"""Re-importing a schedule that moved a starred talk keeps stars, notes and photos and notifies,
through the real import path (hallway.interop)."""

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse

from hallway.companion.models import Attendance, Note, Photo, Star
from hallway.companion.services import store_photo
from hallway.interop.registry import parse_schedule
from hallway.interop.services import import_schedule, publish_conference
from hallway.program.models import Session
from tests.companion.conftest import upload
from tests.companion.factories import LabelFactory, NoteFactory, StarFactory
from tests.html import has_class, parse, text, texts

FRAB = Path(__file__).parent.parent / "interop" / "fixtures" / "frab.xml"
OLD = "<date>2023-08-15T11:00:00+02:00</date>\n        <start>11:00</start>"
NEW = "<date>2023-08-15T15:00:00+02:00</date>\n        <start>15:00</start>"


def load(content: str):
    _, data = parse_schedule(content.encode())
    report = import_schedule(data, slug="camp2023", source="test re-import")
    publish_conference(report.conference)  # imports create drafts
    return report


@pytest.fixture
def starred(attendee):
    original = FRAB.read_text()
    assert OLD in original
    load(original)
    session = Session.objects.get(title="Opening Ceremony")
    label = LabelFactory(user=attendee, name="Agenda", position=0)
    StarFactory(user=attendee, session=session, label=label)
    NoteFactory(user=attendee, session=session, body="* towel")
    store_photo(attendee, session.conference, upload(), caption="Stage", session=session)
    return original, session


def test_reimport_that_moves_a_starred_talk_keeps_everything_and_notifies(
    client, attendee, starred
):
    original, session = starred
    attendance = Attendance.objects.create(user=attendee, conference=session.conference)

    load(original.replace(OLD, NEW))

    moved = Session.objects.get(pk=session.pk)
    assert moved.start == dt.datetime(2023, 8, 15, 13, 0, tzinfo=dt.UTC)
    assert Star.objects.filter(user=attendee, session=moved).count() == 1
    assert Note.objects.get(user=attendee).session_id == moved.pk
    assert Photo.objects.get(user=attendee).session_id == moved.pk
    client.force_login(attendee)
    page = parse(client.get(reverse("companion:agenda", kwargs={"conference_slug": "camp2023"})))
    changes = "//section[@aria-labelledby='changes-title']"
    assert text(page, f"{changes}/h2") == "Changes to sessions you starred"
    assert texts(page, f"{changes}/ul/li/strong") == ["Opening Ceremony"]
    feed = client.get(
        reverse(
            "companion:agenda-feed",
            kwargs={"conference_slug": "camp2023", "token": attendance.feed_token},
        )
    )
    event = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(dt.UTC) == moved.start


def test_reimport_without_a_starred_talk_keeps_it_as_cancelled(client, attendee, starred):
    original, session = starred
    start = original.index('<event guid="0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c01"')
    end = original.index("</event>", start) + len("</event>")

    load(original[:start] + original[end:])

    kept = Session.objects.get(pk=session.pk)
    assert kept.is_cancelled is True
    assert Star.objects.filter(session=kept).count() == 1
    assert Note.objects.filter(session=kept).count() == 1
    assert Photo.objects.filter(session=kept).count() == 1
    client.force_login(attendee)
    page = parse(client.get(reverse("companion:agenda", kwargs={"conference_slug": "camp2023"})))
    cancelled = f"//li[{has_class('agenda-item--cancelled')}]//p[@class='agenda-item__title']"
    assert texts(page, cancelled) == ["Opening Ceremony Cancelled"]
