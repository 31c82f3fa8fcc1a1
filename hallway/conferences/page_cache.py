"""Whole-page caching of conference sites for visitors whose page does not depend on who they are.

At a conference everyone opens the schedule in the same minute. The page is the same for every
anonymous visitor, so :class:`PublicPageCacheMiddleware` renders it once per *conference version*
and answers everyone else from the cache (Redis in production, local memory by default):

* The cache key carries ``Conference.version``, which :mod:`hallway.conferences.versioning`
  bumps on every change to anything of that conference. An edit is visible on the next request;
  nothing is ever purged by hand.
* Finding the version costs no SQL on a hit: it is kept under ``hallway:conf-slug:<slug>`` and
  ``hallway:conf-version:<id>`` (host-mapped sites), both deleted by every bump; with a
  per-process cache (local memory) it is also re-read every second, since a bump made in
  another worker process cannot delete it. With Redis an edit shows at once.
* A stored page never changes under its key, so each process also keeps the pages it serves in
  memory, and pages are stored gzip-compressed: a hit neither fetches nor compresses the page.
* Responses carry an ETag and Last-Modified and answer conditional requests with 304.
* Pages embed a CSRF token (the shared star form). A shared page must not share a token, so pages
  are rendered with a placeholder (see :func:`csrf_placeholder`) that each answer replaces with
  the visitor's own token.

Accounts, the admin and the API are never cached here, and the anonymous copy of a page is not
given to visitors who have a non-empty session (signed in, or stars kept in the session), with
one exception: answers that hold nothing of the visitor (exports, feeds; views decorated with
:func:`shared_with_everyone`) come from the cache for everyone, and are stored whoever asked
first. Signed-in attendees with a plain session get a copy they share, with their own stars and
menu filled in (member_pages.py), and attendee pages (``/<slug>/my/``) whose view allows it
(:func:`kept_per_member`, the agenda) are kept for their attendee until something of theirs
changes (hallway/core/members.py). Views also say which query parameters change their answer
(:func:`cache_query`); the key ignores the others, so no query string can make a worker render
a page per request.

A hit for a visitor with no session is usually answered before Django even builds a request,
by the fast path in hallway/conferences/fast_path.py, from the same stored entry.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import struct
import time
import zlib
from dataclasses import dataclass
from functools import wraps
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_TOKEN_LENGTH, get_token
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from hallway.conferences import member_pages
from hallway.core import cache_keys, members
from hallway.core.caching import LocalCache

VERSION_KEY = cache_keys.CONFERENCE_VERSION
SLUG_KEY = cache_keys.CONFERENCE_SLUG
PAGE_KEY = cache_keys.PAGE

# The first path segments of ``hallway.urls`` that are not a conference slug, and the ones inside
# a conference site whose pages depend on the visitor.
SITE_WIDE_PREFIXES = (
    "admin",
    "accounts",
    "api",
    "language",
    "me",
    "media",
    "series",
    "static",
    "__debug__",
)
PRIVATE_CONFERENCE_PREFIXES = ("my",)

# 64 characters, like a real masked token, so templates that check its length still work.
CSRF_PLACEHOLDER = "hallwaycsrftokenplaceholder".ljust(64, "0")
_CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()

# Headers a cached answer does not copy from the stored response: cookies are the visitor's, the
# rest is recomputed for each answer.
UNSTORED_HEADERS = frozenset(
    {"set-cookie", "vary", "cache-control", "etag", "last-modified", "content-length", "date"}
)


def version_cache_seconds() -> int:
    """How long a process trusts its cached conference version.

    Bumps delete the key in the cache they run against, so with a shared cache (Redis) an edit
    shows at once and the key may live long. A per-process cache (local memory) cannot hear about
    bumps made by other worker processes, so it re-reads the version every second.
    """
    configured = getattr(settings, "HALLWAY_VERSION_CACHE_SECONDS", None)
    if configured is not None:
        return int(configured)
    backend = settings.CACHES["default"]["BACKEND"]
    return 1 if backend.endswith("LocMemCache") else 300


@dataclass(frozen=True)
class ConferenceKey:
    """What the middleware needs to know about a conference to find its cached pages."""

    id: int
    version: int
    is_public: bool
    # When the row was made: ids can come back after a delete (SQLite, test databases), and a
    # new conference with an old id must not find the old one's pages.
    created: float
    # The interface language the organizers chose (Conference.language).
    language: str = "en"


def _page_weight(stored: dict) -> int:
    if "segments" not in stored:
        return member_pages.weigh(stored)
    weight = sum(map(len, stored["segments"])) + sum(map(len, stored["gzip_segments"] or []))
    return weight + len(stored.get("gzip", b""))


local_pages = LocalCache(weigh=_page_weight)


class LookupMemo:
    """The fast path's last answers to "which conference, at which version" per host and
    slug, kept in the process for ``HALLWAY_FAST_PATH_MEMO_SECONDS`` (1 by default): under
    load most cache hits then cost no round trip to the shared cache at all. A bump made in
    this process forgets them at once; one made elsewhere is seen here within that time."""

    def __init__(self) -> None:
        self.entries: dict = {}

    def get(self, key):
        found = self.entries.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def set(self, key, value) -> None:
        seconds = getattr(settings, "HALLWAY_FAST_PATH_MEMO_SECONDS", 1.0)
        if seconds <= 0:
            return
        if len(self.entries) > 1000:  # hosts and slugs come from requests: keep it bounded
            self.entries.clear()
        self.entries[key] = (time.monotonic() + seconds, value)

    def clear(self) -> None:
        self.entries.clear()


lookups = LookupMemo()


def forget_version(conference_id: int, slug: str | None = None) -> None:
    """Drop the cached version of a conference: the next request reads it from the database."""
    lookups.clear()
    keys = [VERSION_KEY.format(id=conference_id)]
    if slug:
        keys.append(SLUG_KEY.format(slug=slug))
    cache.delete_many(keys)


def conference_key(
    *, conference_id: int | None = None, slug: str | None = None
) -> ConferenceKey | None:
    """The id, version and visibility of a conference, from the cache when possible.

    Cached under its id (host-mapped requests) and under its slug (``/<slug>/`` requests), so a
    hit costs one cache lookup; bumps delete both. Readers only ``add`` to the cache, never
    ``set``: a reader that fetched a version just before a bump must not overwrite the bump's
    deletion with the old value.
    """
    from hallway.conferences.models import Conference

    if conference_id is not None:
        key, lookup = VERSION_KEY.format(id=conference_id), {"pk": conference_id}
    elif slug is not None:
        key, lookup = SLUG_KEY.format(slug=slug), {"slug": slug}
    else:
        return None
    entry = cache.get(key)
    if entry is None:
        row = (
            Conference.objects.filter(**lookup)
            .values_list("pk", "version", "is_public", "created_at", "language")
            .first()
        )
        entry = (
            (row[0], row[1], row[2], row[3].timestamp(), row[4]) if row else (0, 0, False, 0.0, "")
        )
        # A renamed conference's old slug keeps its entry until it expires: it only ever
        # points at pages stored for the old paths, which answered before the rename anyway.
        cache.add(key, entry, version_cache_seconds() if row else 60)
    conference_id, version, is_public, created, language = entry
    if not conference_id:
        return None
    return ConferenceKey(
        id=conference_id, version=version, is_public=is_public, created=created, language=language
    )


def csrf_placeholder(request: HttpRequest) -> dict:
    """Context processor: a placeholder instead of the CSRF token in pages that will be shared.

    Must come after Django's built-in CSRF context processor (every processor in TEMPLATES does).
    The middleware replaces the placeholder with the visitor's own token on every answer.
    """
    if getattr(request, "_hallway_member_page", False):
        # Shared by signed-in attendees: every toggle both ways, holes for their own parts.
        return {"csrf_token": CSRF_PLACEHOLDER, "toggle_slots": True, "member_page": True}
    if getattr(request, "_hallway_shared_page", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def conference_for(request: HttpRequest) -> tuple[ConferenceKey | None, str]:
    """The conference a request is for and its path inside the conference site.

    Kept on the request: the language middleware and the page cache both ask.
    """
    found = getattr(request, "_hallway_conference_key", None)
    if found is None:
        found = request._hallway_conference_key = _conference_for(request)
    return found


def _conference_for(request: HttpRequest) -> tuple[ConferenceKey | None, str]:
    path = request.path_info
    host_conference_id = getattr(request, "host_conference_id", None)
    if host_conference_id:
        first = path.lstrip("/").partition("/")[0]
        if first in SITE_WIDE_PREFIXES:
            return None, path
        return conference_key(conference_id=host_conference_id), path
    slug, slash, rest = path.lstrip("/").partition("/")
    if not slash or not slug or slug in SITE_WIDE_PREFIXES:
        return None, path
    return conference_key(slug=slug), "/" + rest


def _visitor_is_anonymous_and_stateless(request: HttpRequest) -> bool:
    """True when nothing about the visitor can change the page: no messages, empty session."""
    if "messages" in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    session = getattr(request, "session", None)
    # Loading the session costs a lookup, but only for visitors who have a session cookie.
    return session is not None and not list(session.keys())


def _etag(stored: dict, csrf_secret: str) -> str:
    """A weak ETag: the stored page, plus the visitor's CSRF cookie when the page embeds it
    (the same page with another token is another representation)."""
    tag = stored["digest"]
    if stored["has_token"]:
        tag += "-" + hashlib.blake2s(csrf_secret.encode(), digest_size=6).hexdigest()
    return f'W/"{tag}"'


def page_key(
    conference: ConferenceKey,
    *,
    host: str,
    path: str,
    query: str,
    htmx: str,
    language: str,
    scheme: str,
    audience: str = "",
) -> str:
    """The cache key of a stored page; the fast path (hallway/conferences/fast_path.py) builds
    the same key from the WSGI environ without making a request object. ``audience`` is
    "member" for the copy shared by signed-in attendees (member_pages.py)."""
    parts = (host, path, query, htmx, language, scheme, audience)
    digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
    return PAGE_KEY.format(
        id=conference.id, version=conference.version, created=conference.created, digest=digest
    )


def htmx_kind(hx_request: str | None, history_restore: str | None) -> str:
    """What the htmx headers ask for, as views read them (django-htmx): a swap, a history
    restore (the whole page), or neither. Other values of the headers change nothing, so they
    must not make new keys (a new render each) either."""
    if hx_request != "true":
        return ""
    return "restore" if history_restore == "true" else "swap"


def shared_with_everyone(view=None, *, query: tuple[str, ...] = ()):
    """Decorate a view whose answer holds nothing of the visitor (an export, a feed).

    Its answers come from the page cache for every visitor, signed in or not, and are stored
    whoever asked first, so no visitor makes a worker render them per request. ``query`` names
    the query parameters that change the answer; the cache ignores any other (so
    ``schedule.ics?anything`` cannot make a new render either).
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response._hallway_same_for_everyone = True
            return response

        wrapper.hallway_cache_query = tuple(query)
        return wrapper

    return decorate(view) if view is not None else decorate


