"""``python manage.py import_videos playlist.json --slug djangocon-us-2024 --confirm-above 0.9``"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hallway.conferences.models import Conference
from hallway.replays.models import Video
from hallway.replays.playlists import PlaylistError
from hallway.replays.services import import_playlist, sessions_without_video


def confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = -1
    if not 0 <= number <= 1:
        from argparse import ArgumentTypeError

        raise ArgumentTypeError(f"{value!r} is not a confidence between 0 and 1")
    return number


class Command(BaseCommand):
    help = (
        "Import a playlist of talk recordings (YouTube Data API playlistItems JSON, yt-dlp "
        "--flat-playlist --dump-json lines, or CSV of title and URL), propose a session for "
        "each new video and print the proposals. Videos imported before are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The playlist file.")
        parser.add_argument("--slug", required=True, help="The conference's slug.")
        parser.add_argument(
            "--confirm-above",
            type=confidence,
            default=None,
            metavar="CONFIDENCE",
            help="Confirm the proposals whose confidence (0–1) is at least this; the others "
            "wait for an organizer in the admin.",
        )

    def handle(self, *args, file: Path, slug: str, confirm_above: float | None, **options):
        conference = Conference.objects.filter(slug=slug).first()
        if conference is None:
            raise CommandError(f"No conference with the slug {slug!r}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: cannot read it ({error.strerror or error}).") from None
        try:
            report = import_playlist(conference, content, confirm_above=confirm_above)
        except PlaylistError as error:
            raise CommandError(f"{file}: {error} (nothing was imported).") from None
        except ValidationError as error:
            raise CommandError(
                f"{file}: {' '.join(error.messages)} (nothing was imported)."
            ) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(report.summary()))
        unmatched = conference.videos.filter(status=Video.Status.UNMATCHED)
        if unmatched:
            self.stdout.write("Videos without a session:")
            for video in unmatched:
                self.stdout.write(f"  {video.title} ({video.url})")
        missing = sessions_without_video(conference)
        if missing:
            self.stdout.write("Sessions without a video:")
            for session in missing:
                self.stdout.write(f"  {session.title}")
