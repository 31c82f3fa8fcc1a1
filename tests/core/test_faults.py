"""A busy or unavailable database answers 503 with Retry-After and a message, never a bare 500.

The lock tests hold a real write lock from a second connection (SQLite: the whole file;
PostgreSQL: the table the request needs) and time the answer.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from hallway.companion.models import Star
from hallway.core.faults import is_database_fault, server_error
from tests.companion.factories import UserFactory
from tests.factories import ConferenceFactory, SessionFactory
from tests.html import outer, parse, texts

ROOT = Path(__file__).resolve().parents[2]
BUSY_FRAGMENT = (
    '<p class="fault-message" role="alert" data-fault>So many people are using the site right '
    "now that this could not be done. Nothing was changed. Please try again in a few seconds."
    "</p>\n"
)


@contextmanager
def write_lock(table: str):
    """Hold a write lock from another connection: on SQLite the database's (any table), on
    PostgreSQL an exclusive lock on ``table``."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        other = sqlite3.connect(settings_dict["NAME"], isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
            other.close()
    else:
        other = psycopg.connect(
            dbname=settings_dict["NAME"],
            user=settings_dict["USER"],
            password=settings_dict["PASSWORD"] or None,
            host=settings_dict["HOST"] or None,
            port=settings_dict["PORT"] or None,
        )
        other.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        try:
            yield
        finally:
            other.rollback()
            other.close()


@pytest.fixture
def talk(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    return SessionFactory(conference=conference, title="Error Culture", slug="error-culture")


def star_url(session):
    return reverse(
        "companion:star", kwargs={"conference_slug": session.conference.slug, "pk": session.pk}
    )


def test_a_held_lock_gives_503_with_retry_after_within_5_seconds(talk):
    client = Client()
    client.force_login(UserFactory(username="ada"))

    with write_lock("companion_star"):
        started = time.monotonic()
        response = client.post(star_url(talk), {"next": "/djangocon-us-2024/schedule/"})
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    assert elapsed < 5
    assert texts(parse(response), "//main/*") == [
        "The site is very busy",
        "So many people are using the site right now that this could not be done. "
        "Nothing was changed. Please try again in a few seconds.",
        "Go back to the previous page to try again.",
    ]
    assert Star.objects.count() == 0


def test_a_held_lock_gives_htmx_a_message_it_can_show(talk):
    client = Client()
    client.force_login(UserFactory(username="ada"))

    with write_lock("companion_star"):
        response = client.post(star_url(talk), headers={"HX-Request": "true"})

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.content.decode() == BUSY_FRAGMENT


def test_a_lock_met_after_the_view_gives_503_too(talk):
    """An anonymous star is kept in the session, saved by SessionMiddleware after the view."""
    client = Client(raise_request_exception=False)

    with write_lock("django_session"):
        started = time.monotonic()
        response = client.post(star_url(talk), headers={"HX-Request": "true"})
        elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.content.decode() == BUSY_FRAGMENT
    assert elapsed < 5


def test_the_star_works_again_once_the_lock_is_gone(talk):
    client = Client()
    client.force_login(UserFactory(username="ada"))
    with write_lock("companion_star"):
        client.post(star_url(talk), headers={"HX-Request": "true"})

    response = client.post(star_url(talk), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert Star.objects.count() == 1


def test_requests_wait_less_for_locks_than_commands(talk):
    Client().get("/")  # a request shortens the wait of the connection it used
    if connection.vendor == "sqlite":
        in_request = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
    else:
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            in_request = cursor.fetchone()[0]
    connection.close()
    connection.ensure_connection()  # as a management command or the task worker opens it
    if connection.vendor == "sqlite":
        command = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
        assert (in_request, command) == (3000, 20000)
    else:
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout')")
            command = cursor.fetchone()[0]
        assert (in_request, command) == ("3s", "0")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


UNREACHABLE = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/", headers={"Accept": "text/html"})
busy = b"The site is very busy" in response.content
print(response.status_code, response.get("Retry-After"), busy)
"""


@pytest.mark.parametrize(
    "database_url",
    [
        pytest.param("postgres://hallway@127.0.0.1:{port}/hallway", id="postgresql-refused"),
        pytest.param("sqlite:////nonexistent-folder/hallway.sqlite3", id="sqlite-unopenable"),
    ],
)
def test_an_unreachable_database_gives_503(database_url):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HALLWAY_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "hallway.settings",
        "HALLWAY_SECRET_KEY": "tests-only-secret-key-not-for-production-use-0123456789",
        "HALLWAY_HTTPS": "0",
        "HALLWAY_LOG_LEVEL": "CRITICAL",
        "DATABASE_URL": database_url.format(port=_closed_port()),
    }

    result = subprocess.run(
        [sys.executable, "-c", UNREACHABLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert result.stdout.strip() == "503 5 True", result.stderr


def _django_error(message: str, cause: BaseException | None = None) -> OperationalError:
    error = OperationalError(message)
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (_django_error("database is locked"), True),
        (_django_error("unable to open database file"), True),
        (_django_error("no such table: companion_star"), False),
        (_django_error("timeout", psycopg.errors.LockNotAvailable("lock timeout")), True),
        (_django_error("cancel", psycopg.errors.QueryCanceled("statement timeout")), True),
        (_django_error("gone", psycopg.errors.AdminShutdown("terminating")), True),
        (_django_error("full", psycopg.errors.TooManyConnections("too many")), True),
        (_django_error("refused", psycopg.OperationalError("connection refused")), True),
        (_django_error("bad", psycopg.errors.UndefinedTable("no such relation")), False),
        (RuntimeError("database is locked"), False),
    ],
)
def test_only_busy_or_unreachable_databases_count_as_faults(error, expected):
    assert is_database_fault(error) is expected


def test_other_errors_get_a_readable_500_page():
    request = RequestFactory().get("/djangocon-us-2024/schedule/")
    try:
        raise _django_error("no such table: companion_star")
    except OperationalError:
        response = server_error(request)

    page = parse(response)
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
    assert texts(page, "//main/h1") == ["Something went wrong"]
    assert outer(page, "//main/p/a") == (
        '<a class="button" href="/djangocon-us-2024/schedule/">Try again</a>'
    )
