"""Who sees a grant application: applicant, other attendee, anonymous, staff without the
permissions, reviewers and deciders, for every page and admin view."""

import pytest
from django.urls import reverse

from hallway.conferences.urls_helpers import conference_reverse
from tests.companion.factories import UserFactory
from tests.grants.factories import GrantApplicationFactory, GrantReviewFactory

pytestmark = pytest.mark.django_db

REASON = "My employer will not pay; I maintain django-zebra in my evenings."


@pytest.fixture
def application(conference, feature, applicant, second_reviewer):
    application = GrantApplicationFactory(conference=conference, user=applicant, reason=REASON)
    GrantReviewFactory(application=application, reviewer=second_reviewer, comment="Secret note")
    return application


@pytest.fixture
def as_role(client, applicant, reviewer, decider, staff):
    def login(role: str):
        user = {
            "anonymous": None,
            "other attendee": UserFactory(username="other"),
            "applicant": applicant,
            "staff without permission": staff,
            "reviewer": reviewer,
            "decider": decider,
        }[role]
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.mark.parametrize(
    "role",
    ["anonymous", "other attendee", "applicant", "staff without permission", "reviewer", "decider"],
)
def test_apply_page_shows_an_application_to_its_applicant_only(as_role, application, role):
    response = as_role(role).get(conference_reverse(application.conference, "grants:apply"))

    assert response.status_code == 200
    assert (REASON in response.content.decode()) is (role == "applicant")
    assert "Secret note" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other attendee", 403),
        ("applicant", 403),
        ("staff without permission", 403),
        ("reviewer", 200),
        ("decider", 200),
    ],
)
@pytest.mark.parametrize("page", ["review-list", "review-detail"])
def test_reviewer_pages(as_role, application, role, status, page):
    kwargs = {"pk": application.pk} if page == "review-detail" else {}

    response = as_role(role).get(
        conference_reverse(application.conference, f"grants:{page}", **kwargs)
    )

    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/accounts/login/?next=")
    if page == "review-detail":
        assert (REASON in response.content.decode()) is (status == 200)
        # Neither has scored yet: the other reviewer's comment stays hidden.
        assert "Secret note" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("other attendee", 302),
        ("applicant", 302),
        ("staff without permission", 403),
        ("reviewer", 302),  # not staff: the admin is for deciders
        ("decider", 200),
    ],
)
@pytest.mark.parametrize("view", ["changelist", "change", "history", "delete"])
def test_admin_views(as_role, application, role, status, view):
    name = f"admin:grants_grantapplication_{view}"
    args = [] if view == "changelist" else [application.pk]

    response = as_role(role).get(reverse(name, args=args))

    assert response.status_code == status
    assert (REASON in response.content.decode()) is (status == 200 and view == "change")


def test_reviewer_posting_for_a_closed_feature_is_not_found(client, application, reviewer):
    application.conference.features.update(is_enabled=False)
    client.force_login(reviewer)

    response = client.get(conference_reverse(application.conference, "grants:review-list"))

    assert response.status_code == 404