def kept_per_member(view):
    """Decorate an attendee's own page (under ``/<slug>/my/``) that shows nothing but what
    their member version covers (hallway/core/members.py: their stars, labels, notes, RSVPs...,
    and the conference's version): the page cache keeps it for them, so looking at it again
    costs no render. Only plain sessions of attendees who are not organizers (member_pages.py)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._hallway_per_member = True
        return response

    return wrapper


def own_audience(user_id: int, member_version: int) -> str:
    """The ``audience`` of page_key() for one attendee's own page at one member version."""
    return f"own:{user_id}:{member_version}"


def cache_query(*names: str):
    """Decorate a public page to say which query parameters change it (``?day=``, ``?page=``).

    The page cache keys the page on those alone, so a link with other parameters (tracking
    tags, or junk meant to defeat the cache) gets the stored page instead of a new render.
    """

    def decorate(view):
        view.hallway_cache_query = tuple(names)
        return view

    return decorate


def normalised_query(request: HttpRequest) -> str | None:
    """The query string as far as the page cache is concerned, or None (all of it counts).

    Only asked on a miss with a query string: it resolves the path to find the view's
    declaration (:func:`shared_with_everyone`, :func:`cache_query`).
    """
    try:
        match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return None
    names = getattr(match.func, "hallway_cache_query", None)
    if names is None:
        return None
    kept = sorted(
        (name, value)
        for name, value in parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
        if name in names
    )
    return urlencode(kept)


