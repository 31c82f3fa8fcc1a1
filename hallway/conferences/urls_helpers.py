"""Reversing conference URLs the same way whether a conference is served under
``/<slug>/`` or at ``/`` on its own host name (see ConferenceHostMiddleware)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import get_urlconf, reverse

if TYPE_CHECKING:
    from hallway.conferences.models import Conference


def serving_on_host() -> bool:
    """True while the current request is served from a conference's own host name."""
    return get_urlconf() == settings.HALLWAY_HOST_URLCONF


def conference_reverse(conference: Conference, name: str, **kwargs) -> str:
    """``reverse()`` for a URL inside a conference's site; pass URL kwargs by name.

    A feature page whose address an imported page took is reversed at its aside address
    (``hallway.core.seams.addresses``).
    """
    from hallway.core.seams import addresses

    name = addresses.url_name(conference, name)
    if serving_on_host():
        return reverse(name, kwargs=kwargs or None)
    return reverse(name, kwargs={"conference_slug": conference.slug, **kwargs})
