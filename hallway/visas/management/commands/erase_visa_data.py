from django.core.management.base import BaseCommand

from hallway.visas import services


class Command(BaseCommand):
    help = (
        "Erase the passport data of visa letter requests whose conference ended more than "
        "HALLWAY_VISA_RETENTION_DAYS days ago, keeping the decision. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the requests due, erase nothing."
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Enqueue the erase_visa_data task for the worker instead of erasing now.",
        )

    def handle(self, *args, dry_run: bool, enqueue: bool, **options):
        days = services.retention_days()
        if enqueue:
            from hallway.visas.tasks import erase_visa_data

            result = erase_visa_data.enqueue()
            self.stdout.write(f"Enqueued erase_visa_data ({result.id}).")
            return
        count = services.erase_expired(dry_run=dry_run)
        verb = "would be erased" if dry_run else "erased"
        self.stdout.write(
            f"{count} request(s) {verb}: passport data kept {days} days after the conference."
        )
