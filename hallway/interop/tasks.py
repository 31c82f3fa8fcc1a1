"""Imports and schedule pulls as background work (see hallway.core.tasks).

A pull fetches a conference's schedule from its address (pretalx, frab, c3voc exports) and
imports it; the import matches sessions by GUID, then slug, so pulling the same schedule twice
changes nothing the second time. Network failures are retried with backoff; a file that is not
a schedule is not (it would fail the same way again) and the error names the address.
"""

from __future__ import annotations

import urllib.error
import urllib.request

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from hallway.core.storage import private_storage
from hallway.core.tasks import retried
from hallway.interop.registry import parse_schedule
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule

# A schedule is text: a few MB for the largest conferences. Anything bigger is not one.
MAX_SCHEDULE_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 30


class ScheduleFetchError(OSError):
    """The schedule could not be fetched (network, HTTP status, size): worth retrying."""


def fetch_schedule(url: str) -> bytes:
    """The body at ``url`` (http or https only), at most MAX_SCHEDULE_BYTES."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{url}: only http and https addresses can be pulled.")
    request = urllib.request.Request(url, headers={"User-Agent": "Hallway schedule pull"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read(MAX_SCHEDULE_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise ScheduleFetchError(f"{url}: the server answered {error.code}.") from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise ScheduleFetchError(f"{url}: cannot fetch it ({error}).") from error
    if len(body) > MAX_SCHEDULE_BYTES:
        raise ValueError(f"{url}: larger than {MAX_SCHEDULE_BYTES // 1024 // 1024} MB.")
    return body


def _import(content: bytes, *, origin: str, slug: str, keep_missing: bool) -> str:
    try:
        schedule_format, data = parse_schedule(content)
    except ScheduleFormatError as error:
        raise ValueError(f"{origin}: {error} (nothing was imported)") from error
    with transaction.atomic():
        result = import_schedule(data, slug=slug, remove_missing=not keep_missing)
    return f"Imported {schedule_format.label} from {origin}. {result.summary()}"


@task()
@retried(retry_on=(ScheduleFetchError,))
def pull_schedule(url: str, slug: str, keep_missing: bool = False) -> str:
    """Fetch the schedule at ``url`` and import it into the conference ``slug``.

    Returns the import's summary (kept on the task's result).
    """
    return _import(fetch_schedule(url), origin=url, slug=slug, keep_missing=keep_missing)


@task()
@retried(retry_on=(OSError,))
def import_stored_schedule(name: str, slug: str, keep_missing: bool = False) -> str:
    """Import the schedule file kept in the private storage as ``name`` (see
    ``store_schedule_file``), then remove it. Idempotent, like every import."""
    storage = private_storage()
    with storage.open(name, "rb") as handle:
        content = handle.read()
    summary = _import(content, origin=name.rsplit("/", 1)[-1], slug=slug, keep_missing=keep_missing)
    storage.delete(name)
    return summary


def store_schedule_file(file_name: str, content: bytes) -> str:
    """Keep an uploaded schedule where every worker can read it; returns its storage name."""
    return private_storage().save(f"private/imports/{file_name}", ContentFile(content))


@task()
def sync_schedules_task(slugs: list[str] | None = None) -> list[str]:
    """Pull every followed schedule (or those of ``slugs``); returns one line per pull."""
    from hallway.interop.models import ScheduleSync
    from hallway.interop.sync import sync_schedules

    syncs = sync_schedules(slugs=slugs or None, trigger=ScheduleSync.Trigger.TASK)
    return [
        f"{sync.source.conference.slug}: {sync.result}{f' ({sync.error})' if sync.error else ''}"
        for sync in syncs
    ]
