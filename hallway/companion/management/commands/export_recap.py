"""``python manage.py export_recap --user <username> --slug <slug> --out <dir>``."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hallway.companion.recap import RecapBuilder, recap_for, write_recap
from hallway.conferences.models import Conference


class Command(BaseCommand):
    help = "Write an attendee's recap of a conference as <out>/recap.md and <out>/images/."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="The attendee's username.")
        parser.add_argument("--slug", required=True, help="The conference slug.")
        parser.add_argument("--out", required=True, type=Path, help="The folder to write to.")
        parser.add_argument(
            "--base-url",
            default=getattr(settings, "HALLWAY_BASE_URL", "http://localhost:8000"),
            help="Site address that session links start with (default: %(default)s).",
        )

    def handle(self, *args, user: str, slug: str, out: Path, base_url: str, **options):
        try:
            attendee = get_user_model().objects.get(username=user)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"--user: no user called {user!r}.") from error
        try:
            conference = Conference.objects.get(slug=slug)
        except Conference.DoesNotExist as error:
            raise CommandError(f"--slug: no conference with slug {slug!r}.") from error
        out = Path(out)  # call_command() passes the raw value
        recap = recap_for(attendee, conference)
        base = base_url.rstrip("/")
        document = RecapBuilder(recap, absolute=lambda path: base + path).build()
        written = write_recap(document, out)
        for item in document.unfinished:
            self.stderr.write(f"Left out (unfinished): {item.kind} {item.title} ({item.reason})")
        self.stdout.write(
            f"Wrote {written[0]} and {len(written) - 1} image(s) under {out / 'images'}."
        )
