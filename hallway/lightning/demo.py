from django.contrib.auth import get_user_model
from django.db import transaction

from hallway.conferences.models import Feature
from hallway.lightning.apps import FEATURE
from hallway.lightning.models import LightningTalk
from hallway.program.models import Session

TALKS = [
    ("Tiny pull requests win", "Why 20-line PRs get merged in a day.", "accepted"),
    ("My first DjangoCon", "What a newcomer wished they had known.", "accepted"),
    ("Django on a Raspberry Pi", "A home server for the whole family.", "accepted"),
    ("Type hints in templates?", "An experiment that went sideways.", "proposed"),
]


def create_demo_lightning_talks(conference, stdout=None) -> None:
    """Switch lightning talks on and sign demo speakers up for each lightning-talk session,
    the first three accepted in order (idempotent)."""
    User = get_user_model()  # noqa: N806 (a class)
    sessions = list(conference.sessions.filter(kind=Session.Kind.LIGHTNING).order_by("start"))
    with transaction.atomic():
        Feature.objects.update_or_create(
            conference=conference, key=FEATURE, defaults={"is_enabled": True}
        )
        for day, session in enumerate(sessions, start=1):
            for n, (title, summary, status) in enumerate(TALKS, start=1):
                user, _ = User.objects.get_or_create(
                    username=f"speaker{n}", defaults={"email": f"speaker{n}@example.com"}
                )
                LightningTalk.objects.update_or_create(
                    session=session,
                    speaker=user,
                    defaults={
                        "speaker_name": f"Speaker {n}",
                        "title": title if day == 1 else f"{title} (day {day})",
                        "summary": summary,
                        "status": status,
                        "position": n,
                    },
                )
    if stdout is not None:
        stdout.write(f"Lightning talks: sign-ups on {len(sessions)} sessions at /lightning-talks/")
