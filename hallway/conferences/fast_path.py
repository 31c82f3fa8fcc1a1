"""The cache-hit path: a stored public page answered before Django's request handling.

:class:`PublicPageCacheMiddleware` (page_cache.py) answers a cached page without a view, but
only after Django has built a request and run a dozen middleware that such an answer does not
need (sessions, messages, authentication, htmx, the database's lock timeouts...). Under load
that is most of the cost of a hit. :class:`CachedPageApp` wraps the WSGI application and
answers the same hits straight from the WSGI environ:

* only for the simplest requests: GET or HEAD without a body, no messages cookie, a CSRF
  cookie that is absent or well-formed, an allowed host, no HTTPS redirect due;
* for anonymous visitors with no round trip to the cache while this process's memo of the
  conference's version is fresh (``page_cache.lookups``, 1 s), else one (the host mapping and
  the version together, ``get_many``); the page itself comes from the process's memory after
  its first use;
* for signed-in attendees whose session lives in the cache (the ``cache`` and ``cached_db``
  engines), with two: their session, then their member version and entry together
  (hallway/core/members.py), which vouch for the session and hold their stars and menu; the
  page is the copy attendees share (member_pages.py) or their own kept agenda;
* with the same bytes and headers as the slow path: the visitor's own CSRF token and cookie,
  the ETag and 304s, ``Vary``, the stored Content-Security-Policy, and the headers the outer
  middleware add (``tests/conferences/test_fast_path.py`` compares both paths header by
  header, Date excepted).

Anything else, a miss included, goes to Django unchanged. The fast path switches itself off
when ``MIDDLEWARE`` holds a class it was not written for (a new middleware might add a header
or refuse a request): add it to :data:`KNOWN_MIDDLEWARE` once a cached answer is known not to
need it, and mirror what it adds in :meth:`CachedPageApp.headers`.
"""

from __future__ import annotations

import logging
import os
import time
from http.cookies import SimpleCookie
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.core.cache import cache, caches
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from hallway.conferences import member_pages, page_cache
from hallway.conferences.locale import choose_language
from hallway.core import cache_keys, members

logger = logging.getLogger(__name__)

# The middleware a cached answer may skip, or whose effect headers() reproduces.
KNOWN_MIDDLEWARE = frozenset(
    {
        "hallway.core.health.HealthCheckMiddleware",  # only /healthz and /readyz
        "hallway.core.limits.RequestBodyLimitMiddleware",  # no body here
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.gzip.GZipMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",  # never a conference path
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "allauth.account.middleware.AccountMiddleware",
        "django_htmx.middleware.HtmxMiddleware",
        "hallway.conferences.middleware.ConferenceHostMiddleware",
        "hallway.conferences.locale.ConferenceLocaleMiddleware",
        "hallway.core.faults.DatabaseFaultMiddleware",
        "hallway.conferences.page_cache.PublicPageCacheMiddleware",
        "hallway.core.csp.ContentSecurityPolicyMiddleware",  # inside the cache: stored headers
    }
)
CONDITIONAL_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
)
MESSAGES_COOKIE = "messages"

_CHARS = CSRF_ALLOWED_CHARS
_INDEX = {char: n for n, char in enumerate(_CHARS)}
# Random bytes to characters: byte % 62, and the bytes at or above 248 dropped, since they would
# make some characters likelier than others.
_FAIR_LIMIT = 256 - 256 % len(_CHARS)
_TO_CHARS = bytes(ord(_CHARS[byte % len(_CHARS)]) for byte in range(256))
_UNFAIR = bytes(range(_FAIR_LIMIT, 256))


def random_chars(count: int) -> str:
    """``count`` characters of the CSRF alphabet from the system's random source.

    What Django's ``get_random_string`` gives, from one ``os.urandom`` call instead of one per
    character: a new visitor's secret and mask were most of a cached answer's time.
    """
    chars = b""
    while len(chars) < count:
        chars += os.urandom(count + 8).translate(_TO_CHARS, _UNFAIR)
    return chars[:count].decode()


# (secret character, mask character) -> cipher character, as Django's _mask_cipher_secret.
_CIPHER = {(x, y): _CHARS[(_INDEX[x] + _INDEX[y]) % len(_CHARS)] for x in _CHARS for y in _CHARS}


