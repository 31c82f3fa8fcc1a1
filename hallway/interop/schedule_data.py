"""A neutral, format-independent schedule: what every parser produces and the importer reads.

Parsers check what their own format requires (elements, types, room references) and call
:func:`validate` for what every format shares (unique GUIDs, field lengths), so
``import_schedule`` only ever sees well-formed data and a bad file never half-imports.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass, field

from hallway.interop.errors import ImportDataError

# Over 24 hours the hours keep counting ("30:00"): both schemas allow it, and it is unambiguous.
_DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")


class ScheduleFormatError(ImportDataError):
    """A file that cannot be imported, with where the problem is.

    ``path`` names the element (``/schedule/day[2]/room[1]/event[3]/duration``) or JSON path
    (``schedule.conference.days[0].rooms.Saal 1[2].duration``); ``line`` is the line in the
    file when the format knows it. The same error type as a site import's.
    """

    def __init__(self, message: str, *, path: str = "", line: int | None = None):
        super().__init__(message, path=path, line=line)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where = f"{where} (line {self.line})" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


@dataclass
class PersonData:
    name: str
    guid: uuid.UUID | None = None
    biography: str = ""
    path: str = ""


@dataclass
class RoomData:
    name: str
    guid: uuid.UUID | None = None
    slug: str = ""
    path: str = ""


@dataclass
class TrackData:
    name: str
    color: str = ""
    slug: str = ""


@dataclass
class LinkData:
    url: str
    title: str = ""
    type: str = ""


@dataclass
class SessionData:
    """One scheduled event. ``start`` is aware; ``room`` is the name of one of the rooms."""

    title: str
    start: dt.datetime
    duration: dt.timedelta
    room: str
    guid: uuid.UUID | None = None
    source_id: int | None = None
    slug: str = ""
    type: str = ""
    track: str = ""
    subtitle: str = ""
    abstract: str = ""
    description: str = ""
    language: str = ""
    url: str = ""
    persons: list[PersonData] = field(default_factory=list)
    links: list[LinkData] = field(default_factory=list)
    path: str = ""
    line: int | None = None

    @property
    def end(self) -> dt.datetime:
        return self.start + self.duration


@dataclass
class ScheduleData:
    title: str
    acronym: str = ""
    time_zone: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    url: str = ""
    generator: str = ""
    rooms: list[RoomData] = field(default_factory=list)
    tracks: list[TrackData] = field(default_factory=list)
    sessions: list[SessionData] = field(default_factory=list)

    def room_names(self) -> set[str]:
        return {room.name for room in self.rooms}


def parse_duration(value: str, *, path: str, line: int | None = None, days_first: bool = False):
    """``H:MM``, ``HH:MM`` (hours may pass 24) or ``H:MM:SS`` as a positive timedelta.

    pretalx writes durations of a day or more as ``D:HH:MM``; pass ``days_first`` for its files.
    """
    match = _DURATION.match((value or "").strip())
    if not match:
        raise ScheduleFormatError(
            f"bad duration {value!r}: expected HH:MM (e.g. 00:45 or 30:00)", path=path, line=line
        )
    first, second, third = (int(part) if part else 0 for part in match.groups())
    if match.group(3) is None:
        duration = dt.timedelta(hours=first, minutes=second)
    elif days_first:
        duration = dt.timedelta(days=first, hours=second, minutes=third)
    else:
        duration = dt.timedelta(hours=first, minutes=second, seconds=third)
    if duration <= dt.timedelta(0):
        raise ScheduleFormatError(f"duration {value!r} is not positive", path=path, line=line)
    return duration


def format_duration(duration: dt.timedelta) -> str:
    """``HH:MM`` with hours counting past 24 (``30:00``): valid against the XSD and the JSON
    schema, and read back the same by this importer, frab and pretalx."""
    minutes = int(duration.total_seconds() // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def parse_uuid(value: str | None, *, path: str, line: int | None = None) -> uuid.UUID | None:
    if value is None or not str(value).strip():
        return None
    try:
        return uuid.UUID(str(value).strip())
    except ValueError:
        raise ScheduleFormatError(f"{value!r} is not a UUID", path=path, line=line) from None


def parse_datetime(value: str, *, path: str, line: int | None = None) -> dt.datetime:
    """An ISO 8601 date-time; naive values are returned naive for the caller to localise."""
    try:
        return dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except ValueError:
        raise ScheduleFormatError(
            f"{value!r} is not an ISO 8601 date-time", path=path, line=line
        ) from None


def parse_date(value: str, *, path: str, line: int | None = None) -> dt.date:
    text = str(value).strip()
    try:
        if len(text) > 10:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ScheduleFormatError(f"{value!r} is not an ISO date", path=path, line=line) from None


# Lengths of the model fields the importer fills: a too-long value fails here, with its path,
# rather than as a database error halfway through.
MAX_LENGTHS = {"title": 300, "room": 200, "track": 200, "person": 200, "conference": 200}


def validate(data: ScheduleData) -> ScheduleData:
    """Checks every format shares: GUIDs unique, rooms known, values that fit. Returns ``data``."""
    if not data.title.strip():
        raise ScheduleFormatError("the conference has no title", path="conference/title")
    if len(data.title) > MAX_LENGTHS["conference"]:
        raise ScheduleFormatError("the conference title is too long", path="conference/title")
    for room in data.rooms:
        if not room.name.strip() or len(room.name) > MAX_LENGTHS["room"]:
            raise ScheduleFormatError(
                f"room name {room.name!r} is empty or too long", path=room.path
            )
    _distinct_room_guids(data)
    rooms = data.room_names()
    seen: dict[uuid.UUID, SessionData] = {}
    kept = []
    for session in data.sessions:
        where = {"path": session.path, "line": session.line}
        if session.guid is not None:
            first = seen.get(session.guid)
            if first is not None and first.title != session.title:
                raise ScheduleFormatError(
                    f"duplicate GUID {session.guid} (first used at {first.path})", **where
                )
            if first is not None:
                if (first.start, first.duration, first.room) == (
                    session.start,
                    session.duration,
                    session.room,
                ):
                    continue  # the same slot listed twice: one session
                # One event in several slots (pretalx writes a submission given two slots
                # under one GUID): each slot is a session, with a GUID derived from its slot.
                session.guid = uuid.uuid5(first.guid, f"{session.start.isoformat()}|{session.room}")
            seen[session.guid] = session
        kept.append(session)
        if session.room not in rooms:
            raise ScheduleFormatError(f"unknown room {session.room!r}", **where)
        if not session.title.strip():
            raise ScheduleFormatError("the event has no title", **where)
        if len(session.title) > MAX_LENGTHS["title"]:
            raise ScheduleFormatError("the title is longer than 300 characters", **where)
        if len(session.track) > MAX_LENGTHS["track"]:
            raise ScheduleFormatError("the track name is too long", **where)
        if session.start.tzinfo is None:
            raise ScheduleFormatError("the start time has no time zone", **where)
        for person in session.persons:
            if not person.name.strip() or len(person.name) > MAX_LENGTHS["person"]:
                raise ScheduleFormatError(
                    f"person name {person.name!r} is empty or too long",
                    path=person.path or session.path,
                )
    data.sessions = kept
    return data


def _distinct_room_guids(data: ScheduleData) -> None:
    """Two rooms under one GUID would be one room to every consumer: the later ones lose it
    (the importer then matches them by name, and exports give them a GUID of their own)."""
    used: set[uuid.UUID] = set()
    for room in data.rooms:
        if room.guid is not None and room.guid in used:
            room.guid = None
        elif room.guid is not None:
            used.add(room.guid)
