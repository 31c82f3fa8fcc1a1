import datetime as dt

import pytest

from hallway.program.models import Session
from tests.factories import NEW_YORK, RoomFactory


def add_sessions(conference, count: int) -> None:
    """``count`` scheduled talks in one room, built with bulk_create."""
    room = RoomFactory(conference=conference)
    first = dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK)
    Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Bulk talk {n}",
            slug=f"bulk-talk-{n}",
            start=first + dt.timedelta(minutes=30 * n),
            end=first + dt.timedelta(minutes=30 * n + 25),
            room=room,
        )
        for n in range(count)
    )


@pytest.fixture
def sessions_10(conference):
    add_sessions(conference, 10)
    return conference


@pytest.fixture
def sessions_1000(conference):
    add_sessions(conference, 1000)
    return conference
