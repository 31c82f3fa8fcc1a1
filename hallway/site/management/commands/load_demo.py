import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hallway.companion.demo import create_demo_attendee
from hallway.conferences.demo import create_demo_series
from hallway.content.demo import create_demo_guide
from hallway.events.demo import create_demo_events
from hallway.grants.demo import create_demo_grants
from hallway.interop.site import SiteImportError, import_site, import_site_content, read_site
from hallway.interop.site.facts import read_facts, write_facts
from hallway.lightning.demo import create_demo_lightning_talks
from hallway.notifications.demo import create_demo_notifications
from hallway.proposals.demo import create_demo_venue_proposals
from hallway.replays.demo import create_demo_videos
from hallway.speakers.demo import create_demo_speaker
from hallway.sprints.demo import create_demo_sprints
from hallway.visas.demo import create_demo_visa_letters
from hallway.volunteers.demo import create_demo_volunteering

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "djangocon-us-2024.json"
DEMO_NAME = "DjangoCon US 2024"
SITE = "http://127.0.0.1:8000"

# What each app built on the domain adds to the demo, in order: each step takes the
# conference (and ``stdout``) and must be safe to run again.
DEMO_STEPS = [
    create_demo_guide,
    create_demo_series,
    create_demo_attendee,
    create_demo_visa_letters,
    create_demo_grants,
    create_demo_venue_proposals,
    create_demo_lightning_talks,
    create_demo_sprints,
    create_demo_videos,
    create_demo_speaker,
    create_demo_volunteering,
    create_demo_events,
    create_demo_notifications,
]


def shared_content() -> Path:
    return Path(settings.HALLWAY_SHARED_DATA) / "djangocon-us-2024" / "content"


class Command(BaseCommand):
    help = (
        "Load the DjangoCon US 2024 demo: the full content from ../shared when it is there, "
        "else the facts fixture in the repository; then an organizer login and a demo "
        "attendee. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixture",
            action="store_true",
            help="Load the facts fixture even when the full content is available.",
        )
        parser.add_argument(
            "--slug", default="djangocon-us-2024", help="The conference's URL slug."
        )
        parser.add_argument(
            "--write-fixture",
            action="store_true",
            help=f"Regenerate {FIXTURE.name} from the shared content, then stop.",
        )

    def handle(self, *args, fixture: bool, slug: str, write_fixture: bool, **options):
        if write_fixture:
            return self.write_fixture()
        content_dir = shared_content()
        try:
            with transaction.atomic():
                if content_dir.is_dir() and not fixture:
                    self.stdout.write(f"Importing the full content from {content_dir}")
                    # The demo is there to be seen: published at once (imports make drafts).
                    report = import_site(content_dir, slug=slug, name=DEMO_NAME, publish=True)
                else:
                    self.stdout.write(f"Loading the facts fixture {FIXTURE.name}")
                    report = import_site_content(
                        read_facts(FIXTURE), slug=slug, name=DEMO_NAME, publish=True
                    )
                conference = report.conference
                for line in report.lines():
                    self.stdout.write(f"  {line}")
                password = self.reset_organizer()
                for step in DEMO_STEPS:
                    step(conference, stdout=self.stdout)
        except SiteImportError as error:
            raise CommandError(f"The demo was not loaded. {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Loaded {conference.name}."))
        self.stdout.write(f"Organizer login: organizer / {password}")
        self.stdout.write(f"Admin: {SITE}/admin/")
        self.stdout.write(f"Site: {SITE}{conference.get_absolute_url()}")

    def reset_organizer(self) -> str:
        """Ensure the superuser ``organizer`` with a fresh random password; return it."""
        User = get_user_model()  # noqa: N806 (a class)
        user, _ = User.objects.get_or_create(
            username="organizer", defaults={"email": "organizer@localhost"}
        )
        password = secrets.token_urlsafe(12)
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        return password

    def write_fixture(self) -> None:
        content_dir = shared_content()
        if not content_dir.is_dir():
            raise CommandError(f"The shared content is not at {content_dir}.")
        try:
            content = read_site(content_dir)
        except SiteImportError as error:
            raise CommandError(str(error)) from error
        write_facts(
            content,
            FIXTURE,
            name=DEMO_NAME,
            source="github.com/djangocon/2024.djangocon.us src/_content (facts only)",
        )
        self.stdout.write(self.style.SUCCESS(f"Wrote {FIXTURE}"))
