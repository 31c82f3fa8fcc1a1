"""Whole-response caching for API operations, keyed on the conference's version.

A conference's ``version`` goes up on every edit of anything it holds, so a cached body is
never stale: the next request after an edit builds a new key. A warm request costs one query
(the version lookup); a client sending the ETag it got back gets 304 for that same query.
"""

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control

from hallway.api import queries
from hallway.api.schemas import SLUG_PATTERN
from hallway.conferences.models import Conference

BROWSER_MAX_AGE = 60
SLUG_RE = re.compile(SLUG_PATTERN)


def cache_key(request: HttpRequest, version: str) -> str:
    """One key per (version, host, path, query); the host matters as bodies hold absolute URLs.

    The query is sorted so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry.
    """
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return f"hallway:api:{version}:{hashlib.sha256(url.encode()).hexdigest()}"


def public_conference(slug: str) -> Conference | None:
    """The public conference ``slug`` names, or None (unknown and non-public look the same)."""
    if not SLUG_RE.fullmatch(slug):
        # Not a slug, so no conference; and PostgreSQL refuses some strings (NUL bytes).
        return None
    return queries.public_conferences().filter(slug=slug).first()


def conferences_version() -> str:
    """A token that changes when any public conference is added, removed, hidden or edited."""
    pairs = list(queries.public_conferences().order_by("pk").values_list("pk", "version"))
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:16]


def cached_response(
    not_found: Callable[[HttpRequest, str], HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate an operation's run (ninja ``decorate_view``) to serve it from the cache.

    Operations with a ``slug`` path parameter get the public conference as
    ``request.conference`` (or ``not_found(request, slug)`` answers); the others are keyed on
    every public conference's version. Only 200 responses are stored; all get the headers.
    """

    def decorator(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(run)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            slug = kwargs.get("slug")
            if slug is not None:
                conference = public_conference(slug)
                if conference is None:
                    return not_found(request, slug)
                request.conference = conference
                version = str(conference.version)
            else:
                version = conferences_version()

            key = cache_key(request, version)
            hit = cache.get(key)
            if hit is not None:
                body, etag = hit
                response = HttpResponse(body, content_type="application/json; charset=utf-8")
            else:
                response = run(request, **kwargs)
                if response.status_code != 200:
                    return response
                etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
                cache.set(key, (response.content, etag), settings.HALLWAY_PAGE_CACHE_SECONDS)

            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            not_modified = get_conditional_response(request, etag=etag, response=response)
            return not_modified or response

        return wrapper

    return decorator
