"""Where notifications come from: schedule changes, media, RSVPs and shifts."""

import datetime as dt

from hallway.events import services as event_services
from hallway.notifications.models import Notification
from hallway.program.models import Session
from hallway.program.signals import publish_session_media_on_commit
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import NEW_YORK
from tests.volunteers.factories import ShiftFactory, SignupFactory


def _titles(user):
    return list(
        Notification.objects.filter(user=user).order_by("pk").values_list("kind", "title", "text")
    )


def test_a_moved_session_tells_who_starred_it_before_the_change(
    conference, talk, other_room, ada, grace, star, committed, run_tasks
):
    star(ada, talk)
    old_room = talk.room.name
    with committed():
        talk.room = other_room
        talk.save()
    star(grace, talk)  # starred after the move: not news to her
    run_tasks()

    assert _titles(ada) == [
        ("schedule", "New room: Error Culture", f"Now in Salon B (was {old_room}).")
    ]
    assert _titles(grace) == []


def test_a_cancelled_and_retimed_session(conference, talk, ada, star, committed, run_tasks):
    star(ada, talk)
    with committed():
        talk.is_cancelled = True
        talk.save()
    run_tasks()
    with committed():
        talk.start += dt.timedelta(hours=1)
        talk.end += dt.timedelta(hours=1)
        talk.save()
    run_tasks()

    assert _titles(ada) == [
        ("schedule", "Cancelled: Error Culture", ""),
        (
            "schedule",
            "New time: Error Culture",
            "Now Mon 23 Sep, 10:00 AM–10:25 AM (was Mon 23 Sep, 9:00 AM–9:25 AM).",
        ),
    ]


def test_the_task_running_twice_stores_each_change_once(
    conference, talk, other_room, ada, star, committed, run_tasks
):
    from hallway.notifications.services import notify_schedule_changes

    star(ada, talk)
    with committed():
        talk.room = other_room
        talk.save()
    run_tasks()
    notify_schedule_changes(talk.pk)

    assert Notification.objects.filter(user=ada).count() == 1


def test_a_saved_session_without_a_change_tells_nobody(conference, talk, ada, star, committed):
    star(ada, talk)
    with committed() as callbacks:
        Session.objects.get(pk=talk.pk).save()

    assert callbacks == []


def test_video_online_tells_those_who_starred(
    conference, talk, ada, grace, star, committed, run_tasks
):
    star(ada, talk)
    with committed():
        publish_session_media_on_commit(
            Session, session=talk, kind="video", url="https://youtu.be/abc", title="Error Culture"
        )
    run_tasks()

    assert _titles(ada) == [("media", "Video online: Error Culture", "")]
    assert _titles(grace) == []
    assert Notification.objects.get(user=ada).url == "/talks/error-culture/"


def test_moving_up_from_the_waiting_list(conference, ada, grace, committed, run_tasks):
    event = EventFactory(conference=conference, title="Board games", capacity=1)
    RsvpFactory(event=event, user=grace)
    RsvpFactory(event=event, user=ada, status="waiting")
    with committed():
        event_services.cancel_rsvp(grace, event)
    run_tasks()

    assert _titles(ada) == [
        ("plans", "You have a place at Board games", "You moved up from the waiting list.")
    ]


def test_an_event_retimed_or_deleted_tells_its_rsvps(conference, ada, grace):
    start = dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK)
    event = EventFactory(
        conference=conference,
        title="Social",
        capacity=None,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
    )
    RsvpFactory(event=event, user=ada)
    event.starts_at += dt.timedelta(hours=1)
    event.ends_at += dt.timedelta(hours=1)
    event.save()
    event.delete()

    assert _titles(ada) == [
        ("plans", "New time: Social", "Now Mon 23 Sep, 8:00 PM–10:00 PM."),
        ("plans", "Cancelled: Social", ""),
    ]
    assert _titles(grace) == []


def test_a_conference_deleted_with_its_events_writes_nothing(conference, ada):
    RsvpFactory(event=EventFactory(conference=conference), user=ada)
    conference.delete()

    assert Notification.objects.count() == 0


def test_a_moved_shift_tells_its_volunteers(conference, ada, grace):
    shift = ShiftFactory(role__conference=conference, role__name="Registration")
    SignupFactory(shift=shift, user=ada)
    shift.location = "Front door"
    shift.save()
    shift.notes = "Bring a pen."
    shift.save()  # not a change volunteers need to hear about

    assert [title for _kind, title, _text in _titles(ada)] == [
        "Your volunteer shift changed: Registration"
    ]
    assert _titles(ada)[0][2].endswith("Where: Front door.")
    assert _titles(grace) == []


def test_a_spanish_conference_tells_its_attendees_in_spanish(
    conference, talk, ada, star, committed, run_tasks
):
    """Whoever makes the change (an organizer reading English in the admin), what is stored
    for attendees, the notification and the schedule change log, is in the conference's
    language."""
    conference.language = "es"
    conference.save()
    star(ada, talk)
    with committed():
        talk.start += dt.timedelta(hours=1)
        talk.end += dt.timedelta(hours=1)
        talk.save()
    run_tasks()

    assert _titles(ada) == [
        (
            "schedule",
            "Nueva hora: Error Culture",
            "Ahora lun 23 sep, 10:00–10:25 (antes lun 23 sep, 09:00–09:25).",
        ),
    ]
