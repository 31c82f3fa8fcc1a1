"""``manage.py build_site --slug <slug> --out <dir>``: the public site as static files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallway.conferences.models import Conference
from hallway.sitebuild.services import BuildError, build_site


class Command(BaseCommand):
    help = (
        "Write a conference's public site (pages at their permalinks, assets, feeds, exports, "
        "images, sitemap) as static files with relative links, for any static host and path."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="The conference to build.")
        parser.add_argument(
            "--out", required=True, type=Path, help="Output folder (updated in place)."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="Public URL the site will live at, for the sitemap, feeds and exports "
            "(default: the conference's original website, if set).",
        )
        parser.add_argument(
            "--live-url",
            default="",
            help="URL of the live Hallway install: star buttons and sign-in links point there "
            "instead of being left out.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            # One: pages render in Python, so threads only take turns, and with every page's
            # queries recorded for the next build they took 2.4x longer (DjangoCon US 2024 on
            # 2 cores: 33.5 s with 2 threads, 13.8 s with 1; docs/benchmarks.md).
            default=1,
            help="Pages rendered at the same time, in threads (default: 1).",
        )
        parser.add_argument(
            "--exclude",
            action="append",
            default=[],
            metavar="REGEX",
            help="Leave out paths matching this regular expression (repeatable), "
            r"e.g. 'card\.png$'.",
        )
        parser.add_argument(
            "--gzip", action="store_true", help="Also write .gz files for pre-compressed serving."
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Render every page, even those an earlier build into the same folder shows "
            "unchanged (only files whose bytes changed are written either way).",
        )

    def handle(self, *args, slug, out, base_url, live_url, gzip, workers, exclude, full, **options):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference with slug {slug!r}.")
        if not conference.is_public:
            raise CommandError(f"Conference {slug!r} is not public; make it public to export it.")
        try:
            report = build_site(
                conference,
                out,
                base_url=base_url or conference.website_url,
                live_url=live_url,
                compress=gzip,
                workers=workers,
                exclude=tuple(exclude),
                full=full,
            )
        except BuildError as error:
            raise CommandError(str(error)) from error
        for path, status, referrer in report.broken:
            self.stderr.write(f"warning: {path} answered {status} (linked from {referrer})")
        self.stdout.write(
            f"Built {conference.slug}: {len(report.pages)} pages, {len(report.redirects)} "
            f"redirects, {len(report.files)} files ({report.bytes / 1024:.0f} KB) in "
            f"{report.seconds:.1f} s → {Path(out).resolve()}\n"
            f"{len(report.written)} written, {report.unchanged} unchanged, "
            f"{len(report.removed)} removed ({len(report.rendered)} rendered, {report.reused} kept "
            "without rendering)"
        )
