"""E-mail goes out through a background task, never inside the request.

A view (or an admin action) renders its message, then enqueues it once the transaction that
decided to send it commits::

    from hallway.core.mail import send_templated_email

    send_templated_email(
        "grants/email/decision",  # grants/email/decision_subject.txt, .txt and (optional) .html
        {"application": application, "site_url": "https://2024.djangocon.us"},
        to=[application.user.email],
    )

The worker (``python manage.py db_worker`` with the default database backend, ``rqworker``
with the RQ one: docs/operators.md) runs :func:`send_email`, which delivers through Django's
``EMAIL_BACKEND``. Its arguments are stored in the queue until the worker runs it, so they must
be JSON-serialisable and should hold nothing more sensitive than the message itself: a message
that carries a private file (a visa letter) is built inside the feature's own task from a
primary key, with :func:`deliver`.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def deliver(
    *,
    subject: str,
    to: Iterable[str],
    text: str,
    html: str = "",
    from_email: str | None = None,
    reply_to: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> int:
    """Send one message now (in the worker); returns how many were sent (0 or 1).

    ``attachments`` are ``(filename, content, mimetype)``. Subjects are kept to one line, as a
    header must be.
    """
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=list(reply_to),
        headers=headers or {},
    )
    if html:
        message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message.send()


@task()
def send_email(
    *,
    subject: str,
    to: list[str],
    text: str,
    html: str = "",
    from_email: str | None = None,
    reply_to: list[str] | None = None,
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> int:
    """The background task: :func:`deliver` with JSON-friendly arguments.

    ``attachments`` are ``{"filename", "mimetype", "content"}`` with the content in base64.
    """
    return deliver(
        subject=subject,
        to=to,
        text=text,
        html=html,
        from_email=from_email,
        reply_to=reply_to or (),
        headers=headers,
        attachments=[
            (item["filename"], base64.b64decode(item["content"]), item["mimetype"])
            for item in attachments or ()
        ],
    )


def attachment(filename: str, content: bytes, mimetype: str) -> dict[str, str]:
    """One entry of :func:`send_email`'s ``attachments``."""
    return {
        "filename": filename,
        "mimetype": mimetype,
        "content": base64.b64encode(content).decode("ascii"),
    }


def enqueue_on_commit(task_, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task_`` when the current transaction commits (at once outside one).

    A worker on another connection (RQ's, or the database worker polling) must not pick up a
    task for rows it cannot see yet, nor one for a change that was rolled back.
    """
    transaction.on_commit(partial(task_.enqueue, *args, **kwargs))


def render_email(
    template_prefix: str, context: dict[str, Any], *, language: str | None = None
) -> dict[str, str]:
    """``subject``, ``text`` and ``html`` from ``<prefix>_subject.txt``, ``<prefix>.txt`` and
    the optional ``<prefix>.html``.

    In ``language`` when given, else in the active one: a message an attendee's own action
    sends goes out in the language of the page they used; one sent from the admin or by a
    background task should name the conference's (``Conference.language``).
    """
    with translation.override(language or translation.get_language()):
        subject = render_to_string(f"{template_prefix}_subject.txt", context)
        text = render_to_string(f"{template_prefix}.txt", context)
        try:
            html = render_to_string(f"{template_prefix}.html", context)
        except TemplateDoesNotExist:
            html = ""
    return {"subject": " ".join(subject.split()), "text": text, "html": html}


def send_templated_email(
    template_prefix: str,
    context: dict[str, Any],
    *,
    to: Iterable[str],
    reply_to: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    language: str | None = None,
) -> None:
    """Render a message now (in ``language``, see :func:`render_email`) and enqueue
    :func:`send_email` for when the transaction commits."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    enqueue_on_commit(
        send_email,
        to=recipients,
        reply_to=list(reply_to),
        headers=headers or {},
        **render_email(template_prefix, context, language=language),
    )
