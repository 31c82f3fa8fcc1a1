"""Reversing conference URLs the same way whether a conference is served under
``/<slug>/`` or at ``/`` on its own host name (see ConferenceHostMiddleware)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.urls import get_urlconf, reverse, set_urlconf

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


def conference_url_from_anywhere(conference: Conference, name: str, **kwargs) -> str:
    """A URL of ``conference``'s site that works from a page of any conference of the install:
    scheme-relative ``//<host>/path`` when the conference has its own host name, else
    ``/<slug>/path`` (which answers on the install's main host name)."""
    if conference.host:
        path = reverse(name, kwargs=kwargs or None, urlconf=settings.HALLWAY_HOST_URLCONF)
        return f"//{conference.host}{path}"
    return reverse(
        name, kwargs={"conference_slug": conference.slug, **kwargs}, urlconf=settings.ROOT_URLCONF
    )


def absolute_url_from_anywhere(instance) -> str:
    """``instance.get_absolute_url()`` (a session, a presenter…) as linked from a page of any
    conference of the install, like :func:`conference_url_from_anywhere`. The model's own
    method reverses the URL, so no app needs to name another's URL patterns."""
    conference = instance.conference
    previous = get_urlconf()
    set_urlconf(settings.HALLWAY_HOST_URLCONF if conference.host else settings.ROOT_URLCONF)
    try:
        path = instance.get_absolute_url()
    finally:
        set_urlconf(previous)
    return f"//{conference.host}{path}" if conference.host else path
