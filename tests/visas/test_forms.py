import datetime as dt

import pytest
from django.utils import timezone

from hallway.conferences.urls_helpers import conference_reverse
from hallway.visas.models import VisaRequest
from tests.html import parse, texts
from tests.visas.factories import VisaRequestFactory
from tests.visas.test_workflow import FORM

pytestmark = pytest.mark.django_db


def post(client, conference, user, **changes):
    client.force_login(user)
    return client.post(conference_reverse(conference, "visas:request"), {**FORM, **changes})


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"birth_date": "2030-01-01"},
            {"birth_date": ["The date of birth must be in the past."]},
        ),
        (
            {"arrival_date": "2024-09-29", "departure_date": "2024-10-02"},
            {"arrival_date": ["You would arrive after the conference ends."]},
        ),
        (
            {"arrival_date": "2024-09-01", "departure_date": "2024-09-10"},
            {"departure_date": ["You would leave before the conference starts."]},
        ),
        (
            {"arrival_date": "2024-09-25", "departure_date": "2024-09-24"},
            {"departure_date": ["The departure is before the arrival."]},
        ),
        (
            {"arrival_date": "2024-08-01"},
            {"arrival_date": ["The arrival is more than 30 days before the conference."]},
        ),
        (
            {"departure_date": "2024-11-30"},
            {"departure_date": ["The departure is more than 30 days after the conference."]},
        ),
        (
            {"passport_number": "12"},
            {
                "passport_number": [
                    "A passport number has 5 to 20 letters and digits "
                    "(spaces and dashes are ignored)."
                ]
            },
        ),
        (
            {"passport_name": "Чиди Окафор"},
            {
                "passport_name": [
                    "Write your name in Latin letters, as in the machine-readable lines of "
                    "your passport."
                ]
            },
        ),
        (
            {"registration_reference": ""},
            {
                "registration_reference": [
                    "Give the number of your ticket or order: letters go to registered attendees."
                ]
            },
        ),
        (
            {"nationality": "", "birth_date": ""},
            {"nationality": ["This field is required."], "birth_date": ["This field is required."]},
        ),
    ],
)
def test_request_form_names_the_wrong_field(
    client, conference, feature, requester, changes, errors
):
    response = post(client, conference, requester, **changes)

    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert not VisaRequest.objects.exists()


def test_speakers_need_no_ticket_number(client, conference, feature, requester):
    response = post(client, conference, requester, role="speaker", registration_reference="")

    assert response.status_code == 302
    assert VisaRequest.objects.get().role == "speaker"


def test_closed_call_refuses_new_requests(client, conference, feature, requester):
    feature.closes_at = timezone.now() - dt.timedelta(hours=1)
    feature.save()

    response = post(client, conference, requester)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Visa letter requests are closed."]
    assert texts(parse(response), "//main//p[@class='notice']") == [
        "Visa letter requests are closed."
    ]
    assert not VisaRequest.objects.exists()


def test_not_yet_open_call_shows_it_is_closed(client, conference, feature):
    feature.opens_at = timezone.now() + dt.timedelta(days=1)
    feature.save()

    response = client.get(conference_reverse(conference, "visas:request"))

    assert response.status_code == 200
    assert texts(parse(response), "//main//p[@class='notice']") == [
        "Visa letter requests are closed."
    ]
    assert "Sign in to request a letter" not in response.content.decode()


def test_closed_call_still_takes_the_answer_to_a_question(client, conference, feature, requester):
    visa_request = VisaRequestFactory(
        conference=conference, user=requester, status=VisaRequest.Status.MORE_INFO
    )
    feature.closes_at = timezone.now() - dt.timedelta(hours=1)
    feature.save()

    response = post(client, conference, requester, requester_note="Here it is.")

    assert response.status_code == 302
    visa_request.refresh_from_db()
    assert (visa_request.status, visa_request.requester_note) == ("submitted", "Here it is.")


def test_switched_off_feature_is_not_found(client, conference, feature, requester):
    feature.is_enabled = False
    feature.save()
    client.force_login(requester)

    assert client.get(conference_reverse(conference, "visas:request")).status_code == 404
    assert client.get(conference_reverse(conference, "visas:letter")).status_code == 404
