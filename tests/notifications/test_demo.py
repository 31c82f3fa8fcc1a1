import datetime as dt
import io

from hallway.companion.demo import create_demo_attendee
from hallway.notifications.demo import WELCOME, create_demo_notifications
from hallway.notifications.models import Announcement, Notification
from tests.factories import NEW_YORK, PlaceFactory, SessionFactory


def test_demo_notifications_are_created_idempotently(conference):
    for n in range(12):
        start = dt.datetime(2024, 9, 23 + n % 3, 9 + n, tzinfo=NEW_YORK)
        SessionFactory(
            conference=conference,
            start=start,
            end=start + dt.timedelta(minutes=45),
            video_url=f"https://youtu.be/demo{n}",
        )
    PlaceFactory(conference=conference)
    create_demo_attendee(conference)
    out = io.StringIO()

    create_demo_notifications(conference)
    create_demo_notifications(conference, stdout=out)

    assert out.getvalue() == "Notifications: 4 (3 about videos)"
    assert Announcement.objects.get().title == WELCOME
    assert list(
        Notification.objects.filter(kind="announcement").values_list("user__username", flat=True)
    ) == ["demo"]
