import datetime as dt
import zoneinfo

import pytest

from hallway.program.changes import describe_time, recording_changes
from hallway.program.models import ScheduleChange, Session
from tests.factories import RoomFactory, SessionFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.fixture
def talk(conference):
    return SessionFactory(
        conference=conference,
        title="Error Culture",
        start=dt.datetime(2024, 9, 23, 10, 0, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 10, 45, tzinfo=NEW_YORK),
        room=RoomFactory(conference=conference, name="Junior Ballroom"),
    )


def changes(session) -> list[tuple]:
    return list(
        ScheduleChange.objects.filter(session=session)
        .order_by("pk")
        .values_list("kind", "field", "old_value", "new_value", "source")
    )


@pytest.mark.django_db
def test_new_session_is_not_a_change(talk):
    assert changes(talk) == []


@pytest.mark.django_db
def test_retiming_is_logged_in_the_conference_zone(talk):
    talk.start = dt.datetime(2024, 9, 24, 14, 0, tzinfo=dt.UTC)  # 10:00 EDT
    talk.end = talk.start + dt.timedelta(minutes=25)
    talk.save()

    assert changes(talk) == [
        (
            "retimed",
            "time",
            "Mon 23 Sep, 10:00 AM–10:45 AM",
            "Tue 24 Sep, 10:00 AM–10:25 AM",
            "admin",
        )
    ]


@pytest.mark.django_db
def test_end_on_another_day_repeats_the_date(talk):
    talk.end = dt.datetime(2024, 9, 24, 1, 30, tzinfo=NEW_YORK)
    talk.save()

    assert changes(talk)[0][3] == "Mon 23 Sep, 10:00 AM–Tue 24 Sep, 1:30 AM"


@pytest.mark.django_db
def test_room_title_and_cancellation_are_logged_separately(conference, talk):
    talk.room = RoomFactory(conference=conference, name="Grand Ballroom III")
    talk.title = "Error Culture, revisited"
    talk.is_cancelled = True
    with recording_changes("import_schedule"):
        talk.save()

    assert changes(talk) == [
        ("moved", "room", "Junior Ballroom", "Grand Ballroom III", "import_schedule"),
        ("retitled", "title", "Error Culture", "Error Culture, revisited", "import_schedule"),
        ("cancelled", "", "", "", "import_schedule"),
    ]
    assert ScheduleChange.objects.get(kind="moved").session_title == "Error Culture, revisited"


@pytest.mark.django_db
def test_reinstating_a_cancelled_session(talk):
    talk.is_cancelled = True
    talk.save()
    talk.is_cancelled = False
    talk.save()

    assert [kind for kind, *_ in changes(talk)] == ["cancelled", "reinstated"]


@pytest.mark.django_db
def test_untracked_fields_and_unchanged_saves_log_nothing(talk):
    talk.abstract = "New abstract"
    talk.save()
    talk.save(update_fields=["abstract"])

    assert changes(talk) == []


@pytest.mark.django_db
def test_bulk_updates_bypass_the_log(talk):
    # Documented: QuerySet.update() sends no signals.
    Session.objects.filter(pk=talk.pk).update(title="Silent rename")

    assert changes(talk) == []


@pytest.mark.django_db
def test_source_is_restored_after_the_block(talk):
    with recording_changes("import_site"):
        talk.title = "A"
        talk.save()
    talk.title = "B"
    talk.save()

    assert [source for *_, source in changes(talk)] == ["import_site", "admin"]


@pytest.mark.django_db
def test_admin_edit_is_logged_with_source_admin(admin_client, conference, talk):
    data = {
        "conference": conference.pk,
        "kind": "talk",
        "title": talk.title,
        "slug": talk.slug,
        "start_0": "2024-09-25",
        "start_1": "15:00:00",
        "end_0": "2024-09-25",
        "end_1": "15:25:00",
        "room": talk.room_id,
        "language": "en",
        "sessionpresenter_set-TOTAL_FORMS": "0",
        "sessionpresenter_set-INITIAL_FORMS": "0",
    }

    response = admin_client.post(f"/admin/program/session/{talk.pk}/change/", data)

    assert response.status_code == 302
    talk.refresh_from_db()
    assert changes(talk) == [
        (
            "retimed",
            "time",
            "Mon 23 Sep, 10:00 AM–10:45 AM",
            describe_time(talk.start, talk.end, NEW_YORK),
            "admin",
        )
    ]


def test_describe_time_without_times_is_empty():
    assert describe_time(None, None, NEW_YORK) == ""
