from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallway.interop.services import DRAFT_NOTE
from hallway.interop.site import SiteImportError, import_site


class Command(BaseCommand):
    help = (
        "Import a conference website's content folder, in the Eleventy layout (2024 on: "
        "_data/site.json, schedule/...) or the Jekyll one (2018-2023: _config.yml, "
        "_schedule/...), found from its files: talks, tutorials, schedule, presenters, "
        "organizers, sponsors, news, places, pages, images. Safe to run again: only what "
        "changed is written. Every warning is listed at the end. See docs/import-site.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "content_dir",
            type=Path,
            help="The content folder (holds _data/site.json, or _config.yml for Jekyll sites).",
        )
        parser.add_argument(
            "--slug", required=True, help="The conference's URL slug, e.g. djangocon-us-2024."
        )
        parser.add_argument(
            "--name", help="The conference's name (default: kept, or made from the slug)."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Refuse the import on the first warning (a missing image, a guessed date) "
            "instead of importing without it.",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the conference (a new one is a draft that only staff see).",
        )

    def handle(
        self,
        *args,
        content_dir: Path,
        slug: str,
        name: str | None,
        strict: bool,
        publish: bool = False,
        **options,
    ):
        try:
            report = import_site(content_dir, slug=slug, name=name, strict=strict, publish=publish)
        except SiteImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for line in report.lines():
            self.stdout.write(line)
        conference = report.conference
        verb = "Imported" if report.changes else "Already up to date:"
        warnings = len(report.warnings)
        suffix = (
            f" ({warnings} warning{'s' if warnings != 1 else ''}, listed above)" if warnings else ""
        )
        if not conference.is_public:
            self.stdout.write(DRAFT_NOTE.format(slug=slug))
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {conference.name} at {conference.get_absolute_url()}{suffix}"
            )
        )
