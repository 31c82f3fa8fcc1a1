import pytest

from hallway.sprints.models import SprintProject, SprintSignup
from tests.admin_utils import changelist_url
from tests.companion.factories import UserFactory


@pytest.mark.parametrize("count", [3, 50])
def test_project_changelist_queries_are_constant(
    superuser_client, conference, count, django_assert_num_queries
):
    user = UserFactory(username="m")
    projects = SprintProject.objects.bulk_create(
        SprintProject(
            conference=conference,
            name=f"P{n}",
            repository_url="https://example.com",
            description="x",
            maintainer=user,
            maintainer_name="M",
        )
        for n in range(count)
    )
    SprintSignup.objects.bulk_create(SprintSignup(project=p, user=user) for p in projects)

    with django_assert_num_queries(6):
        response = superuser_client.get(changelist_url(SprintProject))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count
