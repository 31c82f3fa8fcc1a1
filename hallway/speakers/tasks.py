"""E-mail goes out from the background worker, never inside the request."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    html: str,
    to: list[str],
    from_email: str,
    headers: dict[str, str] | None = None,
) -> None:
    """One e-mail: plain text with an HTML alternative."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers or {})
    message.attach_alternative(html, "text/html")
    message.send()
