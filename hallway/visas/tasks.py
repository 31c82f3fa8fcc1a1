"""Background tasks of the visa workflow (Django's tasks API, run by the worker)."""

from __future__ import annotations

from django.utils import timezone, translation
from django_tasks import task

from hallway.core.mail import deliver, render_email
from hallway.visas import services
from hallway.visas.letter import letter_filename, render_letter
from hallway.visas.models import VisaRequest


@task()
def email_letter(visa_request_id: int, *, page_url: str) -> bool:
    """E-mail the approved letter to its requester, built here so that no passport data ever
    sits in the task queue. False when there is nothing to send any more."""
    visa_request = (
        VisaRequest.objects.select_related("conference__visa_settings", "user")
        .filter(pk=visa_request_id)
        .first()
    )
    if visa_request is None or not visa_request.has_letter or not visa_request.user.email:
        return False
    # The message and the letter are in the conference's language (Conference.language).
    with translation.override(visa_request.conference.language):
        message = render_email(
            "visas/email/approved",
            {
                "visa_request": visa_request,
                "conference": visa_request.conference,
                "page_url": page_url,
            },
        )
        letter = render_letter(visa_request)
    deliver(
        to=[visa_request.user.email],
        attachments=[(letter_filename(visa_request), letter, "application/pdf")],
        **message,
    )
    VisaRequest.objects.filter(pk=visa_request.pk).update(letter_sent_at=timezone.now())
    return True


@task()
def erase_visa_data() -> int:
    """Erase the passport data that is past its retention (see services.erase_expired)."""
    return services.erase_expired()
