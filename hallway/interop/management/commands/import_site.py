from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallway.interop.site import SiteImportError, import_site


class Command(BaseCommand):
    help = (
        "Import a conference website's Eleventy content folder (talks, tutorials, schedule, "
        "presenters, organizers, sponsors, news, places, images). Safe to run again: only "
        "what changed is written. See docs/import-site.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "content_dir", type=Path, help="The content folder (holds _data/site.json)."
        )
        parser.add_argument(
            "--slug", required=True, help="The conference's URL slug, e.g. djangocon-us-2024."
        )
        parser.add_argument(
            "--name", help="The conference's name (default: kept, or made from the slug)."
        )

    def handle(self, *args, content_dir: Path, slug: str, name: str | None, **options):
        try:
            report = import_site(content_dir, slug=slug, name=name)
        except SiteImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        conference = report.conference
        verb = "Imported" if report.changes else "Already up to date:"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {conference.name} at {conference.get_absolute_url()}")
        )
