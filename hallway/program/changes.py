"""The schedule change log: what moved, when, and who (which import, or the admin) moved it.

``pre_save`` compares a session about to be saved with its database row and ``post_save``
writes one ScheduleChange per kind of change (new time, new room, new title, cancelled,
reinstated), with the old and new values as readable text in the conference's time zone.
Only sessions that already existed are compared; new ones are logged as ADDED by the importer
that knows they are news (:func:`record_added`).

The source of a change is ``"admin"`` unless code wraps its writes in
``recording_changes("import_schedule")``. Bulk writes (``QuerySet.update()``,
``bulk_update()``, ``bulk_create()``) send no signals and are **not** logged: importers that
want their changes shown must save sessions one by one.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q, QuerySet
from django.utils import translation

from hallway.core.formats import format_as
from hallway.program.models import ScheduleChange, Session

DEFAULT_SOURCE = "admin"
_source: ContextVar[str] = ContextVar("hallway_schedule_change_source", default=DEFAULT_SOURCE)
# The fields whose change attendees need to hear about.
TRACKED_FIELDS = frozenset({"start", "end", "room", "room_id", "title", "is_cancelled"})


@contextmanager
def recording_changes(source: str) -> Iterator[None]:
    """Attribute every change saved inside the block to ``source`` (e.g. "import_site")."""
    token = _source.set(source)
    try:
        yield
    finally:
        _source.reset(token)


def current_source() -> str:
    return _source.get()


def describe_time(start: dt.datetime | None, end: dt.datetime | None, tz: dt.tzinfo) -> str:
    """``Mon 23 Sep, 10:00 AM–10:45 AM`` on the conference's clock, in the formats the site
    shows event times in (the end's date is repeated only when it is another day); empty when
    unscheduled."""
    if start is None or end is None:
        return ""
    start, end = start.astimezone(tz), end.astimezone(tz)
    end_style = "time" if end.date() == start.date() else "datetime"
    return f"{format_as(start, 'datetime')}–{format_as(end, end_style)}"


def _change(session: Session, kind: str, field: str, old: str, new: str) -> ScheduleChange:
    return ScheduleChange(
        conference_id=session.conference_id,
        session=session,
        session_title=session.title,
        kind=kind,
        field=field,
        old_value=old,
        new_value=new,
        source=current_source(),
    )


def _time_of(session: Session, tz: dt.tzinfo) -> str:
    """:func:`describe_time` of ``session`` in its conference's language (stored text)."""
    with translation.override(session.conference.language):
        return describe_time(session.start, session.end, tz)


def diff(old: dict, session: Session, tz: dt.tzinfo) -> list[ScheduleChange]:
    """Unsaved ScheduleChanges between a database row (``old``) and ``session``."""
    kinds = ScheduleChange.Kind
    changes = []
    if (old["start"], old["end"]) != (session.start, session.end):
        # Stored text, shown to every visitor: in the conference's language.
        with translation.override(old.get("conference__language")):
            before = describe_time(old["start"], old["end"], tz)
            after = describe_time(session.start, session.end, tz)
        changes.append(_change(session, kinds.RETIMED, "time", before, after))
    if old["room_id"] != session.room_id:
        new_room = session.room.name if session.room_id else ""
        changes.append(_change(session, kinds.MOVED, "room", old["room__name"] or "", new_room))
    if old["title"] != session.title:
        changes.append(_change(session, kinds.RETITLED, "title", old["title"], session.title))
    if old["is_cancelled"] != session.is_cancelled:
        kind = kinds.CANCELLED if session.is_cancelled else kinds.REINSTATED
        changes.append(_change(session, kind, "", "", ""))
    return changes


def session_pre_save(sender, instance: Session, raw: bool = False, update_fields=None, **kwargs):
    instance._schedule_changes = []
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not (set(update_fields) & TRACKED_FIELDS):
        return
    old = (
        Session.objects.filter(pk=instance.pk)
        .values(
            "start",
            "end",
            "room_id",
            "room__name",
            "title",
            "is_cancelled",
            "conference__time_zone",
            "conference__language",
        )
        .first()
    )
    if old is not None:
        tz = zoneinfo.ZoneInfo(old["conference__time_zone"])
        instance._schedule_changes = diff(old, instance, tz)


def session_post_save(sender, instance: Session, raw: bool = False, **kwargs):
    changes = getattr(instance, "_schedule_changes", None)
    if changes:
        ScheduleChange.objects.bulk_create(changes)
    instance._schedule_changes = []


def record_added(session: Session, *, source: str | None = None) -> ScheduleChange:
    """Log a session that joined a schedule attendees already saw."""
    tz = session.conference.tzinfo
    return ScheduleChange.objects.create(
        conference_id=session.conference_id,
        session=session,
        session_title=session.title,
        kind=ScheduleChange.Kind.ADDED,
        new_value=_time_of(session, tz),
        source=source or current_source(),
    )


def record_removed(session: Session, *, source: str | None = None) -> ScheduleChange:
    """Log a session about to be deleted; the entry keeps its title and last time and room."""
    tz = session.conference.tzinfo
    old = _time_of(session, tz)
    if session.room_id:
        old = f"{old} · {session.room.name}" if old else session.room.name
    return ScheduleChange.objects.create(
        conference_id=session.conference_id,
        session=None,
        session_title=session.title,
        kind=ScheduleChange.Kind.REMOVED,
        old_value=old,
        source=source or current_source(),
    )


def public_changes(conference) -> QuerySet:
    """The change log attendees see, newest first: changes to sessions that are not hidden
    (and removals, whose session is gone), with what a page or feed entry shows."""
    return conference.schedule_changes.for_feed().filter(
        Q(session__isnull=True) | Q(session__is_hidden=False)
    )
