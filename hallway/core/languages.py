"""The interface languages a visitor may choose (``settings.LANGUAGES``) and the switcher.

Which language a page is in is decided in ``hallway/conferences/locale.py``; this module keeps
what has no domain: checking a language code, and the view the footer's switcher sends to.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


def supported(code: str | None) -> str | None:
    """``code`` if it names one of ``settings.LANGUAGES`` (or a variant of one), else None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


@require_safe
def choose_language(request: HttpRequest) -> HttpResponseRedirect:
    """Keep the visitor's language in a cookie and send them back to ``next``.

    A GET form, so that it needs no CSRF token: a cached page carries one token only, after
    everything else (hallway/conferences/page_cache.py), and a language is no secret to
    protect. An unknown language changes nothing; a ``next`` off this site goes home.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = supported(request.GET.get("language"))
    if language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    add_never_cache_headers(response)
    return response
