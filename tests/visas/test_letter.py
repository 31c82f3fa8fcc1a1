import datetime as dt
import io

import pytest
from pypdf import PdfReader

from hallway.visas.letter import render_letter
from hallway.visas.models import VisaRequest
from tests.visas.factories import VisaRequestFactory

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_letter_is_a_pdf_with_name_dates_venue_and_signatory(conference, visa_settings):
    conference.venue_name = "Durham Convention Center"
    conference.save()
    visa_request = VisaRequestFactory(
        conference=conference,
        passport_name="Chidi Okafor",
        passport_number="A12345678",
        status=VisaRequest.Status.APPROVED,
        role=VisaRequest.Role.SPEAKER,
    )

    pdf = render_letter(visa_request, today=dt.date(2024, 6, 1))

    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert reader.metadata.title == "Invitation letter: DjangoCon US 2024"
    text = text_of(pdf)
    for expected in (
        "Defna",
        "1 June 2024",
        "invites Chidi Okafor, a citizen of Nigerian born on 2 April 1990",
        "passport number A12345678",
        "from 22 September 2024 to 27 September 2024",
        "Durham Convention Center",
        "Chidi Okafor is registered as a speaker",
        "arrive on 21 September 2024 and to leave on 28 September 2024",
        "Grace Hopper",
        "Chair",
    ):
        assert expected in text, expected


def test_letter_escapes_markup_in_names(conference, visa_settings):
    visa_settings.organization_name = "Defna & friends <b>"
    visa_settings.save()
    visa_request = VisaRequestFactory(
        conference=conference, passport_name="José Müller", status=VisaRequest.Status.APPROVED
    )

    text = text_of(render_letter(visa_request))

    assert "Defna & friends <b>" in text
    assert "José Müller" in text


@pytest.mark.parametrize("status", ["submitted", "declined", "more-info"])
def test_only_approved_requests_have_a_letter(conference, visa_settings, status):
    visa_request = VisaRequestFactory(conference=conference, status=status)

    with pytest.raises(ValueError, match="Only an approved request"):
        render_letter(visa_request)