def masked_token(secret: str) -> str:
    """The secret masked as django.middleware.csrf masks it (a fresh mask, then the cipher)."""
    mask = random_chars(CSRF_SECRET_LENGTH)
    return mask + "".join(map(_CIPHER.__getitem__, zip(secret, mask, strict=True)))


def fast_path_enabled() -> bool:
    """Whether the settings are the ones the fast path reproduces (see the module docs)."""
    from django.conf.urls.i18n import is_language_prefix_patterns_used

    middleware = list(settings.MIDDLEWARE)
    return (
        getattr(settings, "HALLWAY_FAST_PATH", True)
        and set(middleware) <= KNOWN_MIDDLEWARE
        and "hallway.conferences.page_cache.PublicPageCacheMiddleware" in middleware
        and not settings.CSRF_USE_SESSIONS
        and not settings.PREPEND_WWW
        and not settings.DISALLOWED_USER_AGENTS
        and not settings.FORCE_SCRIPT_NAME
        and settings.MESSAGE_STORAGE.endswith(("CookieStorage", "FallbackStorage"))
        and not any(
            is_language_prefix_patterns_used(urlconf)[0]
            for urlconf in (settings.ROOT_URLCONF, settings.HALLWAY_HOST_URLCONF)
        )
    )


def fetch(keys: list[str]) -> dict:
    """cache.get_many(), the quicker way when the cache offers one (hallway/core/cache.py)."""
    backend = caches["default"]
    quick = getattr(backend, "get_many_quick", None)
    return quick(keys) if quick is not None else backend.get_many(keys)


def member_session_prefix() -> str | None:
    """The cache key prefix of sessions when they live in the default cache (the ``cache`` and
    ``cached_db`` engines) and pages shared by attendees are on; else None (no fast path for
    visitors with a session)."""
    from importlib import import_module

    engine = import_module(settings.SESSION_ENGINE)
    prefix = getattr(engine, "KEY_PREFIX", None)
    if prefix is None or settings.SESSION_CACHE_ALIAS != "default" or not member_pages.enabled():
        return None
    return prefix


