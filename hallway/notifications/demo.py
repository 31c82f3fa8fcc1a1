"""Notifications for ``load_demo``: a welcome announcement to everyone signed in, and the
demo attendee's notifications about the starred sessions whose videos are online."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from hallway.companion.demo import USERNAME
from hallway.notifications import services
from hallway.notifications.models import Announcement, Audience, Kind, Notification

WELCOME = "Welcome: registration opens at 8:00"
WELCOME_BODY = (
    "Badges are at the **registration desk** in the lobby from 8:00 each morning.\n\n"
    "Star the talks you want to see: you will hear here if one of them moves, and when "
    "its video is online."
)


def create_demo_notifications(conference, stdout=None) -> None:
    """Send the welcome announcement and tell the demo attendee about videos of sessions they
    starred; safe to run again (nothing is stored twice)."""
    announcement, _created = Announcement.objects.get_or_create(
        conference=conference,
        title=WELCOME,
        defaults={"body": WELCOME_BODY, "audience": Audience.EVERYONE},
    )
    services.send_announcement(announcement.pk)
    demo = get_user_model().objects.filter(username=USERNAME).first()
    if demo is not None:
        sessions = conference.sessions.filter(stars__user=demo).exclude(video_url="").distinct()
        for session in sessions.order_by("start")[:3]:
            services.notify_session_media(
                session.pk, kind="video", url=session.video_url, title=session.title
            )
    if stdout is not None:
        count = Notification.objects.filter(conference=conference).count()
        media = Notification.objects.filter(conference=conference, kind=Kind.MEDIA).count()
        stdout.write(f"Notifications: {count} ({media} about videos)")
