"""E-mail to attendees who move up from a waiting list, sent by the task worker.

The task gets the RSVP's id and reads it when it runs: an attendee who cancelled in between
gets no e-mail, and the queue holds no personal data. It renders and sends with the shared
helpers of :mod:`hallway.core.mail`.
"""

from __future__ import annotations

from django_tasks import task

from hallway.core.mail import deliver, enqueue_on_commit, render_email
from hallway.events.models import Rsvp


def notify_promoted_on_commit(rsvp_id: int) -> None:
    """Enqueue :func:`send_promoted_email` once the current transaction commits: a worker on
    another connection must not look for a row it cannot see yet."""
    enqueue_on_commit(send_promoted_email, rsvp_id)


@task()
def send_promoted_email(rsvp_id: int) -> int:
    """Tell the attendee they have a place now; 0 when the RSVP is gone or unconfirmed."""
    rsvp = (
        Rsvp.objects.filter(pk=rsvp_id, status=Rsvp.Status.CONFIRMED)
        .select_related("user", "event__conference", "event__place")
        .first()
    )
    if rsvp is None or not rsvp.user.email:
        return 0
    context = {"rsvp": rsvp, "event": rsvp.event, "conference": rsvp.event.conference}
    message = render_email(
        "events/email/promoted", context, language=rsvp.event.conference.language
    )
    return deliver(to=[rsvp.user.email], **message)
