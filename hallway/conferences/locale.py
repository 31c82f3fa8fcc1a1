"""Which language a page is in: the visitor's choice, else the conference's, else English.

Replaces Django's ``LocaleMiddleware``, which would let the browser's ``Accept-Language`` win
over the organizers' choice. The order is:

1. the visitor's explicit choice, the cookie the switcher in every page's footer sets
   (``hallway/core/languages.py``);
2. the language of the conference the page belongs to (``Conference.language``), read from the
   same cached lookup the page cache uses, so a cached page still costs no SQL;
3. ``settings.LANGUAGE_CODE`` (English).

The page cache keys stored pages by the active language (``PublicPageCacheMiddleware._key``),
so a page rendered in one language is never answered to a visitor who reads another.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from hallway.conferences.page_cache import ConferenceKey, conference_for
from hallway.core.languages import supported


def choose_language(cookie: str | None, conference: Callable[[], ConferenceKey | None]) -> str:
    """The order of the module docs, for the middleware and the page cache's fast path:
    ``cookie`` (the visitor's choice), else the language of the ``conference()`` (looked up only
    when no choice was made), else English."""
    chosen = supported(cookie)
    if chosen:
        return chosen
    found = conference()
    return (found is not None and supported(found.language)) or settings.LANGUAGE_CODE


def language_for(request: HttpRequest) -> str:
    """The language to answer ``request`` in (see the module docs for the order)."""
    return choose_language(
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME), lambda: conference_for(request)[0]
    )


class ConferenceLocaleMiddleware:
    """Activate :func:`language_for` for the request; place after ``ConferenceHostMiddleware``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            translation.deactivate()
        # The cookie picks the language: shared caches must not give one visitor's page to
        # another (the page cache keys by language itself).
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
