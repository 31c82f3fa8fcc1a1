import pytest

from hallway.conferences.models import Feature
from hallway.sprints.models import SprintProject
from tests.companion.factories import UserFactory


@pytest.fixture
def sprints_feature(conference):
    return Feature.objects.create(conference=conference, key="sprints", is_enabled=True)


@pytest.fixture
def maintainer(db):
    return UserFactory(username="carlton", first_name="Carlton", last_name="Gibson")


@pytest.fixture
def project(conference, maintainer):
    return SprintProject.objects.create(
        conference=conference,
        name="Django",
        repository_url="https://github.com/django/django",
        description="Triage *tickets*.",
        skill_level="any",
        maintainer=maintainer,
        maintainer_name="Carlton Gibson",
    )
