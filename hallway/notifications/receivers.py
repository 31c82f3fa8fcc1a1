"""Where notifications come from: the programme's change log and media signal, the side
events' RSVPs and the volunteer shifts. Connected from :class:`NotificationsConfig.ready`.

Lower apps know nothing of this one: they log changes (``program.ScheduleChange``) or send
signals (``session_media_published``, ``rsvps_promoted``), and this module listens.
"""

from __future__ import annotations

from django.db.models.query import QuerySet
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.core.mail import enqueue_on_commit


def _session_pre_save(sender, instance, raw=False, **kwargs) -> None:
    # The programme's own pre_save receiver (connected first, its app loads first) has put the
    # changes it is about to log on the instance; remember whether there are any.
    instance._notify_changes = bool(getattr(instance, "_schedule_changes", None))


def _session_post_save(sender, instance, raw=False, created=False, **kwargs) -> None:
    from hallway.notifications import tasks

    if not raw and getattr(instance, "_notify_changes", False):
        instance._notify_changes = False
        enqueue_on_commit(tasks.notify_schedule_changes, instance.pk)


def _media_published(sender, *, session, kind, url, title, **kwargs) -> None:
    from hallway.notifications import tasks

    # Already sent after the commit: enqueue at once.
    tasks.notify_session_media.enqueue(session.pk, kind, url, title)


def _rsvps_promoted(sender, *, rsvp_ids, **kwargs) -> None:
    from hallway.notifications import tasks

    tasks.notify_rsvps_promoted.enqueue(list(rsvp_ids))


# Side events and shifts: compared with their stored row, like the programme's change log.

EVENT_FIELDS = ("starts_at", "ends_at", "place_id", "address", "is_published")
SHIFT_FIELDS = ("starts_at", "ends_at", "location")


def _stored(model, instance, fields):
    if instance._state.adding or instance.pk is None:
        return None
    return model.objects.filter(pk=instance.pk).values(*fields).first()


def _event_pre_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    instance._notify_old = None if raw else _stored(sender, instance, EVENT_FIELDS)


def _event_post_save(sender, instance, raw=False, **kwargs) -> None:
    from hallway.events.models import Rsvp
    from hallway.notifications.services import notify_plan_change
    from hallway.program.changes import describe_time

    old, instance._notify_old = getattr(instance, "_notify_old", None), None
    if not old:
        return
    moved = (old["starts_at"], old["ends_at"]) != (instance.starts_at, instance.ends_at)
    if old["is_published"] and not instance.is_published:
        with translation.override(instance.conference.language):
            title, text = _("Cancelled: %(title)s") % {"title": instance.title}, ""
        tag = "cancelled"
    elif moved:
        conference = instance.conference
        with translation.override(conference.language):
            when = describe_time(instance.starts_at, instance.ends_at, conference.tzinfo)
            title = _("New time: %(title)s") % {"title": instance.title}
            text = _("Now %(when)s.") % {"when": when}
        tag = f"time:{instance.starts_at.isoformat()}"
    elif (old["place_id"], old["address"]) != (instance.place_id, instance.address):
        with translation.override(instance.conference.language):
            title = _("New place: %(title)s") % {"title": instance.title}
            text = _("Now at %(place)s.") % {"place": instance.location}
        tag = "place:" + instance.location
    else:
        return
    users = Rsvp.objects.filter(event=instance).values_list("user_id", flat=True)
    notify_plan_change(
        list(users),
        conference_id=instance.conference_id,
        key=f"event:{instance.pk}:{tag}"[:200],
        title=title,
        text=text,
        url=instance.get_absolute_url(),
    )


def _deleted_on_purpose(origin, model) -> bool:
    # Only a deletion of the event or shift itself: one deleted with its conference must not
    # write rows that point at the conference being deleted.
    if isinstance(origin, QuerySet):
        return origin.model is model
    return isinstance(origin, model)


