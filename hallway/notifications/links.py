"""Absolute links in e-mails, which the worker writes without a request, and the signed
unsubscribe token."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing

from hallway.conferences.urls_helpers import conference_url_from_anywhere

UNSUBSCRIBE_SALT = "hallway.notifications.unsubscribe"


def absolute(conference, name: str, **kwargs) -> str:
    """``https://host/path`` of a page of ``conference``: on its own host name when it has
    one, else under ``HALLWAY_BASE_URL``."""
    url = conference_url_from_anywhere(conference, name, **kwargs)
    base = settings.HALLWAY_BASE_URL.rstrip("/")
    if url.startswith("//"):
        return f"{urlsplit(base).scheme or 'https'}:{url}"
    return base + url


def _signer() -> signing.Signer:
    return signing.Signer(salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user) -> str:
    """A token that unsubscribes ``user`` from the digest: the account's number, signed with
    the secret key. It never expires (an old e-mail's link must still work) and is the same
    in every e-mail."""
    return _signer().sign(str(user.pk))


def user_id_from_token(token: str) -> int | None:
    """The account a token names, or None when it was altered or made with another key."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None
