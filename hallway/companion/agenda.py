"""The shape of "My agenda": picks grouped by day, with overlapping picks flagged.

Besides starred sessions, a day holds the attendee's agenda extras (volunteer shifts, side
events: :mod:`hallway.companion.extras`), in time order with the sessions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from hallway.companion.extras import AgendaExtra, agenda_extras
from hallway.companion.models import Label, Note, Star
from hallway.conferences.models import Conference
from hallway.program.models import Session


@dataclass
class AgendaEntry:
    session: Session
    labels: list[Label] = field(default_factory=list)
    has_note: bool = False
    # The sessions and extras (both have a ``title``) that overlap this one.
    overlaps: list[Session | AgendaExtra] = field(default_factory=list)

    @property
    def start(self) -> dt.datetime | None:
        return self.session.start

    @property
    def end(self) -> dt.datetime | None:
        return self.session.end

    @property
    def subject(self) -> Session:
        return self.session


@dataclass
class ExtraEntry:
    """An agenda extra on the agenda page (a volunteer shift, a side event)."""

    extra: AgendaExtra
    overlaps: list[Session | AgendaExtra] = field(default_factory=list)

    @property
    def start(self) -> dt.datetime:
        return self.extra.start

    @property
    def end(self) -> dt.datetime:
        return self.extra.end

    @property
    def subject(self) -> AgendaExtra:
        return self.extra


@dataclass
class AgendaDay:
    date: dt.date | None
    # The starred sessions of the day; ``items`` adds the extras, in time order.
    entries: list[AgendaEntry]
    items: list[AgendaEntry | ExtraEntry] = field(default_factory=list)


def _group(
    conference: Conference,
    entries: Iterable[AgendaEntry],
    extras: Iterable[AgendaExtra] = (),
) -> list[AgendaDay]:
    """Entries and extras by local day, in time order; an item that starts before an earlier
    one ends overlaps it (both are flagged). Unscheduled picks come last."""
    items: list[AgendaEntry | ExtraEntry] = [*entries, *(ExtraEntry(extra) for extra in extras)]
    days: dict[dt.date | None, list[AgendaEntry | ExtraEntry]] = {}
    for item in sorted(
        items,
        key=lambda i: (
            i.start is None,
            i.start or dt.datetime.min.replace(tzinfo=dt.UTC),
            i.subject.title,
        ),
    ):
        if isinstance(item, AgendaEntry):
            item.session.conference = conference
        day = timezone.localtime(item.start, conference.tzinfo).date() if item.start else None
        days.setdefault(day, []).append(item)
    for day_items in days.values():
        scheduled = [i for i in day_items if i.start and i.end]
        for index, item in enumerate(scheduled):
            for later in scheduled[index + 1 :]:
                if later.start >= item.end:
                    break
                item.overlaps.append(later.subject)
                later.overlaps.append(item.subject)
    return [
        AgendaDay(day, [i for i in day_items if isinstance(i, AgendaEntry)], day_items)
        for day, day_items in days.items()
    ]


def agenda_for(
    user, conference: Conference, *, label: Label | None = None, with_extras: bool = False
) -> list[AgendaDay]:
    """A signed-in attendee's agenda (optionally one label only), in two queries.

    ``with_extras`` adds their volunteer shifts, side events… (one query per provider of
    :data:`~hallway.companion.extras.agenda_extras`); share links never show them.
    """
    stars = Star.objects.for_agenda(user, conference)
    if label is not None:
        stars = stars.filter(label=label)
    entries: dict[int, AgendaEntry] = {}
    for star in stars:
        entry = entries.setdefault(star.session_id, AgendaEntry(star.session))
        entry.labels.append(star.label)
    noted = set(
        Note.objects.filter(user=user, session__conference=conference).values_list(
            "session_id", flat=True
        )
    )
    for session_id, entry in entries.items():
        entry.has_note = session_id in noted
    extras = agenda_extras.for_user(user, conference) if with_extras else []
    return _group(conference, entries.values(), extras)


def anonymous_agenda(
    conference: Conference, session_ids: list[int], label: Label
) -> list[AgendaDay]:
    """An anonymous visitor's picks (kept in their session), in one query."""
    sessions = conference.sessions.filter(pk__in=session_ids).select_related("room")
    return _group(conference, [AgendaEntry(session, [label]) for session in sessions])
