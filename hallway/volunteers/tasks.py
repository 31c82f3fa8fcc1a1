"""E-mail to volunteers who move up from a shift's waiting list, sent by the task worker.

The task gets the sign-up's id and reads it when it runs: a volunteer who cancelled in between
gets no e-mail, and the queue holds no personal data.
"""

from __future__ import annotations

from django_tasks import task

from hallway.core.mail import deliver, enqueue_on_commit, render_email
from hallway.volunteers.models import Signup


def notify_promoted_on_commit(signup_id: int) -> None:
    """Enqueue :func:`send_promoted_email` once the current transaction commits."""
    enqueue_on_commit(send_promoted_email, signup_id)


@task()
def send_promoted_email(signup_id: int) -> int:
    """Tell the volunteer the shift is theirs now; 0 when the sign-up is gone or waiting.
    Idempotent enough: it sends what is true when it runs."""
    signup = (
        Signup.objects.filter(pk=signup_id, status=Signup.Status.CONFIRMED)
        .select_related("user", "shift__role__conference", "shift__session__room")
        .first()
    )
    if signup is None or not signup.user.email:
        return 0
    shift = signup.shift
    context = {"signup": signup, "shift": shift, "conference": shift.role.conference}
    # Sent by a background task: in the conference's language.
    language = shift.role.conference.language
    message = render_email("volunteers/email/promoted", context, language=language)
    return deliver(to=[signup.user.email], **message)
