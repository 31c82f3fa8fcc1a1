import datetime as dt

import pytest
from django.utils import timezone

from hallway.conferences.urls_helpers import conference_reverse
from hallway.grants.models import GrantApplication
from tests.grants.test_workflow import FORM

pytestmark = pytest.mark.django_db


def post(client, conference, user, data):
    client.force_login(user)
    return client.post(conference_reverse(conference, "grants:apply"), data)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {**FORM, "covers_ticket": "", "covers_travel": ""},
            {"covers_ticket": ["Tick what the grant should cover: ticket, travel or lodging."]},
        ),
        (
            {**FORM, "amount_requested": "0"},
            {"amount_requested": ["Ensure this value is greater than or equal to 1."]},
        ),
        (
            {**FORM, "amount_requested": "lots"},
            {"amount_requested": ["Enter a number."]},
        ),
        ({**FORM, "reason": ""}, {"reason": ["This field is required."]}),
        (
            {**FORM, "reason": "x" * 3001},
            {"reason": ["Ensure this value has at most 3000 characters (it has 3001)."]},
        ),
    ],
)
def test_application_form_names_the_wrong_field(
    client, conference, feature, applicant, data, errors
):
    response = post(client, conference, applicant, data)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not GrantApplication.objects.exists()


def test_closed_call_refuses_applications(client, conference, feature, applicant):
    feature.closes_at = timezone.now() - dt.timedelta(minutes=1)
    feature.save()

    response = post(client, conference, applicant, FORM)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Grant applications are closed."]
    assert not GrantApplication.objects.exists()


def test_open_application_can_be_changed_until_decided(client, conference, feature, applicant):
    post(client, conference, applicant, FORM)
    post(client, conference, applicant, {**FORM, "amount_requested": "900", "covers_lodging": "on"})

    application = GrantApplication.objects.get()
    assert (str(application.amount_requested), application.covers) == (
        "900.00",
        ["ticket", "travel", "lodging"],
    )


def test_review_score_must_be_one_to_five(client, conference, feature, reviewer):
    from tests.grants.factories import GrantApplicationFactory

    application = GrantApplicationFactory(conference=conference)
    client.force_login(reviewer)

    response = client.post(
        conference_reverse(conference, "grants:review-detail", pk=application.pk), {"score": "9"}
    )

    assert response.context["form"].errors == {
        "score": ["Select a valid choice. 9 is not one of the available choices."]
    }


def test_granting_needs_an_amount(client, conference, feature, decider):
    from django.urls import reverse

    from tests.grants.factories import GrantApplicationFactory

    application = GrantApplicationFactory(conference=conference)
    client.force_login(decider)

    response = client.post(
        reverse("admin:grants_grantapplication_change", args=[application.pk]),
        {
            "status": "granted",
            "amount_granted": "",
            "decision_message": "",
            "reviews-TOTAL_FORMS": "0",
            "reviews-INITIAL_FORMS": "0",
            "reviews-MIN_NUM_FORMS": "0",
            "reviews-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "amount_granted": ["Give the amount granted."]
    }
