"""The schedule page's shape: sessions grouped by the conference's local date, and each day laid
out as a room-by-time grid that degrades to a chronological list.

One HTML structure serves both layouts. Every item carries CSS grid line classes (``g-r3 g-re5
g-c2 g-ce3``: row start/end, column start/end); the rules behind them are a few lines of CSS
sized for the conference's busiest day (:func:`conference_grid_css`), inlined in the schedule
page's ``<style>`` and applied only on wide screens. On phones the same markup is a plain list
of time slots, because the DOM order is chronological.

Rows are the distinct start times of a day (not fixed 5-minute steps), so a FOSDEM-sized day
stays compact: an item spans from its start row to the first row that starts at or after its
end. Columns are the rooms that programme items use that day. Logistics (breaks, meals,
registration) held somewhere else span every free column instead of adding a mostly empty one,
and long items (sprints, quiet rooms, registration desks open all day) go to an "All day"
strip above the grid.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hallway.core import cache_keys

if TYPE_CHECKING:
    from collections.abc import Iterable

    from hallway.conferences.models import Conference, Room
    from hallway.program.models import Session

# Items at least this long are listed in the day's "All day" strip, not in the grid.
ALL_DAY_MINUTES = 5 * 60
# Grid line 1 holds the room names (rows) and the times (columns).
FIRST_LINE = 2


@dataclass
class Placement:
    """One session in a day's grid, with its CSS grid lines (end lines are exclusive)."""

    session: Session
    row: int
    row_end: int
    col: int
    col_end: int

    @property
    def grid_classes(self) -> str:
        return f"g-r{self.row} g-re{self.row_end} g-c{self.col} g-ce{self.col_end}"

    @property
    def spans_columns(self) -> bool:
        return self.col_end - self.col > 1


@dataclass
class Slot:
    """Everything that starts at one local time, in column order."""

    start: dt.datetime
    row: int
    items: list[Placement] = field(default_factory=list)


@dataclass
class Column:
    """A room's column; ``lanes`` > 1 when its sessions overlap (they then sit side by side)."""

    room: Room | None
    line: int
    lanes: int = 1

    @property
    def css_class(self) -> str:
        return f"g-c{self.line} g-ce{self.line + self.lanes}"


@dataclass
class Day:
    date: dt.date
    zone_abbreviation: str
    all_day: list[Session] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.date.isoformat()}"

    @property
    def column_count(self) -> int:
        """Grid columns after the time column (a room with overlapping sessions has several)."""
        return sum(column.lanes for column in self.columns)

    @property
    def last_row_line(self) -> int:
        return FIRST_LINE + len(self.slots)

    @property
    def session_count(self) -> int:
        return len(self.all_day) + sum(len(slot.items) for slot in self.slots)


def local_date(session: Session, conference: Conference) -> dt.date:
    """The day a session belongs to: its start date on the conference's clock, never UTC."""
    return session.start.astimezone(conference.tzinfo).date()


def zone_abbreviation(day: dt.date, conference: Conference) -> str:
    """The zone's abbreviation in force at noon that day ("EDT", "CET", "+0530")."""
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=conference.tzinfo)
    return noon.tzname() or conference.time_zone


def is_all_day(session: Session) -> bool:
    return session.duration_minutes is not None and session.duration_minutes >= ALL_DAY_MINUTES


def build_days(sessions: Iterable[Session], conference: Conference) -> list[Day]:
    """Group scheduled sessions (in start order) by local date and lay out each day."""
    by_date: dict[dt.date, list[Session]] = {}
    for session in sessions:
        by_date.setdefault(local_date(session, conference), []).append(session)
    return [build_day(date, items, conference) for date, items in sorted(by_date.items())]


def build_day(date: dt.date, sessions: list[Session], conference: Conference) -> Day:
    """Lay out one day's sessions (all starting on ``date`` locally) as a grid."""
    day = Day(date=date, zone_abbreviation=zone_abbreviation(date, conference))
    timed = []
    for session in sorted(sessions, key=lambda s: (s.start, s.end, s.title)):
        (day.all_day if is_all_day(session) else timed).append(session)
    if not timed:
        return day

    starts = sorted({session.start for session in timed})
    row_of = {start: FIRST_LINE + index for index, start in enumerate(starts)}

    def row_end(session: Session) -> int:
        # The first row starting at or after the session's end; the grid's end otherwise.
        return FIRST_LINE + bisect_left(starts, session.end)

    rooms = _program_rooms(timed)
    room_keys = {_room_key(room) for room in rooms}
    # Interval partitioning per room: a session overlapping an earlier one in the same room
    # gets the next lane, so nothing is ever drawn on top of something else.
    lane_ends: dict[int | None, list[int]] = {}
    in_rooms: list[tuple[Session, int | None, int]] = []
    spanning: list[Session] = []
    for session in timed:
        key = _room_key(session.room)
        if key not in room_keys:
            spanning.append(session)
            continue
        ends = lane_ends.setdefault(key, [])
        row, end = row_of[session.start], row_end(session)
        lane = next((i for i, lane_end in enumerate(ends) if lane_end <= row), len(ends))
        if lane == len(ends):
            ends.append(end)
        else:
            ends[lane] = end
        in_rooms.append((session, key, lane))

    columns: list[Column] = []
    line = FIRST_LINE
    for room in rooms:
        columns.append(Column(room, line, max(1, len(lane_ends.get(_room_key(room), [])))))
        line += columns[-1].lanes
    first_line = {_room_key(column.room): column.line for column in columns}
    placements = [
        Placement(
            session,
            row_of[session.start],
            row_end(session),
            first_line[key] + lane,
            first_line[key] + lane + 1,
        )
        for session, key, lane in in_rooms
    ]

    for session in spanning:
        row, end = row_of[session.start], row_end(session)
        free = _widest_free_run(placements, row, end, FIRST_LINE, line)
        if free is None:
            # Nothing free beside it: the room gets a column of its own after all.
            columns.append(Column(session.room, line))
            free = (line, line + 1)
            line += 1
        placements.append(Placement(session, row, end, *free))

    day.columns = columns
    slots = {start: Slot(start.astimezone(conference.tzinfo), row_of[start]) for start in starts}
    for placement in sorted(placements, key=lambda p: (p.row, p.col, p.session.title)):
        slots[placement.session.start].items.append(placement)
    day.slots = [slots[start] for start in starts]
    return day