WINDOW = 32 * 1024  # deflate's window: how far back a match may point
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0
# The same test as Django's GZipMiddleware, which compresses the answers that miss the cache.
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _accepts_gzip(request: HttpRequest) -> bool:
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def _deflate_segments(segments: list[bytes]) -> list[bytes] | None:
    """The pieces between CSRF placeholders, compressed once, when the page is stored.

    Raw deflate output that ends on a flush can be followed by more deflate blocks, so an
    answer is the stored pieces with the visitor's token, compressed alone, between them: a hit
    never compresses the page again. Each piece is compressed with the page before it as its
    dictionary, so it compresses as well as the whole page would, except that the tokens are
    NUL bytes there: HTML has no NUL, so no match can point into a token, whose bytes the
    browser sees differently. (The token never shares a match with the page either, so the
    compressed length tells nothing about it; that is what BREACH exploits.)
    """
    if len(segments) > 1 and any(b"\0" in segment for segment in segments):
        return None
    filler = b"\0" * CSRF_TOKEN_LENGTH
    compressed, history = [], b""
    for n, segment in enumerate(segments):
        options = {"zdict": history} if history else {}
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS, **options)
        last = n == len(segments) - 1
        compressed.append(
            compressor.compress(segment)
            + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
        )
        history = (history + segment + filler)[-WINDOW:]
    return compressed


