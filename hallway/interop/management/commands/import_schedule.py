"""``python manage.py import_schedule schedule.xml --slug djangocon-us-2024``"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hallway.interop.registry import importers, parse_schedule
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule
from hallway.interop.tasks import import_stored_schedule, store_schedule_file


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Create or update a conference's programme from a schedule file: frab XML or schedule "
        "JSON as pretalx, frab and c3voc tools write them (detected from the content). "
        "Idempotent: sessions are matched by GUID, then slug."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The schedule file (XML or JSON).")
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
            help="Keep the file in the private storage and let the tasks worker import it.",
        )

    def handle(
        self,
        *args,
        file: Path,
        slug: str,
        keep_missing: bool,
        dry_run: bool,
        queue: bool = False,
        **options,
    ):
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read it ({error.strerror or error}).") from None
        if queue and not dry_run:
            name = store_schedule_file(file.name, content)
            result = import_stored_schedule.enqueue(name, slug, keep_missing)
            self.stdout.write(f"Queued the import of {file} (task {result.id}).")
            return
        try:
            schedule_format, data = parse_schedule(content)
            with transaction.atomic():
                result = import_schedule(data, slug=slug, remove_missing=not keep_missing)
                if dry_run:
                    raise _DryRun
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
