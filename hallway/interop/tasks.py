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
from django.utils import timezone
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


# -- the admin's import: preview, then apply, each in the worker ------------------------------
#
# The admin stores an upload (or nothing, for a URL) and queues the preview; its page waits for
# the result, shows what would change and offers "Apply", which queues the import of the very
# bytes previewed. Both return a plain dict kept on the task's result (the admin reads it from
# there): ``ok`` and what to show, or ``error`` naming the file or URL. Neither is retried: an
# organizer is waiting for the answer, and "try again" is one click for them.

ADMIN_SOURCE = "admin import"


@task()
def preview_schedule_import(
    user_id: int,
    conference_id: int,
    *,
    url: str = "",
    name: str = "",
    origin: str = "",
    keep_missing: bool = False,
    follow: bool = False,
) -> dict:
    """What importing the schedule at ``url`` (or the stored upload ``name``, called
    ``origin``) into the conference would change; nothing is written. A fetched schedule is
    stored, so that applying imports the bytes that were previewed."""
    from hallway.conferences.models import Conference
    from hallway.interop.errors import ImportDataError
    from hallway.interop.sync import FetchError, apply_schedule

    conference = Conference.objects.get(pk=conference_id)
    storage = private_storage()
    etag = last_modified = ""
    try:
        if url:
            fetched = fetch(url)
            content, etag, last_modified = fetched.content, fetched.etag, fetched.last_modified
            name = store_schedule_file(f"{conference.slug}-schedule", content)
        else:
            with storage.open(name, "rb") as handle:
                content = handle.read()
        applied = apply_schedule(
            content,
            slug=conference.slug,
            source=ADMIN_SOURCE,
            keep_missing=keep_missing,
            dry_run=True,
        )
    except FetchError as error:
        return {"ok": False, "field": "url", "error": str(error)}
    except ImportDataError as error:
        storage.delete(name)
        field = "url" if url else "file"
        return {"ok": False, "field": field, "error": f"{url or origin}: {error}"}
    return {
        "ok": True,
        "summary": applied.summary,
        "changes": applied.changes,
        "name": name,
        "etag": etag,
        "last_modified": last_modified,
    }


@task()
def apply_schedule_import(
    user_id: int,
    conference_id: int,
    *,
    name: str,
    url: str = "",
    etag: str = "",
    last_modified: str = "",
    keep_missing: bool = False,
    follow: bool = False,
) -> dict:
    """Import the previewed schedule stored as ``name`` (then remove it) and, with ``follow``,
    make the conference follow ``url``. Idempotent: a second run finds the file gone and
    changes nothing; an import of the same bytes twice would change nothing either."""
    from hallway.conferences.models import Conference
    from hallway.interop.errors import ImportDataError
    from hallway.interop.models import ScheduleSync
    from hallway.interop.sync import Fetched, apply_schedule
    from hallway.interop.sync import follow as follow_url

    conference = Conference.objects.get(pk=conference_id)
    storage = private_storage()
    if not storage.exists(name):
        return {
            "ok": False,
            "error": "This preview was applied already: import the schedule again.",
        }
    with storage.open(name, "rb") as handle:
        content = handle.read()
    try:
        with transaction.atomic():
            applied = apply_schedule(
                content, slug=conference.slug, source=ADMIN_SOURCE, keep_missing=keep_missing
            )
            if follow:
                fetched = Fetched(200, content, etag, last_modified)
                source = follow_url(conference, url, fetched=fetched, keep_missing=keep_missing)
                now = timezone.now()
                source.syncs.create(
                    trigger=ScheduleSync.Trigger.ADMIN,
                    result=ScheduleSync.Result.OK,
                    started_at=now,
                    finished_at=now,
                    http_status=200,
                    summary=applied.summary,
                    changes=applied.changes,
                )
                source.last_pulled_at, source.last_result = now, ScheduleSync.Result.OK
                source.save(update_fields=["last_pulled_at", "last_result"])
    except ImportDataError as error:
        return {"ok": False, "error": f"Nothing was imported: {error}"}
    storage.delete(name)
    return {"ok": True, "summary": applied.summary}


@task()
def pull_followed_schedule(source_id: int, trigger: str) -> str:
    """Pull one followed schedule now (the admin's "Pull now"); the pull records itself, an
    error included, so it is never retried here: the next sync_schedules run tries again."""
    from hallway.interop.models import ScheduleSource
    from hallway.interop.sync import pull

    source = ScheduleSource.objects.select_related("conference").filter(pk=source_id).first()
    if source is None:
        return "The followed schedule was removed before the pull."
    sync = pull(source, trigger=trigger)
    return f"{source.conference.slug}: {sync.result}{f' ({sync.error})' if sync.error else ''}"
