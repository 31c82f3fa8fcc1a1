"""Whole-response caching for API operations, keyed on the conference's version.

The same scheme as the public pages (:mod:`hallway.conferences.page_cache`): a conference's
``version`` goes up on every change to anything it holds (:mod:`hallway.conferences.versioning`),
so a cached body is never served after an edit; the next request simply builds a new key. The
version itself comes from core's cache, so a warm request for a conference's data runs no SQL at
all. The list of conferences is keyed on every public conference's version, which costs one small
query.

Answers carry an ETag and ``Cache-Control: public, max-age=60``; a client sending the ETag it
got back gets a 304 without a body.
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
from hallway.conferences.page_cache import conference_key
from hallway.core import cache_keys

BROWSER_MAX_AGE = 60
SLUG_RE = re.compile(SLUG_PATTERN)


def response_key(request: HttpRequest, version: str) -> str:
    """One key per (version, host, path, query); the host matters as bodies hold absolute URLs.

    The query is sorted so ``?a=1&b=2`` and ``?b=2&a=1`` share an entry.
    """
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() for v in values))
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    return cache_keys.API_RESPONSE.format(
        version=version, digest=hashlib.sha256(url.encode()).hexdigest()
    )


def conference_version(slug: str) -> tuple[int, int] | None:
    """(id, version) of the public conference ``slug`` names, or None.

    Unknown and non-public conferences look the same from outside.
    """
    if not SLUG_RE.fullmatch(slug):
        # Not a slug, so no conference; and PostgreSQL refuses some strings (NUL bytes).
        return None
    key = conference_key(slug=slug)
    if key is None or not key.is_public:
        return None
    return key.id, key.version


def conferences_version() -> str:
    """A token that changes when any public conference is added, removed, hidden or edited."""
    pairs = list(queries.public_conferences().order_by("pk").values_list("pk", "version"))
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:16]


def cached_response(
    not_found: Callable[[HttpRequest, str], HttpResponse],
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate an operation's run (ninja ``decorate_view``) to serve it from the cache.

    Operations with a ``slug`` path parameter are for one conference: on a miss it is loaded
    as ``request.conference`` for the operation; an unknown one is answered by
    ``not_found(request, slug)``. Only 200 responses are stored; all of them get the headers.
    """

    def decorator(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(run)
        def wrapper(request: HttpRequest, **kwargs) -> HttpResponse:
            slug = kwargs.get("slug")
            if slug is not None:
                found = conference_version(slug)
                if found is None:
                    return not_found(request, slug)
                conference_id, version = found
                key = response_key(request, f"{conference_id}:{version}")
            else:
                conference_id = None
                key = response_key(request, conferences_version())

            hit = cache.get(key)
            if hit is not None:
                body, etag = hit
                response = HttpResponse(body, content_type="application/json; charset=utf-8")
            else:
                if conference_id is not None:
                    request.conference = (
                        queries.public_conferences().filter(pk=conference_id).first()
                    )
                    if request.conference is None:  # deleted or hidden a moment ago
                        return not_found(request, slug)
                response = run(request, **kwargs)
                if response.status_code != 200:
                    return response
                etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
                cache.set(key, (response.content, etag), settings.HALLWAY_PAGE_CACHE_SECONDS)

            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=BROWSER_MAX_AGE)
            return get_conditional_response(request, etag=etag, response=response) or response

        return wrapper

    return decorator
