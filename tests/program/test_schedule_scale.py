"""A FOSDEM-sized day: 50 rooms and 1,000 sessions in one bounded grid."""

import datetime as dt

import pytest

from hallway.conferences.models import Room
from hallway.program import schedule as grid
from hallway.program.models import Session
from tests.factories import NEW_YORK

pytestmark = pytest.mark.django_db


def test_fifty_rooms_and_a_thousand_sessions_in_one_day(client, conference):
    rooms = Room.objects.bulk_create(
        Room(conference=conference, name=f"Devroom {n}", slug=f"devroom-{n}", position=n)
        for n in range(50)
    )
    first = dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK)
    Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Talk {n}",
            slug=f"talk-{n}",
            # Rooms run on their own clocks (5-minute offsets), as at FOSDEM.
            start=(start := first + dt.timedelta(minutes=30 * (n // 50) + 5 * (n % 50 % 6))),
            end=start + dt.timedelta(minutes=25),
            room=rooms[n % 50],
        )
        for n in range(1000)
    )

    response = client.get("/djangocon-us-2024/schedule/")
    (day,) = grid.build_days(conference.sessions.for_schedule(), conference)

    assert response.status_code == 200
    assert day.column_count == 50
    assert len(day.slots) == 120
    assert sum(len(slot.items) for slot in day.slots) == 1000
    assert response.content.count(b'<article class="sg-item') == 1000
