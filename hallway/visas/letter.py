"""The invitation letter as a PDF (ReportLab), on the conference's letterhead.

Built on demand from the request (never stored): a download and the e-mail attachment are the
same bytes, and once the passport data is erased there is no letter left to leak.
"""

from __future__ import annotations

import datetime as dt
import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

from hallway.core.formats import format_as
from hallway.visas.models import VisaRequest, VisaSettings


def long_date(value: dt.date) -> str:
    """``23 September 2024``: unambiguous for consulates everywhere."""
    return format_as(value, "date")


def letter_filename(request: VisaRequest) -> str:
    return f"visa-letter-{request.conference.slug}.pdf"


def render_letter(request: VisaRequest, *, today: dt.date | None = None) -> bytes:
    """The PDF letter for an approved request (its settings must exist)."""
    if not request.has_letter:
        raise ValueError("Only an approved request whose data is kept has a letter.")
    conference = request.conference
    visa_settings: VisaSettings = conference.visa_settings
    today = today or timezone.localdate()
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=11, leading=15)
    small = ParagraphStyle("small", parent=body, fontSize=9, leading=12, textColor=colors.grey)
    heading = ParagraphStyle("heading", parent=styles["Title"], fontSize=18, alignment=0)

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)

    letterhead = [para(visa_settings.organization_name, heading)]
    details = [visa_settings.organization_address]
    details += [visa_settings.contact_email, conference.website_url]
    letterhead.append(para("\n".join(line for line in details if line), small))
    venue = ", ".join(
        part for part in (conference.venue_name, conference.venue_address, conference.city) if part
    )
    name = request.passport_name
    paragraphs = [
        _("To the consular officer concerned,"),
        _(
            "%(organization)s invites %(name)s, a citizen of %(nationality)s born on "
            "%(birth)s and holder of passport number %(passport)s, %(purpose)s: "
            "%(conference)s, from %(starts)s to %(ends)s, at %(venue)s."
        )
        % {
            "organization": visa_settings.organization_name,
            "name": name,
            "nationality": request.nationality,
            "birth": long_date(request.birth_date),
            "passport": request.passport_number,
            "purpose": visa_settings.purpose,
            "conference": conference.name,
            "starts": long_date(conference.starts_on),
            "ends": long_date(conference.ends_on),
            "venue": venue or conference.name,
        },
        (
            _("%(name)s is registered as a speaker at the conference.")
            if request.role == VisaRequest.Role.SPEAKER
            else _("%(name)s is registered to attend the conference.")
        )
        % {"name": name},
        _("%(name)s plans to arrive on %(arrival)s and to leave on %(departure)s.")
        % {
            "name": name,
            "arrival": long_date(request.arrival_date),
            "departure": long_date(request.departure_date),
        },
        _(
            "This letter does not commit %(organization)s to any financial support; travel, "
            "lodging and living expenses are the visitor's own."
        )
        % {"organization": visa_settings.organization_name},
        _("Yours faithfully,"),
    ]
    story = [
        *letterhead,
        HRFlowable(width="100%", color=colors.grey, spaceBefore=4, spaceAfter=12),
        para(long_date(today)),
        Spacer(1, 6 * mm),
        para(_("Invitation letter: %(conference)s") % {"conference": conference.name}, heading),
        Spacer(1, 4 * mm),
    ]
    for text in paragraphs:
        story += [para(text), Spacer(1, 3 * mm)]
    story += [
        Spacer(1, 12 * mm),
        para(visa_settings.signatory_name),
        para(visa_settings.signatory_title),
        para(visa_settings.organization_name),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=_("Invitation letter: %(conference)s") % {"conference": conference.name},
        author=visa_settings.organization_name,
    )
    document.build(story)
    return buffer.getvalue()
