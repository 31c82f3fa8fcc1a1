"""load_demo shows the visa and grant workflows with example data."""

import io
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse
from hallway.grants.demo import create_demo_grants
from hallway.grants.models import GrantApplication, GrantReview
from hallway.visas.demo import create_demo_visa_letters
from hallway.visas.models import VisaRequest
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def test_load_demo_has_an_approved_letter_and_grant_applications(client, settings, tmp_path):
    settings.HALLWAY_SHARED_DATA = tmp_path / "no-shared-data"
    out = StringIO()

    call_command("load_demo", "--fixture", stdout=out)

    conference = Conference.objects.get()
    lines = out.getvalue().splitlines()
    assert "Visa letters: an approved letter for 'demo', one request to review." in lines
    assert "Opportunity grants: 'demo' applied; two decided applications." in lines
    features = {f.key: f.is_open() for f in conference.features.all()}
    assert {key: features[key] for key in ("grants", "visa-letter")} == {
        "grants": True,
        "visa-letter": True,
    }
    client.force_login(get_user_model().objects.get(username="demo"))
    letter = client.get(conference_reverse(conference, "visas:letter"))
    assert letter.status_code == 200
    letter_text = PdfReader(io.BytesIO(letter.content)).pages[0].extract_text()
    assert "Demo Attendee" in letter_text
    assert "from 22 September 2024 to 27 September 2024" in " ".join(letter_text.split())
    grants_page = parse(client.get(conference_reverse(conference, "grants:apply")))
    assert text(grants_page, "//h2[@id='status-heading']") == (
        "Your application: Submitted, under review"
    )


def test_demo_steps_run_twice_without_duplicates(conference):
    get_user_model().objects.create_superuser("organizer", "organizer@localhost", "pw")

    for _ in range(2):
        create_demo_visa_letters(conference)
        create_demo_grants(conference)

    assert sorted(VisaRequest.objects.values_list("user__username", "status")) == [
        ("demo", "approved"),
        ("demo-speaker", "submitted"),
    ]
    assert sorted(GrantApplication.objects.values_list("user__username", "status")) == [
        ("demo", "submitted"),
        ("demo-speaker", "granted"),
        ("demo-student", "declined"),
    ]
    assert GrantReview.objects.count() == 2
    assert conference.features.count() == 2
