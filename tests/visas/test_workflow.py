"""A request from the form to the letter in the requester's mailbox, through the admin."""

import io

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from hallway.conferences.urls_helpers import conference_reverse
from hallway.visas.models import VisaRequest
from tests.features import run_worker
from tests.html import parse, text, texts
from tests.visas.factories import VisaRequestFactory

pytestmark = pytest.mark.django_db

FORM = {
    "passport_name": "Chidi Okafor",
    "nationality": "Nigerian",
    "passport_number": "a12 345-678",
    "birth_date": "1990-04-02",
    "arrival_date": "2024-09-21",
    "departure_date": "2024-09-28",
    "role": "attendee",
    "registration_reference": "ORDER-1234",
    "requester_note": "",
}


def url(conference, name="visas:request"):
    return conference_reverse(conference, name)


def change_url(visa_request):
    return reverse("admin:visas_visarequest_change", args=[visa_request.pk])


def decide(client, visa_request, status, message=""):
    return client.post(change_url(visa_request), {"status": status, "organizer_message": message})


def test_request_review_and_letter_by_email(
    client,
    conference,
    feature,
    visa_settings,
    requester,
    reviewer,
    django_capture_on_commit_callbacks,
):
    client.force_login(requester)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(conference), FORM)
    assert response.status_code == 302
    visa_request = VisaRequest.objects.get(user=requester)
    assert visa_request.status == VisaRequest.Status.SUBMITTED
    assert visa_request.passport_number == "A12345678"
    assert mail.outbox == []  # e-mail waits for the worker
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Your visa letter request for DjangoCon US 2024"]

    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, visa_request, "approved")
    assert response.status_code == 302
    run_worker()

    visa_request.refresh_from_db()
    assert visa_request.status == VisaRequest.Status.APPROVED
    assert visa_request.decided_by == reviewer
    assert visa_request.letter_sent_at is not None
    letter_mail = mail.outbox[-1]
    assert letter_mail.to == ["chidi@example.com"]
    assert letter_mail.subject == "Your visa invitation letter for DjangoCon US 2024"
    [(filename, content, mimetype)] = letter_mail.attachments
    assert (filename, mimetype) == ("visa-letter-djangocon-us-2024.pdf", "application/pdf")
    letter_text = PdfReader(io.BytesIO(content)).pages[0].extract_text()
    assert "Chidi Okafor" in letter_text

    client.force_login(requester)
    page = client.get(url(conference))
    assert page.status_code == 200
    assert text(parse(page), "//h2[@id='status-heading']") == "Your request: Approved"
    download = client.get(url(conference, "visas:letter"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store, max-age=0, no-cache, must-revalidate"
    assert download.content.startswith(b"%PDF-")


# The request's status on the requester's page.
STATUS = "//section[@aria-labelledby='status-heading']"


def test_more_information_then_update_goes_back_to_review(
    client,
    conference,
    feature,
    visa_settings,
    requester,
    reviewer,
    django_capture_on_commit_callbacks,
):
    visa_request = VisaRequestFactory(conference=conference, user=requester)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, visa_request, "more-info", "Which days will you attend the sprints?")
    run_worker()
    assert mail.outbox[-1].subject == (
        "Your visa letter request for DjangoCon US 2024: more information needed"
    )
    assert "Which days will you attend the sprints?" in mail.outbox[-1].body

    client.force_login(requester)
    page = parse(client.get(url(conference)))
    assert texts(page, f"{STATUS}/*") == [
        "Your request: More information needed",
        "Message from the organizers:",
        "Which days will you attend the sprints?",
        "Update your request below; it goes back to review when you save it.",
    ]
    response = client.post(url(conference), {**FORM, "requester_note": "All three days."})

    assert response.status_code == 302
    visa_request.refresh_from_db()
    assert visa_request.status == VisaRequest.Status.SUBMITTED
    assert visa_request.requester_note == "All three days."


def test_decline_needs_a_reason_and_tells_the_requester(
    client,
    conference,
    feature,
    visa_settings,
    requester,
    reviewer,
    django_capture_on_commit_callbacks,
):
    visa_request = VisaRequestFactory(conference=conference, user=requester)
    client.force_login(reviewer)

    response = decide(client, visa_request, "declined")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "organizer_message": ["Give the reason for declining."]
    }
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, visa_request, "declined", "We could not find your registration.")
    run_worker()
    visa_request.refresh_from_db()
    assert visa_request.status == VisaRequest.Status.DECLINED
    assert mail.outbox[-1].body.count("We could not find your registration.") == 1

    client.force_login(requester)
    page = parse(client.get(url(conference)))
    assert texts(page, f"{STATUS}/*") == [
        "Your request: Declined",
        "Message from the organizers:",
        "We could not find your registration.",
    ]
    assert client.get(url(conference, "visas:letter")).status_code == 404
    # A decided request no longer changes.
    client.post(url(conference), {**FORM, "nationality": "Ghanaian"})
    visa_request.refresh_from_db()
    assert visa_request.nationality == "Nigerian"


def test_approving_needs_the_letter_settings(client, conference, feature, requester, reviewer):
    visa_request = VisaRequestFactory(conference=conference, user=requester)
    client.force_login(reviewer)

    response = decide(client, visa_request, "approved")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "status": [
            "Fill in this conference's visa letter settings (letterhead and signatory) first."
        ]
    }


def test_admin_action_approves_and_emails_each_letter(
    client, conference, feature, visa_settings, reviewer, django_capture_on_commit_callbacks
):
    requests = VisaRequestFactory.create_batch(2, conference=conference)
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:visas_visarequest_changelist"),
            {"action": "approve", "_selected_action": [r.pk for r in requests]},
        )
    run_worker()

    assert sorted(r.status for r in VisaRequest.objects.all()) == ["approved", "approved"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in requests)
    assert all(len(m.attachments) == 1 for m in mail.outbox)


def test_visa_letter_footer_link_only_while_the_feature_is_on(client, conference, feature):
    link = b'href="/djangocon-us-2024/visa-letter/"'
    assert client.get("/djangocon-us-2024/").content.count(link) == 1

    feature.is_enabled = False
    feature.save()

    assert client.get("/djangocon-us-2024/").content.count(link) == 0
