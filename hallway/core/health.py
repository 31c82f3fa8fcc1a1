"""``/healthz`` (liveness) and ``/readyz`` (readiness) for load balancers and orchestrators.

Both answer from a middleware placed first: a load balancer probes with its own Host header
(often an address not in ALLOWED_HOSTS) over plain HTTP, and must get neither a 400 nor the
HTTPS redirect. ``/healthz`` touches nothing: the process answers, so it is alive.
``/readyz`` checks what a page needs: the database answers a query, the cache keeps a value,
and every configured file storage (uploads) can be reached. 200 with the checks as JSON when all
pass; 503 naming the failing one otherwise. Details go to the log, not to the public answer.
"""

from __future__ import annotations

import logging
import os
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

from hallway.core.cache_keys import READINESS_PROBE

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


def check_database() -> None:
    for connection in connections.all():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


def check_cache() -> None:
    key, value = READINESS_PROBE.format(token=secrets.token_hex(8)), secrets.token_hex(8)
    cache.set(key, value, 10)
    # The resilient Redis cache turns an outage into a miss: a missing value is the failure.
    if cache.get(key) != value:
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


def check_storage() -> None:
    for alias in settings.STORAGES:
        if alias == "staticfiles":  # built into the release; WhiteNoise serves it
            continue
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            # The folder appears with the first upload; a fresh install is ready without it.
            location = storage.location
            os.makedirs(location, exist_ok=True)
            if not os.access(location, os.W_OK):
                raise RuntimeError(f"storage {alias!r}: {location} is not writable")
        else:
            # One small request to the service (a HEAD on object storage); a missing object is
            # an answer, an unreachable service raises.
            storage.exists(".hallway-readyz")


CHECKS = {"database": check_database, "cache": check_cache, "storage": check_storage}


def readiness() -> tuple[bool, dict[str, str]]:
    """Run every check; ({name: "ok" | "fail"}, all passed)."""
    results = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
        except Exception as error:  # any failure means "not ready", named
            logger.warning("readyz: %s check failed: %r", name, error)
            results[name] = "fail"
        else:
            results[name] = "ok"
        logger.debug("readyz: %s took %.1f ms", name, (time.monotonic() - started) * 1000)
    return all(value == "ok" for value in results.values()), results


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Answers the two probe paths before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == LIVENESS_PATH:
            return _no_store(HttpResponse("ok\n", content_type="text/plain"))
        if path == READINESS_PATH:
            ready, checks = readiness()
            status = "ok" if ready else "fail"
            return _no_store(
                JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)
            )
        return self.get_response(request)
