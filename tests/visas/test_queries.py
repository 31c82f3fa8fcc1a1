import pytest
from django.urls import reverse

from hallway.visas.models import VisaRequest
from tests.companion.factories import UserFactory
from tests.visas.factories import VisaRequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("count", [3, 50])
def test_admin_changelist_queries_are_constant(
    client, conference, reviewer, count, django_assert_num_queries, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    users = UserFactory._meta.model.objects.bulk_create(
        [UserFactory.build(username=f"requester{n}") for n in range(count)]
    )
    VisaRequest.objects.bulk_create(
        [VisaRequestFactory.build(conference=conference, user=user) for user in users]
    )
    client.force_login(reviewer)
    url = reverse("admin:visas_visarequest_changelist")
    client.get(url)

    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == count