def _room_key(room: Room | None) -> int | None:
    return room.pk if room is not None else None


def _program_rooms(sessions: list[Session]) -> list[Room | None]:
    """Rooms that programme items use, in room order; ``None`` last if one has no room.

    A day of logistics only (a hackathon demo, a board-game night) uses their rooms instead.
    """
    rooms: dict[int | None, Room | None] = {}
    has_program = any(session.has_page for session in sessions)
    for session in sessions:
        if session.has_page or not has_program:
            rooms.setdefault(_room_key(session.room), session.room)
    known = sorted(
        (room for room in rooms.values() if room is not None), key=lambda r: (r.position, r.name)
    )
    return [*known, None] if None in rooms else known


def _widest_free_run(
    placements: list[Placement], row: int, row_end: int, first: int, end: int
) -> tuple[int, int] | None:
    """The widest run of column lines [start, end) with nothing placed in rows [row, row_end)."""
    if end <= first:
        # A day of logistics only: they share one column.
        end = first + 1
    busy = set()
    for placement in placements:
        if placement.row < row_end and row < placement.row_end:
            busy.update(range(placement.col, placement.col_end))
    best: tuple[int, int] | None = None
    run_start = None
    for line in range(first, end + 1):
        if line < end and line not in busy:
            if run_start is None:
                run_start = line
            continue
        if run_start is not None and (best is None or line - run_start > best[1] - best[0]):
            best = (run_start, line)
        run_start = None
    return best


def grid_css(days: Iterable[Day]) -> str:
    """The grid placement rules for these days, applied on wide screens only."""
    max_rows = max_cols = 0
    for day in days:
        max_rows = max(max_rows, day.last_row_line)
        max_cols = max(max_cols, FIRST_LINE + day.column_count)
    rules = []
    for count in range(1, max_cols - FIRST_LINE + 1):
        rules.append(
            f".sg--cols-{count}{{grid-template-columns:var(--sg-time-col) "
            f"repeat({count},minmax(var(--sg-col-min),1fr))}}"
        )
    for line in range(FIRST_LINE, max_rows + 1):
        rules.append(f".g-r{line}{{grid-row-start:{line}}}.g-re{line}{{grid-row-end:{line}}}")
    for line in range(FIRST_LINE, max_cols + 1):
        rules.append(f".g-c{line}{{grid-column-start:{line}}}.g-ce{line}{{grid-column-end:{line}}}")
    body = "\n".join(rules)
    return f"@media (min-width: 60rem) {{\n{body}\n}}\n" if rules else ""


def conference_dates(conference: Conference) -> list[dt.date]:
    """The local dates of ``conference``'s schedule, kept in the cache under its version.

    Every schedule request needs them, signed in or not, and on SQLite the query converts each
    session's start in Python.
    """
    from django.core.cache import cache

    return cache.get_or_set(
        cache_keys.SCHEDULE_DATES.format(id=conference.pk, version=conference.version),
        lambda: conference.sessions.local_dates(conference.tzinfo),
        86400,
    )


def conference_grid_css(conference: Conference, days: list[Day] | None = None) -> str:
    """:func:`grid_css` for every day of ``conference``, kept in the cache under its version.

    Every schedule page carries the rules for all days, so an htmx swap from one day to "All
    days" finds its grid lines. ``days`` saves the query when the caller has laid out all days.
    """
    from django.core.cache import cache

    def all_days_css() -> str:
        laid_out = days
        if laid_out is None:
            sessions = conference.sessions.listed().scheduled().select_related("room")
            laid_out = build_days(sessions.order_by("start", "end", "room__position"), conference)
        return grid_css(laid_out)

    return cache.get_or_set(
        cache_keys.GRID_CSS.format(id=conference.pk, version=conference.version),
        all_days_css,
        86400,
    )
