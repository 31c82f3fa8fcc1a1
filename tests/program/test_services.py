import datetime as dt
import zoneinfo

import pytest

from hallway.program.models import ScheduleChange, Session
from hallway.program.services import RemovalResult, attendee_data_condition, remove_sessions
from tests.companion.factories import NoteFactory, StarFactory
from tests.factories import RoomFactory, SessionFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def three(conference):
    room = RoomFactory(conference=conference, name="Junior Ballroom")
    start = dt.datetime(2024, 9, 23, 10, 0, tzinfo=NEW_YORK)
    return [
        SessionFactory(
            conference=conference,
            title=title,
            room=room,
            start=start,
            end=start + dt.timedelta(minutes=25),
        )
        for title in ("Starred", "Noted", "Nobody cares")
    ]


@pytest.mark.django_db
def test_attendee_data_is_found_through_any_other_apps_foreign_key(three):
    starred, noted, plain = three
    StarFactory(session=starred)
    NoteFactory(session=noted)

    found = set(Session.objects.filter(attendee_data_condition()).values_list("title", flat=True))

    assert found == {"Starred", "Noted"}


@pytest.mark.django_db
def test_programme_rows_are_not_attendee_data(three):
    starred, _, _ = three
    ScheduleChange.objects.create(
        conference=starred.conference, session=starred, session_title="x", kind="moved"
    )

    assert not Session.objects.filter(attendee_data_condition()).exists()


@pytest.mark.django_db
def test_remove_sessions_keeps_attended_sessions_as_cancelled(conference, three):
    starred, noted, plain = three
    star = StarFactory(session=starred)
    note = NoteFactory(session=noted)

    result = remove_sessions(conference.sessions.all(), source="import_schedule")

    assert result == RemovalResult(removed=1, cancelled=2)
    assert set(conference.sessions.values_list("title", "is_cancelled")) == {
        ("Starred", True),
        ("Noted", True),
    }
    star.refresh_from_db()
    note.refresh_from_db()
    assert (star.session_id, note.session_id) == (starred.pk, noted.pk)
    log = conference.schedule_changes.order_by("kind", "session_title")
    assert list(log.values_list("kind", "session_title", "old_value", "source")) == [
        ("cancelled", "Noted", "", "import_schedule"),
        ("cancelled", "Starred", "", "import_schedule"),
        (
            "removed",
            "Nobody cares",
            "Mon 23 Sep, 10:00 AM–10:25 AM · Junior Ballroom",
            "import_schedule",
        ),
    ]
    assert conference.schedule_changes.get(kind="removed").session is None


@pytest.mark.django_db
def test_remove_sessions_leaves_already_cancelled_sessions_alone(conference, three):
    starred, _, _ = three
    StarFactory(session=starred)
    Session.objects.filter(pk=starred.pk).update(is_cancelled=True)

    result = remove_sessions(conference.sessions.filter(pk=starred.pk), source="admin")

    assert result == RemovalResult(removed=0, cancelled=0)
    assert not conference.schedule_changes.exists()
