"""``python manage.py import_schedule schedule.xml --slug djangocon-us-2024``

or a URL, which ``--follow`` makes the conference follow (``sync_schedules`` pulls it)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hallway.interop.models import ScheduleSync
from hallway.interop.registry import importers, parse_schedule
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule
from hallway.interop.sync import FetchError, fetch, follow, is_url, read_schedule


class _DryRun(Exception):
    pass


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
        follow: bool = False,
        **options,
    ):
        if follow and not is_url(file):
            raise CommandError(f"{file}: --follow needs an http(s) URL, not a file.")
        fetched = None
        try:
            if is_url(file):
                fetched = fetch(file)
                content = fetched.content
            else:
                content = read_schedule(file)
        except FetchError as error:
            raise CommandError(f"{error}\n(nothing was imported)") from None
        try:
            schedule_format, data = parse_schedule(content)
            with transaction.atomic():
                result = import_schedule(data, slug=slug, remove_missing=not keep_missing)
                if dry_run:
                    raise _DryRun
                if follow:
                    self._follow(result.conference, file, fetched, keep_missing, result)
        except ScheduleFormatError as error:
            known = ", ".join(f.label for f in importers())
            raise CommandError(
                f"{file}: {error}\n(nothing was imported; formats: {known})"
            ) from None
        except _DryRun:
            self.stdout.write(f"Dry run, nothing written. {result.summary()}")
            return
        self.stdout.write(
            self.style.SUCCESS(f"Imported {schedule_format.label}. {result.summary()}")
        )
        if follow:
            self.stdout.write(
                f"{slug} follows {file}: python manage.py sync_schedules pulls what changes."
            )

    @staticmethod
    def _follow(conference, url, fetched, keep_missing, result) -> None:
        from django.utils import timezone

        source = follow(conference, url, fetched=fetched, keep_missing=keep_missing)
        now = timezone.now()
        source.syncs.create(
            trigger=ScheduleSync.Trigger.COMMAND,
            result=ScheduleSync.Result.OK,
            started_at=now,
            finished_at=now,
            http_status=fetched.status,
            summary=result.summary(),
        )
        source.last_pulled_at, source.last_result = now, ScheduleSync.Result.OK
        source.save(update_fields=["last_pulled_at", "last_result"])
