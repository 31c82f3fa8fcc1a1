import pytest
from django.contrib.auth.models import Permission

from hallway.conferences.models import Feature
from tests.companion.factories import UserFactory


def grant(user, codename: str, app_label: str):
    user.user_permissions.add(
        Permission.objects.get(codename=codename, content_type__app_label=app_label)
    )
    return user


@pytest.fixture
def volunteering(conference):
    """The volunteer feature, switched on and open."""
    return Feature.objects.create(conference=conference, key="volunteer", is_enabled=True)


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
def roster_keeper(db):
    """Staff with the permission to see volunteers (``volunteers.view_signup``)."""
    return grant(UserFactory(username="coordinator", is_staff=True), "view_signup", "volunteers")
