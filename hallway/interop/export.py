"""What every schedule export needs, fetched once: the scheduled sessions with their people,
all rooms (empty ones too) and tracks, grouped into the conference's local days.

Renderers take a :class:`ScheduleExport` and never query: building one costs five queries
whatever the size of the programme.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from hallway.conferences.urls_helpers import conference_reverse
from hallway.core.seams import SessionExtra, session_extras
from hallway.interop.formats.ical import session_url

if TYPE_CHECKING:
    from hallway.conferences.models import Conference, Room, Track
    from hallway.people.models import Presenter
    from hallway.program.models import Session

# Sessions without a room still need one in frab XML and schedule JSON: this pseudo-room, whose
# fixed GUID tells the importer to leave such sessions without a room again.
UNASSIGNED_ROOM_NAME = "Unassigned"
UNASSIGNED_ROOM_GUID = uuid.uuid5(uuid.NAMESPACE_URL, "https://hallway.invalid/rooms/unassigned")
# Every start is on a 5-minute boundary in practice; consumers use this for grid rows.
TIMESLOT_DURATION = "00:05"


def stable_guid(conference: Conference, kind: str, slug: str) -> uuid.UUID:
    """A GUID for a room or person that has none stored: derived, so it never changes."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"hallway:{conference.slug}:{kind}:{slug}")


def export_acronym(conference: Conference) -> str:
    """The conference acronym both schemas accept: lower-case letters, digits and ``_``
    (``djangocon_us_2024``), at least four characters. The JSON schema rejects ``-`` where
    the XSD allows it; pretalx's own ``djangocon-us-2024`` fails there."""
    acronym = re.sub(r"[^a-z0-9_]", "_", conference.export_acronym.lower())
    return acronym.ljust(4, "_")


def slug_part(text: str) -> str:
    """``text`` reduced to ``[a-z0-9_-]`` ending in a letter or digit (the schemas' slug)."""
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-_")


@dataclass
class ExportRoom:
    name: str
    slug: str
    guid: uuid.UUID
    room: Room | None = None


@dataclass
class ExportDay:
    index: int
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    rooms: list[tuple[ExportRoom, list[Session]]] = field(default_factory=list)


