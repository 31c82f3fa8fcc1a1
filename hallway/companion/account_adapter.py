"""Account e-mails (sign-up, e-mail confirmation, password reset) in Hallway's voice.

allauth names the ``django.contrib.sites`` row in every subject and body ("[example.com]"),
and sends inside the request. This adapter names the conference whose own host name the
visitor came through, else the install (``HALLWAY_SITE_NAME``), and hands the message to the
tasks API like every other Hallway e-mail (hallway.core.mail).
"""

from __future__ import annotations

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from hallway.conferences.models import Conference
from hallway.core.mail import enqueue_on_commit, send_email


def site_name(request) -> str:
    """The conference served on this request's host name, else the install's name."""
    conference_id = getattr(request, "host_conference_id", None)
    if conference_id:
        name = Conference.objects.filter(pk=conference_id).values_list("name", flat=True).first()
        if name:
            return name
    return getattr(settings, "HALLWAY_SITE_NAME", "Hallway")


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"[{site_name(allauth_context.request)}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        # What allauth's templates call the site: the name above and the host asked for.
        current_site = SimpleNamespace(
            name=site_name(request), domain=request.get_host() if request else ""
        )
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": current_site, **context},
        )
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", ())
                if mimetype == "text/html"
            ),
            "",
        )
        text = message.body
        if getattr(message, "content_subtype", "plain") == "html":
            text, html = "", message.body
        enqueue_on_commit(
            send_email,
            subject=message.subject,
            to=list(message.to),
            text=text,
            html=html,
            from_email=message.from_email,
            headers=dict(message.extra_headers) or None,
        )
