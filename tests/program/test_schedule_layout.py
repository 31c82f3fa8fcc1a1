import datetime as dt

import pytest

from hallway.program import schedule as grid
from hallway.program.models import Session
from tests.factories import NEW_YORK, RoomFactory, SessionFactory

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2024, 9, day, hour, minute, tzinfo=NEW_YORK)


def layout(conference):
    return grid.build_days(conference.sessions.for_schedule(), conference)


def test_days_group_by_conference_local_date_not_utc(conference):
    # 23:30 EDT on the 23rd is 03:30 UTC on the 24th.
    late = SessionFactory(conference=conference, start=at(23, 23, 30), end=at(23, 23, 55))
    SessionFactory(conference=conference, start=at(24, 9), end=at(24, 9, 25))

    days = layout(conference)

    assert late.start.astimezone(dt.UTC).date() == dt.date(2024, 9, 24)
    assert [day.date for day in days] == [dt.date(2024, 9, 23), dt.date(2024, 9, 24)]
    assert [p.session for slot in days[0].slots for p in slot.items] == [late]


def test_day_zone_abbreviation_follows_daylight_saving(conference):
    assert grid.zone_abbreviation(dt.date(2024, 9, 23), conference) == "EDT"
    assert grid.zone_abbreviation(dt.date(2024, 12, 2), conference) == "EST"


def test_rows_are_distinct_start_times_and_items_span_to_their_end(conference):
    room_a, room_b = RoomFactory(conference=conference), RoomFactory(conference=conference)
    tutorial = SessionFactory(conference=conference, room=room_a, start=at(23, 9), end=at(23, 10))
    first = SessionFactory(conference=conference, room=room_b, start=at(23, 9), end=at(23, 9, 25))
    second = SessionFactory(conference=conference, room=room_b, start=at(23, 9, 30), end=at(23, 10))

    (day,) = layout(conference)

    assert [slot.start.time() for slot in day.slots] == [dt.time(9), dt.time(9, 30)]
    placed = {p.session: p for slot in day.slots for p in slot.items}
    assert (placed[tutorial].row, placed[tutorial].row_end) == (2, 4)
    assert (placed[first].row, placed[first].row_end) == (2, 3)
    assert (placed[second].row, placed[second].row_end) == (3, 4)
    assert (placed[tutorial].col, placed[second].col) == (2, 3)
    assert placed[tutorial].grid_classes == "g-r2 g-re4 g-c2 g-ce3"


def test_break_in_another_room_spans_every_free_column(conference):
    rooms = [RoomFactory(conference=conference) for _ in range(3)]
    for room in rooms:
        SessionFactory(conference=conference, room=room, start=at(23, 9), end=at(23, 9, 45))
    lobby = RoomFactory(conference=conference, name="Lobby")
    coffee = SessionFactory(
        conference=conference,
        kind=Session.Kind.BREAK,
        room=lobby,
        start=at(23, 9, 45),
        end=at(23, 10),
    )

    (day,) = layout(conference)

    assert [column.room for column in day.columns] == rooms
    placement = day.slots[1].items[0]
    assert placement.session == coffee
    assert (placement.col, placement.col_end) == (2, 5)
    assert placement.spans_columns


def test_break_beside_a_running_talk_takes_the_free_columns_only(conference):
    main, side = RoomFactory(conference=conference), RoomFactory(conference=conference)
    SessionFactory(conference=conference, room=main, start=at(23, 12), end=at(23, 13))
    SessionFactory(conference=conference, room=side, start=at(23, 9), end=at(23, 9, 30))
    lunch = SessionFactory(
        conference=conference, kind=Session.Kind.MEAL, room=None, start=at(23, 12), end=at(23, 13)
    )

    (day,) = layout(conference)

    placed = {p.session: p for slot in day.slots for p in slot.items}
    assert (placed[lunch].col, placed[lunch].col_end) == (3, 4)


def test_logistics_with_nowhere_free_get_their_own_column(conference):
    hall = RoomFactory(conference=conference)
    SessionFactory(conference=conference, room=hall, start=at(23, 12), end=at(23, 13))
    foyer = RoomFactory(conference=conference, name="Foyer")
    lunch = SessionFactory(
        conference=conference, kind=Session.Kind.MEAL, room=foyer, start=at(23, 12), end=at(23, 13)
    )

    (day,) = layout(conference)

    assert [column.room for column in day.columns] == [hall, foyer]
    placed = {p.session: p for slot in day.slots for p in slot.items}
    assert (placed[lunch].col, placed[lunch].col_end) == (3, 4)


def test_long_items_go_to_the_all_day_strip(conference):
    sprints = SessionFactory(
        conference=conference, kind=Session.Kind.SPRINT, start=at(26, 9), end=at(26, 17)
    )
    talk = SessionFactory(conference=conference, start=at(26, 9), end=at(26, 9, 30))

    (day,) = layout(conference)

    assert day.all_day == [sprints]
    assert [p.session for slot in day.slots for p in slot.items] == [talk]
    assert day.session_count == 2


def test_grid_css_covers_the_busiest_day(conference):
    rooms = [RoomFactory(conference=conference) for _ in range(3)]
    for index, room in enumerate(rooms):
        SessionFactory(
            conference=conference, room=room, start=at(23, 9 + index), end=at(23, 9 + index, 30)
        )

    css = grid.grid_css(layout(conference))

    assert css.startswith("@media (min-width: 60rem) {")
    assert ".sg--cols-3{" in css
    assert ".sg--cols-4{" not in css
    assert ".g-re5{grid-row-end:5}" in css
    assert ".g-re6{" not in css
    assert ".g-ce5{grid-column-end:5}" in css


def test_a_day_of_logistics_only_uses_their_rooms_as_columns(conference):
    caktus = RoomFactory(conference=conference, name="Caktus Group")
    SessionFactory(
        conference=conference,
        kind=Session.Kind.SPRINT,
        room=caktus,
        start=at(26, 9),
        end=at(26, 17),
    )
    demo = SessionFactory(
        conference=conference,
        kind=Session.Kind.OTHER,
        room=caktus,
        start=at(26, 10),
        end=at(26, 11),
    )

    (day,) = layout(conference)

    assert [column.room for column in day.columns] == [caktus]
    assert day.slots[0].items[0].session == demo
    assert day.slots[0].items[0].grid_classes == "g-r2 g-re3 g-c2 g-ce3"


def test_overlapping_sessions_in_one_room_sit_side_by_side(conference):
    hall, side = RoomFactory(conference=conference), RoomFactory(conference=conference)
    long = SessionFactory(conference=conference, room=hall, start=at(23, 9), end=at(23, 10))
    overlapping = SessionFactory(
        conference=conference, room=hall, start=at(23, 9, 30), end=at(23, 9, 55)
    )
    later = SessionFactory(conference=conference, room=hall, start=at(23, 10), end=at(23, 10, 25))
    beside = SessionFactory(conference=conference, room=side, start=at(23, 9), end=at(23, 9, 25))

    (day,) = layout(conference)

    assert [(c.room, c.lanes, c.css_class) for c in day.columns] == [
        (hall, 2, "g-c2 g-ce4"),
        (side, 1, "g-c4 g-ce5"),
    ]
    assert day.column_count == 3
    placed = {p.session: (p.col, p.col_end) for slot in day.slots for p in slot.items}
    assert placed == {long: (2, 3), overlapping: (3, 4), later: (2, 3), beside: (4, 5)}
