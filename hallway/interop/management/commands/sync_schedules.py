"""``python manage.py sync_schedules``: pull every followed schedule URL and apply changes."""

from django.core.management.base import BaseCommand, CommandError

from hallway.interop.models import ScheduleSync
from hallway.interop.sync import sync_schedules


class Command(BaseCommand):
    help = (
        "Pull the schedule URL each conference follows (import_schedule <url> --follow, or the "
        "admin) with conditional requests, and apply what changed. Run it every few minutes "
        "from cron or a systemd timer, or with --enqueue to leave the work to db_worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", action="append", help="Only this conference (repeatable).")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the background task instead of pulling now (db_worker runs it).",
        )

    def handle(self, *args, slug: list[str] | None, enqueue: bool, **options):
        if enqueue:
            from hallway.interop.tasks import sync_schedules_task

            result = sync_schedules_task.enqueue(slugs=slug or [])
            self.stdout.write(f"Queued the pull of followed schedules (task {result.id}).")
            return
        syncs = sync_schedules(slugs=slug, trigger=ScheduleSync.Trigger.COMMAND)
        if not syncs:
            self.stdout.write("No conference follows a schedule URL.")
            return
        failed = []
        for sync in syncs:
            line = f"{sync.source.conference.slug}: {sync.get_result_display()}"
            if sync.result == ScheduleSync.Result.ERROR:
                failed.append(f"{line}: {sync.error}")
                continue
            if sync.summary:
                line += f". {sync.summary}"
            self.stdout.write(self.style.SUCCESS(line))
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(syncs)} schedules failed (nothing changed for them):\n"
                + "\n".join(failed)
            )
