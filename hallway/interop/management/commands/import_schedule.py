"""``python manage.py import_schedule schedule.xml --slug djangocon-us-2024``"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallway.interop.errors import ImportDataError, notice_lines
from hallway.interop.registry import detect_format, importers
from hallway.interop.services import import_schedule
from hallway.interop.tasks import import_stored_schedule, store_schedule_file


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
            schedule_format = detect_format(content)
            report = import_schedule(
                content,
                slug=slug,
                format=schedule_format.name,
                remove_missing=not keep_missing,
                dry_run=dry_run,
            )
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
        self.stdout.write(
            self.style.SUCCESS(f"Imported {schedule_format.label}. {report.summary()}")
        )
