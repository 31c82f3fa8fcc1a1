"""``python manage.py pull_schedule https://pretalx.example/c/schedule.xml --slug c``"""

from django.core.management.base import BaseCommand, CommandError

from hallway.interop.sync import FetchError
from hallway.interop.tasks import pull_schedule


class Command(BaseCommand):
    help = (
        "Fetch a conference's schedule from its address (frab XML or schedule JSON, as pretalx "
        "exports it) and import it. Idempotent. With --queue, the tasks worker does it "
        "(retried when the address does not answer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="The schedule's http(s) address.")
        parser.add_argument("--slug", required=True, help="The conference to create or update.")
        parser.add_argument(
            "--keep-missing",
            action="store_true",
            help="Keep sessions that are not in the schedule.",
        )
        parser.add_argument(
            "--queue", action="store_true", help="Queue the pull for the worker; return at once."
        )

    def handle(self, *args, url: str, slug: str, keep_missing: bool, queue: bool, **options):
        if queue:
            result = pull_schedule.enqueue(url, slug, keep_missing)
            self.stdout.write(f"Queued the pull of {url} (task {result.id}).")
            return
        try:
            summary = pull_schedule.call(url, slug, keep_missing)
        except (FetchError, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(summary))
