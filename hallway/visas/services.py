"""What happens around a visa request: its submission, the organizers' decision, and the
erasure of passport data after the conference. E-mail goes through background tasks."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.core.mail import enqueue_on_commit, send_templated_email
from hallway.visas.models import PASSPORT_FIELDS, VisaRequest, VisaSettings

NO_SETTINGS = gettext_lazy(
    "Fill in this conference's visa letter settings (letterhead and signatory) first."
)

DECISIONS = (
    VisaRequest.Status.APPROVED,
    VisaRequest.Status.DECLINED,
    VisaRequest.Status.MORE_INFO,
)


def _email_context(visa_request: VisaRequest, page_url: str) -> dict:
    return {
        "visa_request": visa_request,
        "conference": visa_request.conference,
        "page_url": page_url,
    }


@transaction.atomic
def submit_request(visa_request: VisaRequest, *, page_url: str) -> VisaRequest:
    """Save a new or updated request; an answer to a question goes back to review."""
    is_new = visa_request.pk is None
    if visa_request.status == VisaRequest.Status.MORE_INFO:
        visa_request.status = VisaRequest.Status.SUBMITTED
    visa_request.save()
    send_templated_email(
        "visas/email/received",
        {**_email_context(visa_request, page_url), "is_new": is_new},
        to=[visa_request.user.email],
    )
    return visa_request


@transaction.atomic
def decide(
    visa_request: VisaRequest, *, status: str, message: str, by, page_url: str
) -> VisaRequest:
    """Record an organizer's decision and tell the requester (the letter comes attached).

    Declining needs a reason and asking for more needs the question: both are ``message``.
    """
    if status not in DECISIONS:
        raise ValidationError({"status": _("Choose approve, decline or ask for more.")})
    if status != VisaRequest.Status.APPROVED and not message.strip():
        raise ValidationError(
            {
                "organizer_message": _("Give the reason for declining.")
                if status == VisaRequest.Status.DECLINED
                else _("Say what information is missing.")
            }
        )
    if visa_request.erased_at:
        raise ValidationError(_("The passport data of this request was erased."))
    if (
        status == VisaRequest.Status.APPROVED
        and not VisaSettings.objects.filter(conference_id=visa_request.conference_id).exists()
    ):
        raise ValidationError({"status": NO_SETTINGS})
    visa_request.status = status
    visa_request.organizer_message = message.strip()
    visa_request.decided_at = timezone.now()
    visa_request.decided_by = by
    visa_request.save(
        update_fields=["status", "organizer_message", "decided_at", "decided_by", "updated_at"]
    )
    if status == VisaRequest.Status.APPROVED:
        from hallway.visas.tasks import email_letter

        enqueue_on_commit(email_letter, visa_request.pk, page_url=page_url)
    else:
        # Decided in the admin: in the conference's language, not the organizer's.
        send_templated_email(
            f"visas/email/{status}",
            _email_context(visa_request, page_url),
            to=[visa_request.user.email],
            language=visa_request.conference.language,
        )
    return visa_request


def retention_days() -> int:
    return int(getattr(settings, "HALLWAY_VISA_RETENTION_DAYS", 30))


@transaction.atomic
def erase_expired(*, today: dt.date | None = None, dry_run: bool = False) -> int:
    """Erase the passport data of requests whose conference ended more than
    ``HALLWAY_VISA_RETENTION_DAYS`` ago; keep the decision. Returns how many were erased."""
    today = today or timezone.localdate()
    due = VisaRequest.objects.due_for_erasure(today, retention_days())
    if dry_run:
        return due.count()
    blank = {name: None if name.endswith("_date") else "" for name in PASSPORT_FIELDS}
    return due.update(**blank, erased_at=timezone.now(), updated_at=timezone.now())
