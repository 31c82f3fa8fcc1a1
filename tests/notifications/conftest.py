import datetime as dt

import pytest

from hallway.companion.services import toggle_star
from tests.companion.factories import UserFactory
from tests.factories import NEW_YORK, RoomFactory, SessionFactory


@pytest.fixture
def ada(db):
    return UserFactory(username="ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def grace(db):
    return UserFactory(username="grace")


@pytest.fixture
def talk(conference):
    start = dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK)
    return SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=start,
        end=start + dt.timedelta(minutes=25),
    )


@pytest.fixture
def other_room(conference):
    return RoomFactory(conference=conference, name="Salon B")


@pytest.fixture
def star():
    def make(user, session):
        assert toggle_star(user, session) is True

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the block's on-commit callbacks (enqueued tasks) as a real commit would."""

    def block():
        return django_capture_on_commit_callbacks(execute=True)

    return block
