"""Submitting an application, scoring it and deciding it; the applicant hears by e-mail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallway.core.mail import send_templated_email
from hallway.grants.models import GrantApplication, GrantReview, currency


def _context(application: GrantApplication, page_url: str) -> dict:
    return {
        "application": application,
        "conference": application.conference,
        "currency": currency(),
        "page_url": page_url,
    }


@transaction.atomic
def submit_application(application: GrantApplication, *, page_url: str) -> GrantApplication:
    is_new = application.pk is None
    application.save()
    if is_new:
        send_templated_email(
            "grants/email/received", _context(application, page_url), to=[application.user.email]
        )
    return application


@transaction.atomic
def save_review(application: GrantApplication, *, reviewer, score: int, comment: str):
    """Create or replace ``reviewer``'s score of ``application``."""
    if application.user_id == reviewer.pk:
        raise ValidationError(_("You cannot review your own application."))
    review, _created = GrantReview.objects.update_or_create(
        application=application,
        reviewer=reviewer,
        defaults={"score": score, "comment": comment},
    )
    return review


@transaction.atomic
def decide(
    application: GrantApplication,
    *,
    status: str,
    amount_granted=None,
    message: str = "",
    by,
    page_url: str,
) -> GrantApplication:
    """Record the decision and e-mail the applicant (once the transaction commits)."""
    if status not in (GrantApplication.Status.GRANTED, GrantApplication.Status.DECLINED):
        raise ValidationError({"status": _("Choose granted or declined.")})
    application.status = status
    application.amount_granted = (
        amount_granted if status == GrantApplication.Status.GRANTED else None
    )
    application.decision_message = message.strip()
    application.decided_at = timezone.now()
    application.decided_by = by
    application.full_clean(exclude=["user", "conference"])
    application.save()
    # Decided in the admin: in the conference's language, not the organizer's.
    send_templated_email(
        "grants/email/decision",
        _context(application, page_url),
        to=[application.user.email],
        language=application.conference.language,
    )
    return application
