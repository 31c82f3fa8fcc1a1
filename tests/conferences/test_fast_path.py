"""The cache-hit fast path answers exactly what the slow path answers, only sooner.

Both paths are called as a server calls them (the WSGI application), one after the other, for
the same stored page and the same visitor; every header must be the same but Date (and the
cookie's Expires, which moves with the clock).
"""

import gzip
import io
import re
import sys

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client

from hallway.conferences.fast_path import CachedPageApp
from tests.companion.factories import UserFactory
from tests.factories import SessionFactory
from tests.html import parse, text, texts

pytestmark = pytest.mark.django_db

SECRET = "a" * 16 + "B" * 16  # a well-formed CSRF cookie (32 characters)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's handler closes "old" connections around each request, the test's own among
    them (it is inside the test's transaction); the test client skips that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def slow():
    return WSGIHandler()


@pytest.fixture
def fast(slow):
    return CachedPageApp(slow)


@pytest.fixture
def talk(conference):
    return SessionFactory(conference=conference, title="Error culture", slug="error-culture")


def environ(path: str, *, method: str = "GET", **headers) -> dict:
    path, _, query = path.partition("?")
    env = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }
    env.update({"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()})
    return env


def call(app, env: dict) -> tuple[str, dict[str, str], bytes]:
    started = {}

    def start_response(status, headers, exc_info=None):
        started["status"], started["headers"] = status, headers

    body = b"".join(app(dict(env), start_response))
    headers = {}
    for name, value in started["headers"]:
        assert name.lower() not in {n.lower() for n in headers}, f"{name} twice"
        headers[name] = value
    return started["status"], headers, body


def comparable(headers: dict[str, str]) -> dict[str, str]:
    """The headers without Date, and the cookie without the moment it expires."""
    kept = {name: value for name, value in headers.items() if name != "Date"}
    if "Set-Cookie" in kept:
        kept["Set-Cookie"] = re.sub(r"expires=[^;]+;", "expires=…;", kept["Set-Cookie"])
    return kept


def page_of(headers: dict[str, str], body: bytes) -> bytes:
    page = gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body
    # Each answer masks the visitor's token afresh.
    return re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1TOKEN", page)


def fill(slow, path: str, **headers) -> None:
    """Two slow-path requests: the first stores the page, the second finds it (and the cached
    host mapping and conference version that the fast path reads)."""
    for _ in range(2):
        assert call(slow, environ(path, **headers))[0] == "200 OK"


CASES = {
    "schedule, gzip, returning visitor": ("/djangocon-us-2024/schedule/", {}),
    "talk page, no gzip": ("/djangocon-us-2024/talks/error-culture/", {"Accept-Encoding": ""}),
    "htmx swap of a day": ("/djangocon-us-2024/schedule/", {"HX-Request": "true"}),
    "schedule.json": ("/djangocon-us-2024/schedule.json", {}),
    "schedule.ics": ("/djangocon-us-2024/schedule.ics", {}),
    "news feed": ("/djangocon-us-2024/news/feed.xml", {}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_fast_path_answers_what_the_slow_path_answers(case, slow, fast, talk):
    path, headers = CASES[case]
    headers = {"Accept-Encoding": "gzip, deflate, br", **headers, "Cookie": f"csrftoken={SECRET}"}
    fill(slow, path, **headers)
    request = environ(path, **headers)

    assert fast.answer(dict(request)) is not None
    fast_status, fast_headers, fast_body = call(fast, request)
    slow_status, slow_headers, slow_body = call(slow, request)

    assert fast_status == slow_status == "200 OK"
    assert comparable(fast_headers) == comparable(slow_headers)
    assert fast_headers["X-Hallway-Cache"] == "hit"
    assert page_of(fast_headers, fast_body) == page_of(slow_headers, slow_body)


def test_a_first_visit_gets_a_new_csrf_cookie_and_a_token_that_matches_it(slow, fast, talk):
    from django.middleware.csrf import _unmask_cipher_token

    fill(slow, "/djangocon-us-2024/talks/error-culture/")
    request = environ("/djangocon-us-2024/talks/error-culture/")

    _status, fast_headers, body = call(fast, request)
    _status, slow_headers, _body = call(slow, request)

    secret = re.match(r" csrftoken=(\w+);", fast_headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="(\w+)"', body).group(1).decode()
    assert _unmask_cipher_token(token) == secret
    assert len(secret) == 32
    other = re.match(r" csrftoken=(\w+);", slow_headers["Set-Cookie"]).group(1)
    without_secret = {**comparable(fast_headers), "Set-Cookie": "", "ETag": ""}
    assert without_secret == {**comparable(slow_headers), "Set-Cookie": "", "ETag": ""}
    assert secret != other


def test_the_fast_paths_token_passes_the_csrf_check(slow, fast, talk, client):
    fill(slow, "/djangocon-us-2024/talks/error-culture/")
    _status, headers, body = call(fast, environ("/djangocon-us-2024/talks/error-culture/"))
    secret = re.match(r" csrftoken=(\w+);", headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="(\w+)"', body).group(1).decode()
    client.cookies["csrftoken"] = secret
    client.handler.enforce_csrf_checks = True

    response = client.post("/accounts/logout/", {"csrfmiddlewaretoken": token})

    assert response.status_code == 302


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_matching_etag_gets_the_same_304_on_both_paths(method, slow, fast, talk):
    fill(slow, "/djangocon-us-2024/talks/error-culture/")
    first = environ("/djangocon-us-2024/talks/error-culture/", Cookie=f"csrftoken={SECRET}")
    etag = call(fast, first)[1]["ETag"]
    request = environ(
        "/djangocon-us-2024/talks/error-culture/",
        method=method,
        Cookie=f"csrftoken={SECRET}",
        If_None_Match=etag,
    )

    fast_status, fast_headers, fast_body = call(fast, request)
    slow_status, slow_headers, slow_body = call(slow, request)

    assert fast_status == slow_status == "304 Not Modified"
    assert comparable(fast_headers) == comparable(slow_headers)
    assert fast_headers["X-Hallway-Cache"] == "revalidated"
    assert fast_body == slow_body == b""


def test_head_gets_the_headers_of_get(slow, fast, talk):
    fill(slow, "/djangocon-us-2024/schedule.json")
    request = environ("/djangocon-us-2024/schedule.json", method="HEAD")

    fast_status, fast_headers, _ = call(fast, request)
    slow_status, slow_headers, _ = call(slow, request)

    assert fast_status == slow_status == "200 OK"
    assert comparable(fast_headers) == comparable(slow_headers)


def test_fast_path_sees_an_edit_at_once(slow, fast, talk):
    fill(slow, "/djangocon-us-2024/talks/error-culture/")

    talk.title = "Blameless culture"
    talk.save()
    request = environ("/djangocon-us-2024/talks/error-culture/", Accept_Encoding="")

    assert fast.answer(dict(request)) is None  # the version was bumped: a miss
    status, headers, body = call(fast, request)
    assert (status, headers["X-Hallway-Cache"]) == ("200 OK", "miss")
    assert text(parse(body), "//h1") == "Blameless culture"


@pytest.mark.parametrize(
    "change",
    [
        {"Cookie": "sessionid=abc"},
        {"Cookie": "messages=abc"},
        {"Cookie": "csrftoken=" + "x" * 64},  # an old masked cookie: Django replaces it
        {"method": "POST"},
        {"Host": "evil.example"},
        {"path": "/djangocon-us-2024/my/agenda/"},
        {"path": "/djangocon-us-2024/talks/not-stored/"},
        {"path": "/accounts/login/"},
    ],
)
def test_anything_else_takes_the_slow_path(change, slow, fast, talk):
    fill(slow, "/djangocon-us-2024/talks/error-culture/")
    change = dict(change)
    path = change.pop("path", "/djangocon-us-2024/talks/error-culture/")
    method = change.pop("method", "GET")

    assert fast.answer(environ(path, method=method, **change)) is None


def test_a_signed_in_visitor_is_never_given_the_anonymous_answer(slow, fast, talk, client):
    client.force_login(UserFactory(username="ada"))
    fill(slow, "/djangocon-us-2024/talks/error-culture/")
    cookie = f"sessionid={client.cookies['sessionid'].value}"

    status, headers, body = call(
        fast, environ("/djangocon-us-2024/talks/error-culture/", Cookie=cookie)
    )

    assert status == "200 OK"
    assert text(parse(body), "//nav[@class='account-nav']/a[last()]") == "Sign out"


def test_an_unknown_middleware_turns_the_fast_path_off(settings, slow, talk):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.conferences.test_fast_path.Unknown"]
    fast = CachedPageApp(slow)
    fill(slow, "/djangocon-us-2024/talks/error-culture/")

    call(fast, environ("/djangocon-us-2024/talks/error-culture/"))

    assert fast.enabled is False


def Unknown(get_response):  # noqa: N802 - a middleware factory, named like a class
    return get_response


def test_over_https_both_paths_add_the_same_security_headers(settings, talk):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.CSRF_COOKIE_SECURE = True
    slow = WSGIHandler()  # the middleware read their settings when made
    fast = CachedPageApp(slow)
    path = "/djangocon-us-2024/talks/error-culture/"
    for _ in range(2):
        call(slow, {**environ(path), "wsgi.url_scheme": "https"})
    request = {**environ(path, Cookie=f"csrftoken={SECRET}"), "wsgi.url_scheme": "https"}

    fast_status, fast_headers, _ = call(fast, request)
    slow_status, slow_headers, _ = call(slow, request)

    assert fast_status == slow_status == "200 OK"
    assert comparable(fast_headers) == comparable(slow_headers)
    assert fast_headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert fast.answer(environ(path)) is None  # plain HTTP: the slow path redirects


def test_random_chars_are_from_the_csrf_alphabet_and_every_character_can_come():
    from django.middleware.csrf import CSRF_ALLOWED_CHARS

    from hallway.conferences.fast_path import random_chars

    drawn = "".join(random_chars(32) for _ in range(200))

    assert len(random_chars(32)) == 32
    assert set(drawn) == set(CSRF_ALLOWED_CHARS)  # 6,400 draws: each of 62 comes (p > 1 - 1e-40)


@pytest.mark.parametrize(
    ("conference_language", "cookie", "expected"),
    [("es", "", "es"), ("en", "django_language=es; ", "es"), ("es", "django_language=en; ", "en")],
)
def test_the_language_is_chosen_as_the_slow_path_chooses_it(
    conference_language, cookie, expected, slow, fast, talk
):
    talk.conference.language = conference_language
    talk.conference.save()
    path = "/djangocon-us-2024/talks/error-culture/"
    headers = {"Cookie": f"{cookie}csrftoken={SECRET}", "Accept-Encoding": ""}
    fill(slow, path, **headers)
    request = environ(path, **headers)

    fast_status, fast_headers, fast_body = call(fast, request)
    slow_status, slow_headers, slow_body = call(slow, request)

    assert fast_status == slow_status == "200 OK"
    assert fast_headers["X-Hallway-Cache"] == "hit"
    assert fast_headers["Content-Language"] == expected
    assert comparable(fast_headers) == comparable(slow_headers)
    assert page_of(fast_headers, fast_body) == page_of(slow_headers, slow_body)


# Signed-in attendees: the copy they share (hallway/conferences/member_pages.py) ----------------


@pytest.fixture
def member_cookie(settings, client, talk, django_capture_on_commit_callbacks):
    """Ada, signed in with her session in the cache (the ``cached_db`` engine, as with Redis),
    with a star on the talk."""
    from hallway.companion.services import toggle_star

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    ada = UserFactory(username="ada")
    with django_capture_on_commit_callbacks(execute=True):
        toggle_star(ada, talk)
    client.force_login(ada)
    client.ada = ada
    return f"sessionid={client.cookies['sessionid'].value}; csrftoken={SECRET}"


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_an_attendee_gets_from_the_fast_path_what_the_slow_path_answers(
    slow, fast, member_cookie, encoding
):
    request = environ(
        "/djangocon-us-2024/talks/error-culture/", Cookie=member_cookie, Accept_Encoding=encoding
    )
    fill(slow, "/djangocon-us-2024/talks/error-culture/", Cookie=member_cookie)

    assert fast.answer(dict(request)) is not None
    fast_status, fast_headers, fast_body = call(fast, request)
    slow_status, slow_headers, slow_body = call(slow, request)

    assert fast_status == slow_status == "200 OK"
    assert comparable(fast_headers) == comparable(slow_headers)
    assert page_of(fast_headers, fast_body) == page_of(slow_headers, slow_body)
    page = parse(page_of(fast_headers, fast_body))
    assert text(page, "//button[@class='star-button']/@aria-pressed") == "true"
    assert text(page, "//nav[@class='account-nav']/a[last()]") == "Sign out"


def test_an_attendee_gets_304_from_the_fast_path(slow, fast, member_cookie):
    path = "/djangocon-us-2024/talks/error-culture/"
    fill(slow, path, Cookie=member_cookie)
    etag = call(fast, environ(path, Cookie=member_cookie))[1]["ETag"]

    status, headers, body = call(fast, environ(path, Cookie=member_cookie, If_None_Match=etag))

    assert (status, headers["X-Hallway-Cache"], body) == ("304 Not Modified", "revalidated", b"")


def test_a_new_password_sends_old_sessions_the_slow_way(
    slow, fast, member_cookie, client, django_capture_on_commit_callbacks
):
    path = "/djangocon-us-2024/talks/error-culture/"
    fill(slow, path, Cookie=member_cookie)
    assert fast.answer(environ(path, Cookie=member_cookie)) is not None

    with django_capture_on_commit_callbacks(execute=True):
        client.ada.set_password("a-new-long-password")
        client.ada.save()

    assert fast.answer(environ(path, Cookie=member_cookie)) is None
    # Django's own check then signs the old session out.
    assert text(parse(client.get(path)), "//nav[@class='account-nav']/a") == "Sign in"


def test_a_session_not_in_the_cache_goes_the_slow_way(slow, fast, member_cookie, client):
    from django.core.cache import cache

    path = "/djangocon-us-2024/talks/error-culture/"
    fill(slow, path, Cookie=member_cookie)
    cache.delete(client.session.cache_key)

    assert fast.answer(environ(path, Cookie=member_cookie)) is None


def test_a_forged_session_id_goes_the_slow_way(slow, fast, member_cookie):
    path = "/djangocon-us-2024/talks/error-culture/"
    fill(slow, path, Cookie=member_cookie)

    forged = f"sessionid={'x' * 32}; csrftoken={SECRET}"
    odd = f"sessionid=../../etc; csrftoken={SECRET}"

    assert fast.answer(environ(path, Cookie=forged)) is None
    assert fast.answer(environ(path, Cookie=odd)) is None


def test_an_attendee_gets_their_kept_agenda_from_the_fast_path(slow, fast, member_cookie):
    path = "/djangocon-us-2024/my/agenda/"
    request = environ(path, Cookie=member_cookie)
    for _ in range(3):  # the attendance row and labels are made once, then the page is kept
        call(slow, request)

    assert fast.answer(dict(request)) is not None
    fast_status, fast_headers, fast_body = call(fast, request)
    slow_status, slow_headers, slow_body = call(slow, request)

    assert fast_status == slow_status == "200 OK"
    assert comparable(fast_headers) == comparable(slow_headers)
    assert fast_headers["Cache-Control"] == "private, no-store"
    assert page_of(fast_headers, fast_body) == page_of(slow_headers, slow_body)
    assert texts(parse(page_of(fast_headers, fast_body)), "//*[@class='agenda-item__title']") == [
        "Error culture"
    ]


def test_another_attendees_session_never_gets_a_kept_agenda(slow, fast, member_cookie, client):
    path = "/djangocon-us-2024/my/agenda/"
    for _ in range(3):
        call(slow, environ(path, Cookie=member_cookie))
    bob = Client()
    bob.force_login(UserFactory(username="bob"))
    bob_cookie = f"sessionid={bob.cookies['sessionid'].value}; csrftoken={SECRET}"
    for _ in range(3):
        call(slow, environ(path, Cookie=bob_cookie))

    _status, headers, body = call(fast, environ(path, Cookie=bob_cookie))

    assert headers["X-Hallway-Cache"] == "hit"
    assert texts(parse(page_of(headers, body)), "//*[@class='agenda-item__title']") == []


def test_a_hit_costs_no_round_trip_while_the_memo_is_fresh(slow, fast, talk, settings):
    from django.core.cache import cache

    from hallway.conferences.page_cache import SLUG_KEY, lookups

    path = "/djangocon-us-2024/talks/error-culture/"
    fill(slow, path)
    assert fast.answer(environ(path)) is not None  # remembers the conference's version
    cache.delete(SLUG_KEY.format(slug="djangocon-us-2024"))

    assert fast.answer(environ(path)) is not None  # without asking the cache

    lookups.clear()
    settings.HALLWAY_FAST_PATH_MEMO_SECONDS = 0
    assert fast.answer(environ(path)) is None  # asks, finds nothing: the slow path reads it
    assert call(fast, environ(path))[1]["X-Hallway-Cache"] == "hit"
