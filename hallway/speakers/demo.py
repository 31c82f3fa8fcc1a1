"""A demo speaker that ``load_demo`` sets up, with a sign-in link to try the speaker pages."""

from __future__ import annotations

from hallway.conferences.urls_helpers import conference_reverse
from hallway.speakers.models import SpeakerAccess
from hallway.speakers.services import link_max_age, make_token

DEMO_EMAIL = "speaker@localhost"


def create_demo_speaker(conference, stdout=None) -> None:
    """Give the first listed presenter with a session a speaker address and print a fresh
    sign-in link (the path; put the site's address before it). Safe to run again."""
    presenter = (
        conference.presenters.listed().filter(sessions__isnull=False).order_by("name").first()
    )
    if presenter is None:
        return
    access, _created = SpeakerAccess.objects.get_or_create(
        presenter=presenter, defaults={"email": DEMO_EMAIL}
    )
    path = conference_reverse(conference, "speakers:sign-in", token=make_token(access))
    if stdout is not None:
        stdout.write(
            f"  Speaker sign-in for {presenter.name} (works once, {link_max_age().days} days): "
            f"{path}"
        )
