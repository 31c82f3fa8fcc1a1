import pytest

from tests.companion.factories import UserFactory
from tests.features import grant, switch_on
from tests.visas.factories import VisaSettingsFactory


@pytest.fixture
def feature(conference):
    return switch_on(conference, "visa-letter")


@pytest.fixture
def visa_settings(conference):
    return VisaSettingsFactory(conference=conference)


@pytest.fixture
def requester(db):
    return UserFactory(username="chidi", email="chidi@example.com")


@pytest.fixture
def reviewer(db):
    user = UserFactory(username="reviewer", is_staff=True)
    return grant(user, "visas.review_visarequest")


@pytest.fixture
def staff(db):
    """Staff with every other permission of the app (view, change) but not the review one."""
    user = UserFactory(username="staffer", is_staff=True)
    return grant(user, "visas.view_visarequest", "visas.change_visarequest")
