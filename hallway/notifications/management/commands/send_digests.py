"""``python manage.py send_digests``: e-mail every attendee whose digest is due (cron runs it
every few minutes; at most one e-mail per attendee per hour whatever the interval)."""

from django.core.management.base import BaseCommand

from hallway.notifications.services import send_digests


class Command(BaseCommand):
    help = "E-mail each attendee their pending notifications in one digest (at most hourly)."

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"Queued {sent} digest e-mail{'s' if sent != 1 else ''}.")
