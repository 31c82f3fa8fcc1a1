"""Who sees a visa request: the permission matrix for every page, file and admin view.

Each test first creates the data that could leak (an approved request with a passport number),
then asks as each role.
"""

import pytest
from django.urls import reverse

from hallway.conferences.urls_helpers import conference_reverse
from hallway.visas.models import VisaRequest
from tests.companion.factories import UserFactory
from tests.visas.factories import VisaRequestFactory

pytestmark = pytest.mark.django_db

PASSPORT = "Q7T9X2K4W"
ROLES = ["anonymous", "other attendee", "requester", "staff without permission", "reviewer"]


@pytest.fixture
def approved(conference, feature, visa_settings, requester):
    return VisaRequestFactory(
        conference=conference,
        user=requester,
        passport_number=PASSPORT,
        status=VisaRequest.Status.APPROVED,
    )


@pytest.fixture
def as_role(client, requester, reviewer, staff):
    def login(role: str):
        users = {
            "anonymous": None,
            "other attendee": UserFactory(username="other"),
            "requester": requester,
            "staff without permission": staff,
            "reviewer": reviewer,
        }
        if users[role] is not None:
            client.force_login(users[role])
        return client

    return login


def admin_paths(visa_request) -> dict[str, str]:
    return {
        "changelist": reverse("admin:visas_visarequest_changelist"),
        "change": reverse("admin:visas_visarequest_change", args=[visa_request.pk]),
        "letter": reverse("admin:visas_visarequest_letter", args=[visa_request.pk]),
        "history": reverse("admin:visas_visarequest_history", args=[visa_request.pk]),
        "delete": reverse("admin:visas_visarequest_delete", args=[visa_request.pk]),
    }


@pytest.mark.parametrize(
    ("role", "status", "shows_passport"),
    [
        ("anonymous", 200, False),
        ("other attendee", 200, False),
        ("requester", 200, False),  # decided: the page shows the status, not the number
        ("staff without permission", 200, False),
        ("reviewer", 200, False),  # reviewers read requests in the admin, not here
    ],
)
def test_request_page(as_role, approved, role, status, shows_passport):
    response = as_role(role).get(conference_reverse(approved.conference, "visas:request"))

    assert response.status_code == status
    assert (PASSPORT in response.content.decode()) is shows_passport
    assert ("Chidi Okafor" in response.content.decode()) is (role == "requester")
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("role", ROLES)
def test_pending_request_shows_its_data_only_to_its_requester(
    as_role, conference, feature, requester, role
):
    VisaRequestFactory(conference=conference, user=requester, passport_number=PASSPORT)

    response = as_role(role).get(conference_reverse(conference, "visas:request"))

    assert response.status_code == 200
    assert (PASSPORT in response.content.decode()) is (role == "requester")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other attendee", 404),
        ("requester", 200),
        ("staff without permission", 404),
        ("reviewer", 404),
    ],
)
def test_letter_download(as_role, approved, role, status):
    response = as_role(role).get(conference_reverse(approved.conference, "visas:letter"))

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other attendee", 302),
        ("requester", 302),
        ("staff without permission", 403),
        ("reviewer", 200),
    ],
)
@pytest.mark.parametrize("view", ["changelist", "change", "letter", "history", "delete"])
def test_admin_views(as_role, approved, role, status, view):
    response = as_role(role).get(admin_paths(approved)[view])

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/")
    if view == "change":
        assert (PASSPORT in response.content.decode()) is (role == "reviewer")
    if view == "letter" and role == "reviewer":
        assert response.content.startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("role", "listed"),
    [("staff without permission", False), ("reviewer", True)],
)
def test_admin_index_lists_requests_for_reviewers_only(as_role, approved, role, listed):
    response = as_role(role).get(reverse("admin:index"))

    assert (reverse("admin:visas_visarequest_changelist") in response.content.decode()) is listed


def test_staff_without_permission_cannot_decide(client, approved, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:visas_visarequest_change", args=[approved.pk]),
        {"status": "declined", "organizer_message": "No."},
    )

    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.status == "approved"