class CachedPageApp:
    """WSGI middleware: answer cached public pages at once, pass everything else on."""

    def __init__(self, application):
        self.application = application
        self.session_prefix: str | None | bool = False  # decided at the first session seen
        self.fixed_headers: dict[tuple, list[tuple[str, str]]] = {}
        self.cookie_template: tuple[int, str, str] = (0, "", "")
        self.enabled: bool | None = None  # decided at the first request, once settings load
        self.hosts: dict[str, bool] = {}

    def __call__(self, environ, start_response):
        if self.enabled is None:
            self.enabled = fast_path_enabled()
        if self.enabled:
            try:
                answer = self.answer(environ)
            except Exception:  # never worse than the slow path: log it and take that
                logger.exception("Cached-page fast path failed; answering the slow way")
                answer = None
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)

    def session_cache_key(self, session_key: str) -> str | None:
        """Where the session backend keeps this session in the default cache, or None."""
        if self.session_prefix is False:
            self.session_prefix = member_session_prefix()
        if self.session_prefix is None or not (
            8 <= len(session_key) <= 64 and session_key.isascii() and session_key.isalnum()
        ):
            return None
        return self.session_prefix + session_key

    # -- the request -----------------------------------------------------------------------

    def host_allowed(self, host: str) -> bool:
        allowed = self.hosts.get(host)
        if allowed is None:
            domain, _port = split_domain_port(host)
            hosts = settings.ALLOWED_HOSTS
            if settings.DEBUG and not hosts:
                hosts = [".localhost", "127.0.0.1", "[::1]"]
            allowed = bool(domain) and validate_host(domain, hosts)
            if len(self.hosts) < 1000:  # a bounded memo: Host headers are the client's
                self.hosts[host] = allowed
        return allowed

    @staticmethod
    def scheme(environ) -> str:
        header = settings.SECURE_PROXY_SSL_HEADER
        if header:
            name, secure_value = header
            value = environ.get(name)
            if value is not None:
                return "https" if value.split(",")[0].strip() == secure_value else "http"
        return environ.get("wsgi.url_scheme", "http")

    def answer(self, environ) -> tuple[str, list[tuple[str, str]], bytes] | None:
        """(status, headers, body) of a cached page for this request, or None."""
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD") or environ.get("hallway.static_build"):
            return None
        if environ.get("CONTENT_LENGTH") not in (None, "", "0") or environ.get(
            "HTTP_TRANSFER_ENCODING"
        ):
            return None
        cookies = parse_cookie(environ["HTTP_COOKIE"]) if environ.get("HTTP_COOKIE") else {}
        if MESSAGES_COOKIE in cookies:
            return None
        session_key = cookies.get(settings.SESSION_COOKIE_NAME)
        session_cache_key = None
        if session_key is not None:
            # A signed-in attendee: the copy attendees share, when the session is in the cache.
            session_cache_key = self.session_cache_key(session_key)
            if session_cache_key is None:
                return None
        secret = cookies.get(settings.CSRF_COOKIE_NAME)
        if secret is not None and (
            len(secret) != CSRF_SECRET_LENGTH or secret.strip(CSRF_ALLOWED_CHARS)
        ):
            return None  # an old masked or malformed cookie: Django replaces it
        if session_key is not None and secret is None:
            return None
        host = environ.get("HTTP_HOST")
        if not host or not self.host_allowed(host):
            return None
        scheme = self.scheme(environ)
        if settings.SECURE_SSL_REDIRECT and scheme != "https":
            return None
        path_info = get_path_info(environ)
        slug, slash, _rest = path_info.lstrip("/").partition("/")
        if not slash:
            return None  # /healthz, /readyz, /robots.txt...: never a stored page

        # One round trip: is the host a conference's own, and the version behind the slug.
        # The key ConferenceHostMiddleware reads (get_host() without the port).
        host_key = cache_keys.HOST.format(host=host.split(":")[0])
        slug_key = page_cache.SLUG_KEY.format(slug=slug)
        # None while this process's memo of the answer is fresh (the session's, for attendees).
        found: dict = {}
        resolved = page_cache.lookups.get((host_key, slug_key))
        if resolved is None:
            keys = [host_key, slug_key, session_cache_key] if session_key else [host_key, slug_key]
            found = fetch(keys)
            host_conference = found.get(host_key)
            if host_conference is None:
                return None  # not looked up yet: the slow path does it
            if host_conference:
                entry = cache.get(page_cache.VERSION_KEY.format(id=host_conference))
            else:
                entry = found.get(slug_key)
            if entry:
                page_cache.lookups.set((host_key, slug_key), (host_conference, entry))
        else:
            host_conference, entry = resolved
            if session_key:
                found = fetch([session_cache_key])
        if host_conference:
            if slug in page_cache.SITE_WIDE_PREFIXES:
                return None
            site_path = path_info
        else:
            if not slug or slug in page_cache.SITE_WIDE_PREFIXES:
                return None
            site_path = "/" + _rest
        if not entry or not entry[0] or not entry[2]:
            return None  # unknown, not cached yet, or not public
        own = site_path.lstrip("/").partition("/")[0] in page_cache.PRIVATE_CONFERENCE_PREFIXES
        if own and session_cache_key is None:
            return None
        conference = page_cache.ConferenceKey(*entry)
        language = choose_language(cookies.get(settings.LANGUAGE_COOKIE_NAME), lambda: conference)
        shim = SimpleNamespace(META=environ, method=method)

        def key_for(audience: str) -> str:
            return page_cache.page_key(
                conference,
                host=host,
                path=get_script_name(environ) + path_info,
                query=environ.get("QUERY_STRING", ""),
                htmx=page_cache.htmx_kind(
                    environ.get("HTTP_HX_REQUEST"), environ.get("HTTP_HX_HISTORY_RESTORE_REQUEST")
                ),
                language=language,
                scheme=scheme,
                audience=audience,
            )

        if own:
            # An attendee's own page, when kept for them (page_cache.kept_per_member).
            session = found.get(session_cache_key)
            found_own = session and self.member_page(session, conference, language, key_for)
            if not found_own:
                return None
            return self.respond(environ, shim, found_own[0], secret, language, scheme)
        key = key_for("")
        stored = page_cache.local_pages.get(key)
        if stored is None and session_cache_key is None:
            stored = cache.get(key)
            if stored is None:
                return None
            page_cache.local_pages.set(key, stored)
        if session_cache_key is None or (stored is not None and stored.get("everyone")):
            # Nobody's, or the same for everyone (an export, a feed).
            return self.respond(environ, shim, stored, secret, language, scheme)
        session = found.get(session_cache_key)
        found_shared = session and self.member_page(
            session, conference, language, lambda _version: key_for("member")
        )
        if not found_shared:
            return None
        stored, entry = found_shared
        return self.member_respond(
            environ, shim, stored, entry, conference, secret, language, scheme
        )

    # -- the answer ------------------------------------------------------------------------

    def respond(self, environ, shim, stored, secret, language, scheme):
        token = b""
        if stored["has_token"]:
            if secret is None:
                secret = random_chars(CSRF_SECRET_LENGTH)
            token = masked_token(secret).encode()

        def body(gzip_it: bool) -> bytes:
            if gzip_it:
                return page_cache._gzip_answer(stored, token)
            return token.join(stored["segments"])

        etag = page_cache._etag(stored, secret or "")
        cookie_secret = secret if stored["has_token"] else None
        return self.finish(environ, shim, stored, etag, body, language, scheme, cookie_secret)

    def finish(self, environ, shim, stored, etag, body, language, scheme, cookie_secret):
        """(status, headers, body) of a stored page whose ``body(gzip)`` the caller makes: a
        304 when the visitor's copy is current, None for other conditional answers (412 and
        the like: rare, the slow path answers); the CSRF cookie again when the page used it."""
        conditional = None
        if any(name in environ for name in CONDITIONAL_HEADERS):
            conditional = get_conditional_response(
                shim, etag=etag, last_modified=stored["modified"]
            )
            if conditional is not None and conditional.status_code != 304:
                return None
        headers: list[tuple[str, str]] = []
        if conditional is not None:
            status, content, state = "304 Not Modified", b"", "revalidated"
        else:
            status, state = "200 OK", "hit"
            gzip_it = bool(page_cache._ACCEPTS_GZIP.search(environ.get("HTTP_ACCEPT_ENCODING", "")))
            content = body(gzip_it)
            if gzip_it:
                headers.append(("Content-Encoding", "gzip"))
            headers.extend(stored["headers"].items())
        headers += self.headers(stored, etag, state, language, scheme, content)
        if cookie_secret is not None:
            # CsrfViewMiddleware sets the cookie again on every answer that used the token.
            headers.append(("Set-Cookie", self.csrf_cookie(cookie_secret)))
        return status, headers, content

    @staticmethod
    def member_page(session: dict, conference, language: str, key_for):
        """(stored page, member entry) for a signed-in attendee when the cache vouches for
        their session (their member entry's hash is the session's), else None.
        ``key_for(member_version)`` gives the page's key."""
        if not members.plain_session(session) or (
            session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS
        ):
            return None
        try:
            user_id = int(session[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            return None
        # The version and the entry in one round trip; the entry counts if it names the version.
        version_key, entry_key = (
            members.VERSION_KEY.format(user=user_id),
            members.entry_key(user_id),
        )
        found = fetch([version_key, entry_key])
        member_version, entry = found.get(version_key), found.get(entry_key)
        if not members.current(entry, member_version):
            return None
        key = key_for(page_cache.own_audience(user_id, member_version))
        stored = page_cache.local_pages.get(key)
        if stored is None:
            stored = cache.get(key)
            if stored is None:
                return None
            page_cache.local_pages.set(key, stored)
        if stored.get("personal"):
            return None
        if not member_pages.entry_fits(entry, session, conference.id, language):
            return None
        return stored, entry

    def member_respond(self, environ, shim, stored, entry, conference, secret, language, scheme):
        """A page shared by signed-in attendees, filled in for this one (member_pages.py)."""
        on = entry["toggles"][conference.id]
        holes = dict(entry["holes"][(conference.id, language)])
        holes[member_pages.CSRF_HOLE] = masked_token(secret).encode()

        def body(gzip_it: bool) -> bytes:
            return member_pages.body(stored, on, holes, gzip=gzip_it)

        etag = member_pages.etag(stored, on, holes, secret)
        return self.finish(environ, shim, stored, etag, body, language, scheme, secret)

    def csrf_cookie(self, secret: str) -> str:
        """The Set-Cookie value CsrfViewMiddleware gives a page that used the token.

        Made once a second (its Expires moves with the clock) around a stand-in value; the
        secret's characters are letters and digits, which a cookie value takes as they are."""
        now = time.time()
        second, before, after = self.cookie_template
        if int(now) != second:
            before, _, after = csrf_cookie(_STAND_IN, now).partition(_STAND_IN)
            self.cookie_template = (int(now), before, after)
        return before + secret + after

    def headers(self, stored, etag, state, language, scheme, body) -> list[tuple[str, str]]:
        """What PublicPageCacheMiddleware._answer and the outer middleware add to a hit."""
        key = (stored["digest"], stored["modified"], state, language, scheme)
        fixed = self.fixed_headers.get(key)
        if fixed is None:
            if len(self.fixed_headers) > 1000:
                self.fixed_headers.clear()
            fixed = self.fixed_headers[key] = self.page_headers(stored, state, language, scheme)
        return [("ETag", etag), *fixed, ("Content-Length", str(len(body)))]

    @staticmethod
    def page_headers(stored, state, language, scheme) -> list[tuple[str, str]]:
        """The headers of headers() that are the same for every answer of a stored page."""
        present = {name.lower() for name in stored["headers"]} if state == "hit" else set()
        vary = [v.strip() for v in stored["vary"].split(",") if v.strip()]
        for name in ("Cookie", "HX-Request", "Accept-Encoding"):
            if name.lower() not in {v.lower() for v in vary}:
                vary.append(name)
        headers = [
            ("Last-Modified", http_date(stored["modified"])),
            ("Cache-Control", stored["cache_control"] or "private, no-cache"),
            ("Vary", ", ".join(vary)),
            ("X-Hallway-Cache", state),
        ]
        if "x-frame-options" not in present:
            headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
        if "content-language" not in present:
            headers.append(("Content-Language", language))
        if scheme == "https" and settings.SECURE_HSTS_SECONDS:
            hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                hsts += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                hsts += "; preload"
            headers.append(("Strict-Transport-Security", hsts))
        if settings.SECURE_CONTENT_TYPE_NOSNIFF and "x-content-type-options" not in present:
            headers.append(("X-Content-Type-Options", "nosniff"))
        if settings.SECURE_REFERRER_POLICY and "referrer-policy" not in present:
            policy = settings.SECURE_REFERRER_POLICY
            if isinstance(policy, str):
                policy = [value.strip() for value in policy.split(",")]
            headers.append(("Referrer-Policy", ",".join(policy)))
        if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY and (
            "cross-origin-opener-policy" not in present
        ):
            headers.append(
                ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY)
            )
        return headers


_STAND_IN = "0" * CSRF_SECRET_LENGTH


def csrf_cookie(secret: str, now: float) -> str:
    cookie = SimpleCookie()
    name = settings.CSRF_COOKIE_NAME
    cookie[name] = secret
    morsel = cookie[name]
    max_age = settings.CSRF_COOKIE_AGE
    if max_age is not None:
        morsel["max-age"] = int(max_age)
        morsel["expires"] = http_date(now + max_age)
    morsel["path"] = settings.CSRF_COOKIE_PATH
    if settings.CSRF_COOKIE_DOMAIN is not None:
        morsel["domain"] = settings.CSRF_COOKIE_DOMAIN
    if settings.CSRF_COOKIE_SECURE:
        morsel["secure"] = True
    if settings.CSRF_COOKIE_HTTPONLY:
        morsel["httponly"] = True
    if settings.CSRF_COOKIE_SAMESITE:
        morsel["samesite"] = settings.CSRF_COOKIE_SAMESITE
    # As Django's WSGI handler writes it (with its leading space; servers strip it).
    return morsel.output(header="")
