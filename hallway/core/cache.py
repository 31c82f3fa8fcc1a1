"""A Redis cache that degrades to "no cache" when Redis goes away, instead of to errors.

Everything Hallway keeps in the cache can be rebuilt from the database: pages, conference
versions, host mappings; sessions are written to the database too (``cached_db``). So when Redis
stops answering, a read is a miss, a write does nothing, and pages are rendered from the
database: slower, but up. The outage is logged once (and its end), not at every call. After a
failure Redis is left alone for :data:`RETRY_SECONDS`, so an unreachable host does not cost a
connection timeout on every call.

Deletes are how an edit reaches the other servers (a conference's cached version is deleted
when it changes). One that cannot reach Redis is kept and replayed when Redis answers again, so
no server keeps answering with a page from before the edit.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# Deletes kept for replay during one outage, at most (the oldest are dropped beyond).
MAX_PENDING_DELETES = 10_000
ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


@dataclass
class _Health:
    """Shared by every thread's client for the same servers."""

    down_until: float = 0.0
    in_outage: bool = False
    pending_deletes: dict[str, None] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_health: dict[tuple[str, ...], _Health] = {}
_health_lock = threading.Lock()


def _health_for(servers) -> _Health:
    key = tuple(servers)
    with _health_lock:
        return _health.setdefault(key, _Health())


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client with every call guarded; see the module docs."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._health = _health_for(servers)
        self._clients: dict[int, redis.Redis] = {}
        self._quick = threading.local()

    def get_client(self, key=None, *, write=False):
        """One client per connection pool, made once. Django makes a new ``redis.Redis`` for
        every call, and setting up its table of response callbacks (about 170 entries) cost
        more than half of a cached page's answer. A client is safe to share between threads:
        each call takes a connection from the pool."""
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients.setdefault(index, self._client(connection_pool=pool))
        return client

    def get_many_quick(self, keys: list[str]) -> dict:
        """get_many() in one MGET on a pooled connection, for the cached-page fast path.

        redis-py's client wraps each command in retries, hooks and response callbacks: about
        60 µs of CPU per call here, more than the rest of a cached answer. This sends the
        command on a connection from the same pool, through redis-py's own connection API. Keys
        are made (prefixed) keys; an outage, or any error, is a miss (the slow path that
        follows goes through _guard() and notices the outage)."""
        if time.monotonic() < self._health.down_until or self._health.pending_deletes:
            return {}
        # Each thread keeps one connection of the pool for these reads: taking one from the
        # pool and giving it back cost a third of the call.
        connection = getattr(self._quick, "connection", None)
        try:
            if connection is None:
                connection = self._quick.connection = self._get_connection_pool(
                    False
                ).get_connection()
            connection.send_command("MGET", *keys)
            values = connection.read_response()
        except ERRORS:
            if connection is not None:
                connection.disconnect()
            self._quick.connection = None
            return {}
        loads = self._serializer.loads
        return {
            key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }

    def _guard(self, call, fallback, *, deleting=()):
        health = self._health
        if time.monotonic() < health.down_until:
            self._keep_deletes(deleting)
            return fallback
        try:
            if health.pending_deletes:
                self._replay_deletes()
            result = call()
        except ERRORS as error:
            self._keep_deletes(deleting)
            with health.lock:
                health.down_until = time.monotonic() + RETRY_SECONDS
                first = not health.in_outage
                health.in_outage = True
            if first:
                logger.warning(
                    "Redis cache unreachable (%s): serving from the database, retrying every "
                    "%.0f s.",
                    error,
                    RETRY_SECONDS,
                )
            return fallback
        if health.in_outage:
            with health.lock:
                back, health.in_outage = health.in_outage, False
            if back:
                logger.warning("Redis cache reachable again.")
        return result

    def _keep_deletes(self, keys) -> None:
        if not keys:
            return
        pending = self._health.pending_deletes
        with self._health.lock:
            for key in keys:
                pending[key] = None
            while len(pending) > MAX_PENDING_DELETES:
                del pending[next(iter(pending))]

    def _replay_deletes(self) -> None:
        with self._health.lock:
            keys = list(self._health.pending_deletes)
        if keys:
            super().delete_many(keys)
            with self._health.lock:
                for key in keys:
                    self._health.pending_deletes.pop(key, None)

    def add(self, key, value, timeout):
        return self._guard(
            lambda: super(ResilientRedisCacheClient, self).add(key, value, timeout), False
        )

    def get(self, key, default):
        return self._guard(
            lambda: super(ResilientRedisCacheClient, self).get(key, default), default
        )

    def set(self, key, value, timeout):
        # A set that cannot happen must not leave the old value behind either.
        self._guard(
            lambda: super(ResilientRedisCacheClient, self).set(key, value, timeout),
            None,
            deleting=(key,),
        )

    def touch(self, key, timeout):
        return self._guard(
            lambda: super(ResilientRedisCacheClient, self).touch(key, timeout), False
        )

    def delete(self, key):
        return self._guard(
            lambda: super(ResilientRedisCacheClient, self).delete(key), False, deleting=(key,)
        )

    def get_many(self, keys):
        keys = list(keys)
        return self._guard(lambda: super(ResilientRedisCacheClient, self).get_many(keys), {})

    def has_key(self, key):
        return self._guard(lambda: super(ResilientRedisCacheClient, self).has_key(key), False)

    def incr(self, key, delta):
        missing = object()
        result = self._guard(
            lambda: super(ResilientRedisCacheClient, self).incr(key, delta), missing
        )
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout):
        self._guard(
            lambda: super(ResilientRedisCacheClient, self).set_many(data, timeout),
            None,
            deleting=tuple(data),
        )

    def delete_many(self, keys):
        keys = list(keys)
        self._guard(
            lambda: super(ResilientRedisCacheClient, self).delete_many(keys),
            None,
            deleting=keys,
        )

    def clear(self):
        return self._guard(lambda: super(ResilientRedisCacheClient, self).clear(), False)


class ResilientRedisCache(RedisCache):
    """``CACHES["default"]["BACKEND"]`` for Redis in production; see the module docs."""

    def get_many_quick(self, keys: list[str]) -> dict:
        """get_many() with the least work per call (see the client's); None values are
        misses, as in get_many()."""
        made = {self.make_key(key): key for key in keys}
        found = self._cache.get_many_quick(list(made))
        return {made[key]: value for key, value in found.items()}

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
