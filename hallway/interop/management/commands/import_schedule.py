"""``python manage.py import_schedule schedule.xml --slug djangocon-us-2024``

or a URL, which ``--follow`` makes the conference follow (``sync_schedules`` pulls it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from hallway.interop.errors import ImportDataError, notice_lines
from hallway.interop.models import ScheduleSync
from hallway.interop.registry import detect_format, importers
from hallway.interop.services import DRAFT_NOTE, import_schedule, publish_conference
from hallway.interop.sync import FetchError, fetch, follow, is_url, read_schedule
from hallway.interop.tasks import import_stored_schedule, pull_schedule, store_schedule_file


class Command(BaseCommand):
    help = (
        "Create or update a conference's programme from a schedule file or http(s) URL: frab "
        "XML or schedule JSON as pretalx, frab and c3voc tools write them (detected from the "
        "content). Idempotent: sessions are matched by GUID, then slug. With --follow, the "
        "conference keeps following the URL (see sync_schedules)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The schedule file (XML or JSON), or its http(s) URL.")
        parser.add_argument("--slug", required=True, help="The conference to create or update.")
        parser.add_argument(
            "--keep-missing",
            action="store_true",
            help="Keep sessions that are not in the file (by default they are removed, or "
            "cancelled when attendees attached data to them).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Let the tasks worker import it (a file is kept in the private storage).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the conference (a new one is a draft that only staff see).",
        )
        parser.add_argument(
            "--follow",
            action="store_true",
            help="Follow the URL: sync_schedules pulls it again and applies what changed.",
        )

    def handle(
        self,
        *args,
        file: str,
        slug: str,
        keep_missing: bool,
        dry_run: bool,
        queue: bool = False,
        follow: bool = False,
        publish: bool = False,
        **options,
    ):
        url = file if is_url(file) else None
        if follow and url is None:
            raise CommandError(f"{file}: --follow needs an http(s) URL, not a file.")
        if queue and not dry_run and not follow and url is not None:
            result = pull_schedule.enqueue(url, slug, keep_missing)
            self.stdout.write(f"Queued the import of {url} (task {result.id}).")
            return
        fetched = None
        try:
            if url is not None:
                fetched = fetch(url)
                content = fetched.content
            else:
                content = read_schedule(file)
        except FetchError as error:
            raise CommandError(f"{error}\n(nothing was imported)") from None
        if queue and not dry_run and url is None:
            name = store_schedule_file(Path(file).name, content)
            result = import_stored_schedule.enqueue(name, slug, keep_missing)
            self.stdout.write(f"Queued the import of {file} (task {result.id}).")
            return
        try:
            schedule_format = detect_format(content)
            with transaction.atomic():
                report = import_schedule(
                    content,
                    slug=slug,
                    format=schedule_format.name,
                    remove_missing=not keep_missing,
                    dry_run=dry_run,
                )
                if follow and not dry_run:
                    self._follow(report, url, fetched, keep_missing)
                if publish and not dry_run:
                    publish_conference(report.conference)
        except ImportDataError as error:
            known = ", ".join(f.label for f in importers())
            raise CommandError(
                f"{file}: {error}\n(nothing was imported; formats: {known})"
            ) from None
        for line in notice_lines(report.notices):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. {report.summary()}")
            return
        if not report.conference.is_public:
            self.stdout.write(DRAFT_NOTE.format(slug=slug))
        self.stdout.write(
            self.style.SUCCESS(f"Imported {schedule_format.label}. {report.summary()}")
        )
        if follow:
            self.stdout.write(
                f"{slug} follows {url}: python manage.py sync_schedules pulls what changes."
            )

    @staticmethod
    def _follow(report, url, fetched, keep_missing) -> None:
        source = follow(report.conference, url, fetched=fetched, keep_missing=keep_missing)
        now = timezone.now()
        source.syncs.create(
            trigger=ScheduleSync.Trigger.COMMAND,
            result=ScheduleSync.Result.OK,
            started_at=now,
            finished_at=now,
            http_status=fetched.status,
            summary=report.summary(),
        )
        source.last_pulled_at, source.last_result = now, ScheduleSync.Result.OK
        source.save(update_fields=["last_pulled_at", "last_result"])