@dataclass
class ScheduleExport:
    conference: Conference
    sessions: list[Session]
    rooms: list[Room]
    tracks: list[Track]
    url_base: str = ""
    # What higher apps add to sessions (hallway.core.seams.session_extras), by session pk.
    extras: dict[int, list[SessionExtra]] = field(default_factory=dict)

    @cached_property
    def acronym(self) -> str:
        return export_acronym(self.conference)

    @cached_property
    def active_sessions(self) -> list[Session]:
        """Sessions frab XML and schedule JSON carry: those formats have no "cancelled" flag,
        so cancelled sessions leave them (consumers such as EventFahrplan then flag them)."""
        return [s for s in self.sessions if not s.is_cancelled]

    @cached_property
    def export_rooms(self) -> list[ExportRoom]:
        rooms = [
            ExportRoom(
                room.name,
                room.slug,
                room.guid or stable_guid(self.conference, "room", room.slug),
                room,
            )
            for room in self.rooms
        ]
        if any(s.room_id is None for s in self.active_sessions):
            rooms.append(ExportRoom(UNASSIGNED_ROOM_NAME, "unassigned", UNASSIGNED_ROOM_GUID))
        return rooms

    @cached_property
    def days(self) -> list[ExportDay]:
        """The conference's local days (and any day a session starts on), each with every
        room. A day runs from local midnight to the next, or to the end of its last session
        when that runs past midnight."""
        tz = self.conference.tzinfo
        by_date: dict[dt.date, list[Session]] = defaultdict(list)
        for session in self.active_sessions:
            by_date[session.start.astimezone(tz).date()].append(session)
        dates = sorted(set(self.conference.days) | set(by_date))
        room_of = {r.room.pk: r for r in self.export_rooms if r.room is not None}
        days = []
        for index, date in enumerate(dates, start=1):
            start = _local_midnight(date, tz)
            end = _local_midnight(date + dt.timedelta(days=1), tz)
            sessions = sorted(by_date.get(date, []), key=lambda s: (s.start, s.end, s.pk))
            if sessions:
                end = max(end, max(s.end for s in sessions).astimezone(tz))
            per_room: dict[uuid.UUID, list[Session]] = defaultdict(list)
            for session in sessions:
                room = room_of[session.room_id] if session.room_id else self.export_rooms[-1]
                per_room[room.guid].append(session)
            rooms = [(room, per_room.get(room.guid, [])) for room in self.export_rooms]
            days.append(ExportDay(index, date, start, end, rooms))
        return days

    def event_slug(self, session: Session) -> str:
        """``<acronym>-<id>-<slug>``, as pretalx writes it; matches both schemas' patterns."""
        slug = slug_part(session.slug) or "session"
        # The XSD wants at least four characters after the acronym: a zero-padded id keeps
        # "7-a" valid ("0007-a") and still reads back as id 7.
        return f"{self.acronym}-{session.pk:0{max(1, 3 - len(slug))}d}-{slug}"

    def session_url(self, session: Session) -> str:
        return session_url(session, self.url_base)

    def description(self, session: Session) -> str:
        """The session's Markdown description, followed by each extra as a heading and a
        numbered list (a lightning-talk session's accepted talks)."""
        blocks = [session.description.strip()] if session.description.strip() else []
        for extra in self.extras.get(session.pk, []):
            items = "\n".join(
                f"{n}. {_markdown_text(line)}" for n, line in enumerate(extra.lines, start=1)
            )
            blocks.append(
                f"**{_markdown_text(extra.heading)}**" + (f"\n\n{items}" if items else "")
            )
        return "\n\n".join(blocks)

    def person_guid(self, presenter: Presenter) -> uuid.UUID:
        return presenter.guid or stable_guid(self.conference, "person", presenter.slug)

    def person_url(self, presenter: Presenter) -> str:
        path = conference_reverse(self.conference, "people:presenter-detail", slug=presenter.slug)
        return self.url_base + path

    @cached_property
    def conference_url(self) -> str:
        return self.url_base + self.conference.get_absolute_url()

    @cached_property
    def schedule_url(self) -> str:
        return self.url_base + conference_reverse(self.conference, "program:schedule")

    @cached_property
    def version(self) -> str:
        return str(self.conference.version)


def _markdown_text(text: str) -> str:
    """Plain text that Markdown shows as it is."""
    return re.sub(r"([\\`*_\[\]<>#|!~])", r"\\\1", " ".join(text.split()))


def _local_midnight(date: dt.date, tz: dt.tzinfo) -> dt.datetime:
    # Normalised through UTC, so a midnight that a DST change skips gets a real offset.
    return dt.datetime.combine(date, dt.time.min, tzinfo=tz).astimezone(dt.UTC).astimezone(tz)


def local_iso(moment: dt.datetime, tz: dt.tzinfo) -> str:
    """``2024-09-23T10:00:00-04:00``: local wall time with its offset, to the second."""
    return moment.astimezone(tz).replace(microsecond=0).isoformat()


def build_export(conference: Conference, *, url_base: str = "") -> ScheduleExport:
    """Everything the exports need, in five queries (plus one per session-extras provider
    that has sessions to look at). ``url_base`` is ``scheme://host``."""
    sessions = list(conference.sessions.for_schedule())
    for session in sessions:
        session.conference = conference  # URLs need it; this avoids a query per session
    return ScheduleExport(
        conference=conference,
        sessions=sessions,
        rooms=list(conference.rooms.order_by("position", "name")),
        tracks=list(conference.tracks.order_by("position", "name")),
        url_base=url_base.rstrip("/"),
        extras=session_extras.for_sessions(conference, sessions),
    )
