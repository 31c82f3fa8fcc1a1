"""Redis going away degrades to the database, not to errors (a real redis-server, stopped)."""

import contextlib
import logging
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client

from hallway.companion.models import Star
from hallway.conferences.urls_helpers import conference_reverse
from hallway.core import cache as resilient
from tests.companion.factories import UserFactory
from tests.factories import ConferenceFactory, SessionFactory
from tests.html import parse, text

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "redis-server"], capture_output=True, check=False).returncode,
    reason="redis-server is not installed",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ThrowawayRedis:
    """A redis-server of the test's own, on a free port, that the test may stop and start."""

    def __init__(self, folder):
        self.folder = folder
        self.port = _free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=2)

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder), "--logfile", ""],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while True:
            try:
                self.client().ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self, *, save: bool = False) -> None:
        """Stop the server; with ``save`` its data comes back when it starts again."""
        if save:
            # The server closes the connection as it goes.
            with contextlib.suppress(redis.exceptions.ConnectionError):
                self.client().shutdown(save=True)
        else:
            self.process.terminate()
        self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = ThrowawayRedis(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.stop()


@pytest.fixture
def redis_cache(settings, redis_server):
    settings.CACHES = {
        "default": {
            "BACKEND": "hallway.core.cache.ResilientRedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "hallway-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    return redis_server


def test_pages_sessions_and_stars_survive_redis_going_away(db, client, redis_cache, caplog):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    talk = SessionFactory(conference=conference, title="Error Culture", slug="error-culture")
    schedule = conference_reverse(conference, "program:schedule")
    attendee = UserFactory(username="ada")
    client.force_login(attendee)
    assert client.get(schedule).status_code == 200
    visitor = Client()
    assert visitor.get(schedule)["X-Hallway-Cache"] == "miss"
    assert redis_cache.client().dbsize() > 0  # pages, versions and the session are in Redis
    caplog.set_level(logging.WARNING, logger="hallway.core.cache")

    redis_cache.stop()
    signed_in = client.get(schedule)
    anonymous = [Client().get(path) for path in (schedule, talk.get_absolute_url(), "/")]
    star = client.post(
        conference_reverse(conference, "companion:star", pk=talk.pk),
        headers={"HX-Request": "true"},
    )
    newcomer = Client()
    newcomer.force_login(UserFactory(username="grace"))
    newcomer_page = newcomer.get(schedule)

    assert signed_in.status_code == 200
    assert "Sign out" in signed_in.content.decode()  # still signed in: sessions are in the DB
    assert [response.status_code for response in anonymous] == [200, 200, 200]
    assert star.status_code == 200
    assert list(Star.objects.values_list("user__username", "session__title")) == [
        ("ada", "Error Culture")
    ]
    assert newcomer_page.status_code == 200
    account_links = "//nav[@class='account-nav']/a[last()]"
    assert text(parse(newcomer_page), account_links) == "Sign out"
    warnings = [r.getMessage() for r in caplog.records if r.name == "hallway.core.cache"]
    assert len(warnings) == 1  # logged once for the outage, not at every call
    assert warnings[0].startswith("Redis cache unreachable (")
    assert warnings[0].endswith("): serving from the database, retrying every 5 s.")


def test_deletes_missed_during_an_outage_are_replayed(redis_cache, monkeypatch, caplog):
    monkeypatch.setattr(resilient, "RETRY_SECONDS", 0.2)
    cache.set("conf-version", 7)
    full_key = cache.make_key("conf-version")
    redis_cache.stop(save=True)

    cache.delete("conf-version")  # an edit while Redis is away: the delete cannot happen
    during = cache.get("conf-version")
    redis_cache.start()  # back with its data, the old value included
    stale_after_restart = redis_cache.client().exists(full_key)
    time.sleep(0.3)
    after = cache.get("conf-version")

    assert during is None
    assert stale_after_restart == 1
    assert after is None
    assert redis_cache.client().exists(full_key) == 0
    messages = [r.getMessage() for r in caplog.records if r.name == "hallway.core.cache"]
    assert messages[-1] == "Redis cache reachable again."


def test_incr_on_an_unreachable_cache_is_a_missing_key(redis_cache):
    redis_cache.stop()

    with pytest.raises(ValueError, match="the cache is unreachable"):
        cache.incr("counter")


def test_the_quick_read_gives_what_get_many_gives_and_a_miss_when_redis_goes(redis_cache):
    from django.core.cache import caches

    backend = caches["default"]
    backend.set_many({"page": {"segments": [b"<p>"]}, "version": 7})

    assert backend.get_many_quick(["page", "version", "absent"]) == backend.get_many(
        ["page", "version", "absent"]
    )
    assert backend.get_many_quick(["version"]) == {"version": 7}

    redis_cache.stop()
    assert backend.get_many_quick(["page", "version"]) == {}  # a miss, not an error
    redis_cache.start()
    assert backend.get_many_quick(["page"]) == {}  # the server came back empty
    backend.set("page", "again")
    assert backend.get_many_quick(["page"]) == {"page": "again"}  # a new connection


def test_calls_share_one_redis_client():
    from hallway.core.cache import ResilientRedisCacheClient

    client = ResilientRedisCacheClient(["redis://127.0.0.1:1/0"])

    assert client.get_client() is client.get_client()
