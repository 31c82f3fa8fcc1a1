"""Imports and schedule pulls as background work (see hallway.core.tasks).

A pull fetches a conference's schedule from its address (pretalx, frab, c3voc exports) and
imports it; the import matches sessions by GUID, then slug, so pulling the same schedule twice
changes nothing the second time. Every URL is fetched by ``hallway.interop.sync.fetch``, the
one fetcher of the app: a server that does not answer (``FetchUnavailable``) is retried with
backoff; a file that is not a schedule, or a 404, is not (it would fail the same way again),
and the error names the address.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django_tasks import task

from hallway.core.storage import private_storage
from hallway.core.tasks import retried
from hallway.interop.registry import parse_schedule
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule
from hallway.interop.sync import FetchUnavailable, fetch


def _import(content: bytes, *, origin: str, slug: str, keep_missing: bool) -> str:
    try:
        schedule_format, data = parse_schedule(content)
    except ScheduleFormatError as error:
        raise ValueError(f"{origin}: {error} (nothing was imported)") from error
    with transaction.atomic():
        result = import_schedule(data, slug=slug, remove_missing=not keep_missing)
    return f"Imported {schedule_format.label} from {origin}. {result.summary()}"


@task()
@retried(retry_on=(FetchUnavailable,))
def pull_schedule(url: str, slug: str, keep_missing: bool = False) -> str:
    """Fetch the schedule at ``url`` and import it into the conference ``slug``.

    Returns the import's summary (kept on the task's result).
    """
    return _import(fetch(url).content, origin=url, slug=slug, keep_missing=keep_missing)


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
