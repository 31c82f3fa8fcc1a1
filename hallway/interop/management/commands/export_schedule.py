"""``python manage.py export_schedule --slug djangocon-us-2024 --format ical -o dcus.ics``"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallway.conferences.models import Conference
from hallway.interop.export import build_export
from hallway.interop.registry import exporters, get_format


class Command(BaseCommand):
    help = "Write a conference's schedule in one of the registered formats."

    def add_arguments(self, parser):
        names = [f.name for f in exporters()]
        parser.add_argument("--slug", required=True, help="The conference.")
        parser.add_argument("--format", choices=names, default="frab-xml", dest="format_name")
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="scheme://host the URLs in the file start with (the formats need absolute URLs).",
        )
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")

    def handle(self, *args, slug, format_name, base_url, output, **options):
        if not base_url.startswith(("http://", "https://")):
            raise CommandError(
                f"--base-url {base_url!r}: give scheme://host, e.g. https://example.org"
            )
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference with slug {slug!r}.")
        body = get_format(format_name).render(build_export(conference, url_base=base_url))
        if output:
            output.write_bytes(body)
            self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(body)} bytes)."))
        else:
            self.stdout.write(body.decode(), ending="")
