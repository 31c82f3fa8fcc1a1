import pytest

from tests.companion.factories import UserFactory
from tests.features import grant, switch_on


@pytest.fixture
def feature(conference):
    return switch_on(conference, "grants")


@pytest.fixture
def applicant(db):
    return UserFactory(username="amara", email="amara@example.com")


@pytest.fixture
def reviewer(db):
    return grant(UserFactory(username="rev1"), "grants.review_grantapplication")


@pytest.fixture
def second_reviewer(db):
    return grant(UserFactory(username="rev2"), "grants.review_grantapplication")


@pytest.fixture
def decider(db):
    user = UserFactory(username="chair", is_staff=True)
    return grant(user, "grants.decide_grantapplication", "grants.review_grantapplication")


@pytest.fixture
def staff(db):
    """Staff with Django's own permissions on grants, but neither review nor decide."""
    user = UserFactory(username="staffer", is_staff=True)
    return grant(user, "grants.view_grantapplication", "grants.change_grantapplication")