def _gzip_answer(stored: dict, token: bytes) -> bytes:
    """The gzip body of a stored page with ``token`` in place of each placeholder."""
    if "gzip" in stored:
        return stored["gzip"]
    segments, compressed = stored["segments"], stored["gzip_segments"]
    if compressed is None or (len(segments) > 1 and len(token) != CSRF_TOKEN_LENGTH):
        return gzip.compress(token.join(segments), 1, mtime=0)
    # The checksum of the page up to its first token is kept with it; pages put their token
    # last (core/base.html), so little is left to check on each answer.
    crc = stored.get("crc_head")
    if crc is None:
        crc = zlib.crc32(segments[0])
    for segment in segments[1:]:
        crc = zlib.crc32(segment, zlib.crc32(token, crc))
    size = stored.get("length") or sum(map(len, segments))
    size += len(token) * (len(segments) - 1)
    token_block = b""
    if len(segments) > 1:
        # A 512-byte window and the least memory: 64 bytes need no more, and it is much
        # cheaper to set up than the default 256 KB of state on every answer.
        compressor = zlib.compressobj(1, zlib.DEFLATED, -9, 1)
        token_block = compressor.compress(token) + compressor.flush(zlib.Z_SYNC_FLUSH)
    body = token_block.join(compressed)
    return _GZIP_HEADER + body + struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)


