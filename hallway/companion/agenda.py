"""The shape of "My agenda": picks grouped by day, with overlapping picks flagged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from hallway.companion.models import Label, Note, Star
from hallway.conferences.models import Conference
from hallway.program.models import Session


@dataclass
class AgendaEntry:
    session: Session
    labels: list[Label] = field(default_factory=list)
    has_note: bool = False
    overlaps: list[Session] = field(default_factory=list)


@dataclass
class AgendaDay:
    date: dt.date | None
    entries: list[AgendaEntry]


def _group(conference: Conference, entries: Iterable[AgendaEntry]) -> list[AgendaDay]:
    """Entries by local day, in time order; an entry that starts before an earlier pick ends
    overlaps it (both are flagged). Unscheduled picks come last."""
    days: dict[dt.date | None, list[AgendaEntry]] = {}
    for entry in sorted(
        entries,
        key=lambda e: (
            e.session.start is None,
            e.session.start or dt.datetime.min.replace(tzinfo=dt.UTC),
            e.session.title,
        ),
    ):
        session = entry.session
        session.conference = conference
        day = session.local_start.date() if session.start else None
        days.setdefault(day, []).append(entry)
    for day_entries in days.values():
        scheduled = [e for e in day_entries if e.session.start and e.session.end]
        for index, entry in enumerate(scheduled):
            for later in scheduled[index + 1 :]:
                if later.session.start >= entry.session.end:
                    break
                entry.overlaps.append(later.session)
                later.overlaps.append(entry.session)
    return [AgendaDay(day, day_entries) for day, day_entries in days.items()]


def agenda_for(user, conference: Conference, *, label: Label | None = None) -> list[AgendaDay]:
    """A signed-in attendee's agenda (optionally one label only), in two queries."""
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
    return _group(conference, entries.values())


def anonymous_agenda(
    conference: Conference, session_ids: list[int], label: Label
) -> list[AgendaDay]:
    """An anonymous visitor's picks (kept in their session), in one query."""
    sessions = conference.sessions.filter(pk__in=session_ids).select_related("room")
    return _group(conference, [AgendaEntry(session, [label]) for session in sessions])
