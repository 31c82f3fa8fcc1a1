"""Following a live programme: fetch a schedule URL and apply what changed.

``import_schedule <url> --follow`` (or the admin) makes a conference follow a URL; each pull
(``sync_schedules``, its background task, the admin's *Pull now*) sends the validators of the
last answer (``If-None-Match`` / ``If-Modified-Since``), so an unchanged programme costs the
server a 304 and us nothing. A changed one goes through ``import_schedule`` like a file would:
matched by GUID and slug, attendees' stars, notes and photos kept, every move in the change log
(which starred attendees see on their agenda). A pull that fails changes nothing and is
recorded with its reason.
"""

from __future__ import annotations

import hashlib
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hallway.conferences.models import Conference
from hallway.interop.errors import ImportDataError
from hallway.interop.models import ScheduleSource, ScheduleSync
from hallway.interop.registry import ScheduleFormat, parse_schedule
from hallway.interop.report import ImportReport
from hallway.interop.services import import_schedule
from hallway.program.models import ScheduleChange

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20  # seconds, for connecting and for each read
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "Hallway schedule sync (+https://github.com/hallway)"
# The change log names what moved sessions: attendees and organizers see these words.
SYNC_SOURCE = "sync_schedules"


class FetchError(Exception):
    """A URL that gave no schedule: the message names the URL and what went wrong."""


class FetchUnavailable(FetchError):
    """The server did not answer, or answered that it cannot now (5xx, 429): a later try
    may succeed, so background pulls retry these and no other FetchError."""


class _DryRun(Exception):
    pass


@dataclass
class Fetched:
    status: int
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class Applied:
    """What applying a schedule did (or, in a preview, would do)."""

    schedule_format: ScheduleFormat
    result: ImportReport
    changes: list[dict] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """``schedule JSON (…): 2 sessions created, …`` (the counts without the slug)."""
        counts = self.result.summary().removeprefix(f"{self.result.conference.slug}: ")
        return f"{self.schedule_format.label}: {counts}"


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) URLs only (urllib would also follow one to ftp)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            fp.close()
            raise FetchError(f"{req.full_url}: redirected to {newurl}, which is not http(s).")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_HttpOnlyRedirects)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float | None = None,
    max_bytes: int | None = None,
) -> Fetched:
    """GET ``url``, conditionally when validators are given. A 304 comes back as
    ``Fetched(status=304)``; anything but a 2xx or 304, a timeout, a refused connection or an
    answer over ``max_bytes`` raises FetchError naming the URL."""
    if not is_url(url):
        raise FetchError(f"{url}: only http:// and https:// URLs can be fetched.")
    timeout = timeout or getattr(settings, "HALLWAY_SCHEDULE_FETCH_TIMEOUT", DEFAULT_TIMEOUT)
    max_bytes = max_bytes or getattr(settings, "HALLWAY_SCHEDULE_MAX_BYTES", DEFAULT_MAX_BYTES)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
    try:
        with _opener.open(request, timeout=timeout) as response:
            content = response.read(max_bytes + 1)
            if len(content) > max_bytes:
                raise FetchError(f"{url}: the answer is larger than {max_bytes} bytes.")
            return Fetched(
                status=response.status,
                content=content,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except urllib.error.HTTPError as error:
        error.close()  # the error is also the answer, with its open connection
        if error.code == 304:
            return Fetched(status=304, etag=etag, last_modified=last_modified)
        problem = FetchUnavailable if error.code >= 500 or error.code == 429 else FetchError
        raise problem(f"{url}: the server answered HTTP {error.code} {error.reason}.") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, TimeoutError):
            raise FetchUnavailable(f"{url}: no answer within {timeout} seconds.") from None
        raise FetchUnavailable(f"{url}: cannot connect ({reason}).") from None
    except TimeoutError:
        raise FetchUnavailable(f"{url}: no answer within {timeout} seconds.") from None
    except OSError as error:
        raise FetchUnavailable(f"{url}: the connection failed ({error}).") from None


def read_schedule(location: str) -> bytes:
    """The bytes of a schedule file or http(s) URL; FetchError says why there are none."""
    if is_url(location):
        return fetch(location).content
    try:
        return Path(location).read_bytes()
    except OSError as error:
        raise FetchError(f"{location}: cannot read it ({error.strerror or error}).") from None