def _with_real_token(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A page rendered with the CSRF placeholder that will not be stored after all, with the
    visitor's own token in its place."""
    if not response.streaming and _CSRF_PLACEHOLDER_BYTES in response.content:
        response.content = response.content.replace(
            _CSRF_PLACEHOLDER_BYTES, get_token(request).encode()
        )
    return response


class PublicPageCacheMiddleware:
    """Serve conference pages from the cache for visitors with no state; see the module docs.

    Place after SessionMiddleware, CsrfViewMiddleware, MessageMiddleware and the conference host
    middleware: it needs the session and the host mapping, and the CSRF middleware must see the
    token it hands out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.META.get("hallway.static_build"):
            return self.get_response(request)
        conference, site_path = conference_for(request)
        if conference is None or not conference.is_public:
            return self.get_response(request)
        if site_path.lstrip("/").partition("/")[0] in PRIVATE_CONFERENCE_PREFIXES:
            user = member_pages.member_of(request)
            if user is None:
                return self.get_response(request)
            return self._own(request, user, conference)

        query = request.META.get("QUERY_STRING", "")
        key = self._key(request, conference, query)
        stored = self._find(key)
        if stored is None and query:
            # A query the page does not read (?utm_source=...) gets the page stored without it.
            kept = normalised_query(request)
            if kept is not None and kept != query:
                query, key = kept, self._key(request, conference, kept)
                stored = self._find(key)
        stateless = _visitor_is_anonymous_and_stateless
        if stored is not None and (stored.get("everyone") or stateless(request)):
            return self._answer(request, stored, state="hit")
        if stored is None and stateless(request):
            request._hallway_shared_page = True
        elif stored is None or not stored.get("everyone"):
            user = member_pages.member_of(request)
            if user is not None:
                answer = self._member(request, user, conference, query, key)
                if answer is not None:
                    return answer
        response = self.get_response(request)
        shared = getattr(request, "_hallway_shared_page", False)
        if not shared and not getattr(response, "_hallway_same_for_everyone", False):
            return response
        stored = self._store(key, response)
        if stored is None:
            # Not shareable after all (an error, a cookie...): give this visitor a real token.
            return _with_real_token(request, response) if shared else response
        return self._answer(request, stored, state="miss")

    @staticmethod
    def _find(key: str) -> dict | None:
        stored = local_pages.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is not None:
                local_pages.set(key, stored)
        return stored

    @staticmethod
    def _key(
        request: HttpRequest, conference: ConferenceKey, query: str, audience: str = ""
    ) -> str:
        return page_key(
            conference,
            host=request.get_host(),
            path=request.path,
            query=query,
            htmx=htmx_kind(
                request.headers.get("HX-Request"), request.headers.get("HX-History-Restore-Request")
            ),
            language=translation.get_language() or "",
            scheme=request.scheme,
            audience=audience,
        )

    @staticmethod
    def _store(key: str, response: HttpResponse, *, private: bool = False) -> dict | None:
        """Keep a copy of a response that is the same for every stateless visitor (or, when
        ``private``, for the one attendee whose key it is), or None."""
        if not PublicPageCacheMiddleware._storable(response, private=private):
            return None
        cache_control = response.get("Cache-Control", "")
        content = response.content
        segments = content.split(_CSRF_PLACEHOLDER_BYTES)
        stored = {
            "segments": segments,
            "gzip_segments": _deflate_segments(segments),
            "crc_head": zlib.crc32(segments[0]),
            "length": sum(map(len, segments)),
            "headers": {
                h: v for h, v in response.headers.items() if h.lower() not in UNSTORED_HEADERS
            },
            "cache_control": cache_control,
            "vary": response.get("Vary", ""),
            "has_token": len(segments) > 1,
            # Holds nothing of the visitor: served to signed-in visitors too.
            "everyone": getattr(response, "_hallway_same_for_everyone", False),
            "digest": hashlib.blake2b(content, digest_size=10).hexdigest(),
            "modified": int(time.time()),
        }
        if not stored["has_token"]:
            # Nothing to put in: the whole gzip answer is the same for everyone.
            stored["gzip"] = _gzip_answer(stored, b"")
        cache.set(key, stored, settings.HALLWAY_PAGE_CACHE_SECONDS)
        local_pages.set(key, stored)
        return stored

    def _member(self, request, user, conference: ConferenceKey, query: str, shared_key: str):
        """The answer to a signed-in attendee from the copy they all share, or None when the
        page is personal (then it is rendered for them as usual). See member_pages.py."""
        key = self._key(request, conference, query, audience="member")
        stored = self._find(key)
        state = "hit"
        if stored is None:
            state = "miss"
            personal: list[str] = []
            request.user = members.TracedUser(user, personal.append)
            request._hallway_shared_page = request._hallway_member_page = True
            try:
                response = self.get_response(request)
            finally:
                request.user = user
                request._hallway_shared_page = request._hallway_member_page = False
            if getattr(response, "_hallway_same_for_everyone", False):
                # An export or a feed: the copy everyone shares.
                stored = self._store(shared_key, response)
                return self._answer(request, stored, state="miss") if stored else None
            parts = None
            if not personal and self._storable(response):
                parts = member_pages.split(response.content.decode(), CSRF_PLACEHOLDER)
            stored = (
                member_pages.store(parts, response, UNSTORED_HEADERS)
                if parts is not None
                else member_pages.PERSONAL
            )
            cache.set(key, stored, settings.HALLWAY_PAGE_CACHE_SECONDS)
            local_pages.set(key, stored)
        if stored.get("personal"):
            return None
        language = translation.get_language() or ""
        entry = members.entry_for(
            user, conference.id, language, lambda: self._holes(request, conference)
        )
        on = entry["toggles"][conference.id]
        holes = dict(entry["holes"][(conference.id, language)])
        holes[member_pages.CSRF_HOLE] = get_token(request).encode()
        etag = member_pages.etag(stored, on, holes, request.META.get("CSRF_COOKIE", ""))
        conditional = get_conditional_response(request, etag=etag, last_modified=stored["modified"])
        if conditional is not None:
            response = conditional
        else:
            gzip_it = _accepts_gzip(request)
            response = HttpResponse(member_pages.body(stored, on, holes, gzip=gzip_it))
            if gzip_it:
                response["Content-Encoding"] = "gzip"
            for header, value in stored["headers"].items():
                response[header] = value
        return self._finish(response, stored, etag, state if conditional is None else "revalidated")

    def _own(self, request, user, conference: ConferenceKey) -> HttpResponse:
        """An attendee's own page (``/my/...``) kept for them when its view allows it
        (:func:`kept_per_member`): under their member version, which every change of theirs
        moves on (hallway/core/members.py), so it is never older than what it shows."""
        language = translation.get_language() or ""

        def vouch() -> None:
            # The member entry the fast path checks the visitor's session against.
            members.entry_for(
                user, conference.id, language, lambda: self._holes(request, conference)
            )

        member_version = members.version(user.pk)
        query = request.META.get("QUERY_STRING", "")
        key = self._key(request, conference, query, audience=own_audience(user.pk, member_version))
        stored = self._find(key)
        if stored is not None:
            vouch()
            return self._answer(request, stored, state="hit")
        request._hallway_shared_page = True
        response = self.get_response(request)
        request._hallway_shared_page = False
        kept = None
        if getattr(response, "_hallway_per_member", False):
            kept = self._store(key, response, private=True)
            vouch()
        if kept is None:
            return _with_real_token(request, response)
        return self._answer(request, kept, state="miss")

    @staticmethod
    def _holes(request: HttpRequest, conference: ConferenceKey) -> dict[str, bytes]:
        """The attendee's own parts of shared pages: their account menu."""
        from django.template.loader import render_to_string

        from hallway.conferences.models import Conference

        found = getattr(request, "conference", None)
        if found is None or found.pk != conference.id:
            found = Conference.objects.get(pk=conference.id)
        html = render_to_string("core/_account_nav.html", {"conference": found}, request=request)
        return {member_pages.ACCOUNT_HOLE: html.encode()}

    @staticmethod
    def _storable(response: HttpResponse, *, private: bool = False) -> bool:
        cache_control = "" if private else response.get("Cache-Control", "")
        return not (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "private" in cache_control
            or "no-store" in cache_control
            or response.has_header("Content-Encoding")
        )

    @staticmethod
    def _finish(response: HttpResponse, stored: dict, etag: str, state: str) -> HttpResponse:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(stored["modified"])
        # Browsers keep the page but ask again each time (a cheap 304 when nothing changed);
        # "private" because it carries the visitor's own CSRF token.
        response["Cache-Control"] = stored["cache_control"] or "private, no-cache"
        if stored["vary"]:
            patch_vary_headers(response, [v.strip() for v in stored["vary"].split(",")])
        patch_vary_headers(response, ["Cookie", "HX-Request", "Accept-Encoding"])
        response["X-Hallway-Cache"] = state
        return response

    @staticmethod
    def _answer(request: HttpRequest, stored: dict, *, state: str) -> HttpResponse:
        # One masked token per answer; it also sets the visitor's CSRF cookie if they had none,
        # and the ETag depends on that cookie, so the token comes first.
        token = get_token(request) if stored["has_token"] else ""
        etag = _etag(stored, request.META.get("CSRF_COOKIE", ""))
        conditional = get_conditional_response(request, etag=etag, last_modified=stored["modified"])
        if conditional is not None:
            response = conditional
        else:
            if _accepts_gzip(request):
                response = HttpResponse(_gzip_answer(stored, token.encode()))
                response["Content-Encoding"] = "gzip"
            else:
                response = HttpResponse(token.encode().join(stored["segments"]))
            for header, value in stored["headers"].items():
                response[header] = value
        state = state if conditional is None else "revalidated"
        return PublicPageCacheMiddleware._finish(response, stored, etag, state)