def _event_pre_delete(sender, instance, origin=None, **kwargs) -> None:
    from hallway.conferences.urls_helpers import conference_reverse
    from hallway.events.models import Rsvp
    from hallway.notifications.services import notify_plan_change

    if not _deleted_on_purpose(origin, sender):
        return
    users = Rsvp.objects.filter(event=instance).values_list("user_id", flat=True)
    with translation.override(instance.conference.language):
        title = _("Cancelled: %(title)s") % {"title": instance.title}
    notify_plan_change(
        list(users),
        conference_id=instance.conference_id,
        key=f"event:{instance.pk}:deleted",
        title=title,
        text="",
        url=conference_reverse(instance.conference, "events:event-list"),
    )


def _shift_pre_save(sender, instance, raw=False, **kwargs) -> None:
    instance._notify_old = None if raw else _stored(sender, instance, SHIFT_FIELDS)


def _shift_post_save(sender, instance, raw=False, **kwargs) -> None:
    from hallway.notifications.services import notify_plan_change
    from hallway.program.changes import describe_time

    old, instance._notify_old = getattr(instance, "_notify_old", None), None
    if not old or old == {name: getattr(instance, name) for name in SHIFT_FIELDS}:
        return
    conference = instance.role.conference
    with translation.override(conference.language):
        when = describe_time(instance.starts_at, instance.ends_at, conference.tzinfo)
        text = _("Now %(when)s.") % {"when": when}
        if instance.place:
            text += " " + _("Where: %(place)s.") % {"place": instance.place}
        title = _("Your volunteer shift changed: %(shift)s") % {"shift": instance.role.name}
    users = instance.signups.values_list("user_id", flat=True)
    notify_plan_change(
        list(users),
        conference_id=conference.pk,
        key=f"shift:{instance.pk}:{instance.starts_at.isoformat()}:{instance.location}"[:200],
        title=title,
        text=text,
        url=instance.get_absolute_url(),
    )


def _shift_pre_delete(sender, instance, origin=None, **kwargs) -> None:
    from hallway.conferences.urls_helpers import conference_reverse
    from hallway.notifications.services import notify_plan_change

    if not _deleted_on_purpose(origin, sender):
        return
    conference = instance.role.conference
    with translation.override(conference.language):
        title = _("Volunteer shift cancelled: %(shift)s") % {"shift": str(instance)}
    notify_plan_change(
        list(instance.signups.values_list("user_id", flat=True)),
        conference_id=conference.pk,
        key=f"shift:{instance.pk}:deleted",
        title=title,
        text="",
        url=conference_reverse(conference, "volunteers:board"),
    )


def connect() -> None:
    from hallway.events.models import Event
    from hallway.events.signals import rsvps_promoted
    from hallway.program.models import Session
    from hallway.program.signals import session_media_published
    from hallway.volunteers.models import Shift

    uid = "hallway-notifications-"
    pre_save.connect(_session_pre_save, sender=Session, dispatch_uid=uid + "session-pre")
    post_save.connect(_session_post_save, sender=Session, dispatch_uid=uid + "session-post")
    session_media_published.connect(_media_published, dispatch_uid=uid + "media")
    rsvps_promoted.connect(_rsvps_promoted, dispatch_uid=uid + "rsvps-promoted")
    pre_save.connect(_event_pre_save, sender=Event, dispatch_uid=uid + "event-pre")
    post_save.connect(_event_post_save, sender=Event, dispatch_uid=uid + "event-post")
    pre_delete.connect(_event_pre_delete, sender=Event, dispatch_uid=uid + "event-delete")
    pre_save.connect(_shift_pre_save, sender=Shift, dispatch_uid=uid + "shift-pre")
    post_save.connect(_shift_post_save, sender=Shift, dispatch_uid=uid + "shift-post")
    pre_delete.connect(_shift_pre_delete, sender=Shift, dispatch_uid=uid + "shift-delete")