def apply_schedule(
    content: bytes,
    *,
    slug: str,
    source: str = SYNC_SOURCE,
    keep_missing: bool = False,
    dry_run: bool = False,
) -> Applied:
    """Parse ``content`` and import it into conference ``slug`` in one transaction, returning
    the import's result and the schedule changes it logged. With ``dry_run`` everything is
    rolled back: a preview of what applying would change. Raises ImportDataError."""
    schedule_format, data = parse_schedule(content)
    applied = None
    try:
        with transaction.atomic():
            before = ScheduleChange.objects.order_by("-pk").values_list("pk", flat=True).first()
            result = import_schedule(
                data, slug=slug, source=source, remove_missing=not keep_missing
            )
            logged = ScheduleChange.objects.filter(conference=result.conference)
            if before is not None:
                logged = logged.filter(pk__gt=before)
            changes = [
                {
                    "kind": change.get_kind_display(),
                    "session": change.session_title,
                    "old": change.old_value,
                    "new": change.new_value,
                }
                for change in logged.order_by("pk")
            ]
            applied = Applied(schedule_format, result, changes)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return applied


def follow(
    conference: Conference, url: str, *, fetched: Fetched | None = None, keep_missing: bool = False
) -> ScheduleSource:
    """Make ``conference`` follow ``url`` (replacing the URL it followed). ``fetched`` is the
    answer just imported: its validators make the next pull conditional."""
    source, _ = ScheduleSource.objects.update_or_create(
        conference=conference,
        defaults={"url": url, "is_enabled": True, "keep_missing": keep_missing},
    )
    if fetched is not None:
        _remember(source, fetched)
        source.save()
    return source


def _remember(source: ScheduleSource, fetched: Fetched) -> None:
    source.etag = fetched.etag[:500]
    source.last_modified = fetched.last_modified[:100]
    source.content_hash = hashlib.sha256(fetched.content).hexdigest()


def pull(
    source: ScheduleSource, *, trigger: str = ScheduleSync.Trigger.COMMAND, force: bool = False
) -> ScheduleSync:
    """Pull one followed schedule and apply it; the returned ScheduleSync (saved) says how it
    went. Never raises for a bad URL or file: that is an ``error`` pull, and nothing changed.
    ``force`` sends no validators (a full download, applied even if the bytes are the same)."""
    sync = ScheduleSync(source=source, trigger=trigger, started_at=timezone.now())
    try:
        fetched = fetch(
            source.url,
            etag="" if force else source.etag,
            last_modified="" if force else source.last_modified,
        )
        sync.http_status = fetched.status
        digest = hashlib.sha256(fetched.content).hexdigest()
        if fetched.not_modified:
            sync.result = ScheduleSync.Result.NOT_MODIFIED
            sync.summary = "The server answered 304 Not Modified."
        elif digest == source.content_hash and not force:
            sync.result = ScheduleSync.Result.NOT_MODIFIED
            sync.summary = "The same bytes as the last pull."
            _remember(source, fetched)
        else:
            applied = apply_schedule(
                fetched.content,
                slug=source.conference.slug,
                keep_missing=source.keep_missing,
            )
            sync.result = ScheduleSync.Result.OK
            sync.summary = applied.summary
            sync.changes = applied.changes
            _remember(source, fetched)
    except (FetchError, ImportDataError) as error:
        sync.result = ScheduleSync.Result.ERROR
        sync.error = str(error)
    except Exception as error:  # noqa: BLE001 - one broken source must not stop the others
        logger.exception("Pulling the schedule of %s failed", source.conference.slug)
        sync.result = ScheduleSync.Result.ERROR
        sync.error = f"Unexpected error: {error.__class__.__name__}: {error}"
    sync.finished_at = timezone.now()
    sync.save()
    source.last_pulled_at = sync.finished_at
    source.last_result = sync.result
    source.save(
        update_fields=["etag", "last_modified", "content_hash", "last_pulled_at", "last_result"]
    )
    return sync


def sync_schedules(
    *, slugs: list[str] | None = None, trigger: str = ScheduleSync.Trigger.COMMAND
) -> list[ScheduleSync]:
    """Pull every followed schedule (or those of ``slugs``), one after the other."""
    sources = ScheduleSource.objects.filter(is_enabled=True).select_related("conference")
    if slugs:
        sources = sources.filter(conference__slug__in=slugs)
    return [pull(source, trigger=trigger) for source in sources.order_by("conference__slug")]
