import pytest

from hallway.conferences.models import Feature
from tests.companion.factories import UserFactory
from tests.volunteers.conftest import grant


@pytest.fixture
def events_feature(conference):
    """The side events feature, switched on and open."""
    return Feature.objects.create(conference=conference, key="events", is_enabled=True)


@pytest.fixture
def attendee(db):
    return UserFactory(username="ada", first_name="Ada", last_name="Lovelace")


@pytest.fixture
def other_attendee(db):
    return UserFactory(username="grace")


@pytest.fixture
def staff_without_permission(db):
    return UserFactory(username="helper", is_staff=True)


@pytest.fixture
def rsvp_viewer(db):
    """Staff with the permission to see who answered (``events.view_rsvp``)."""
    return grant(UserFactory(username="host", is_staff=True), "view_rsvp", "events")
