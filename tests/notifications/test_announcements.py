"""Announcements: who receives which, sending twice, what each role sees, the admin."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from hallway.companion.models import Attendance
from hallway.notifications import services
from hallway.notifications.models import Announcement, Audience, Notification
from tests.companion.factories import UserFactory
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import ConferenceFactory
from tests.html import outer, parse

LIST = "/djangocon-us-2024/my/notifications/announcements/"


@pytest.fixture
def people(conference, talk, ada, grace, star):
    """ada attends; grace starred the talk; hopper RSVP'd the social; lin has nothing here;
    barbara attends another conference."""
    Attendance.objects.create(user=ada, conference=conference)
    star(grace, talk)
    event = EventFactory(conference=conference, title="Social")
    hopper = UserFactory(username="hopper")
    RsvpFactory(event=event, user=hopper)
    lin = UserFactory(username="lin")
    barbara = UserFactory(username="barbara")
    Attendance.objects.create(user=barbara, conference=ConferenceFactory(slug="pycon-2025"))
    return {
        "ada": ada,
        "grace": grace,
        "hopper": hopper,
        "lin": lin,
        "barbara": barbara,
        "event": event,
    }


def _announce(conference, title, **kwargs):
    announcement = Announcement.objects.create(
        conference=conference, title=title, body="Lunch is in **Hall C**.", **kwargs
    )
    services.send_announcement(announcement.pk)
    return announcement


def _received(announcement):
    return sorted(
        Notification.objects.filter(announcement=announcement).values_list(
            "user__username", flat=True
        )
    )


def test_audiences(conference, talk, people):
    everyone = _announce(conference, "Welcome")
    starred = _announce(conference, "Room change", audience=Audience.STARRED, session=talk)
    rsvps = _announce(conference, "Bring a coat", audience=Audience.RSVPS, event=people["event"])

    assert _received(everyone) == ["ada", "grace"]
    assert _received(starred) == ["grace"]
    assert _received(rsvps) == ["hopper"]
    everyone.refresh_from_db()
    assert everyone.recipient_count == 2
    assert everyone.sent_at is not None


def test_sending_twice_never_reaches_anyone_twice(conference, people, committed, run_tasks):
    announcement = _announce(conference, "Welcome")
    first_sent = Announcement.objects.get().sent_at
    services.send_announcement(announcement.pk)
    with committed():
        services.send_digests()
    run_tasks()

    assert Notification.objects.filter(announcement=announcement).count() == 2
    assert Announcement.objects.get().sent_at == first_sent
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.com",
        "grace@example.com",
    ]


def test_who_sees_which_announcement(conference, talk, people, client):
    everyone = _announce(conference, "Welcome")
    starred = _announce(conference, "Room change", audience=Audience.STARRED, session=talk)
    unsent = Announcement.objects.create(conference=conference, title="Draft", body="Not yet")

    def titles(user):
        client.force_login(user)
        return [item.title for item in client.get(LIST).context["announcements"]]

    def detail(user, announcement):
        client.force_login(user)
        return client.get(f"{LIST}{announcement.pk}/").status_code

    assert titles(people["grace"]) == ["Room change", "Welcome"]
    assert titles(people["ada"]) == ["Welcome"]
    assert titles(people["lin"]) == []
    assert titles(people["barbara"]) == []
    assert detail(people["grace"], starred) == 200
    assert detail(people["ada"], starred) == 404
    assert detail(people["lin"], everyone) == 404
    assert detail(people["ada"], unsent) == 404
    client.logout()
    assert client.get(f"{LIST}{everyone.pk}/").status_code == 302


def test_the_message_is_markdown_rendered_safely(conference, people, client):
    announcement = Announcement.objects.create(
        conference=conference,
        title="Welcome",
        body="**Hello** <script>alert(1)</script>",
    )
    services.send_announcement(announcement.pk)
    client.force_login(people["ada"])

    response = client.get(f"{LIST}{announcement.pk}/")

    assert outer(parse(response), "//main//div[@class='prose']") == (
        '<div class="prose"><p><strong>Hello</strong> </p> </div>'
    )
    assert "alert(1)" not in response.text


def test_an_audience_needs_its_target(conference, talk):
    other_event = EventFactory(conference=ConferenceFactory(slug="pycon-2025"))
    with pytest.raises(ValidationError) as starred:
        Announcement(conference=conference, title="x", body="y", audience="starred").full_clean()
    with pytest.raises(ValidationError) as foreign:
        Announcement(
            conference=conference, title="x", body="y", audience="rsvps", event=other_event
        ).full_clean()

    assert starred.value.message_dict["session"] == ["Choose the session whose stars receive it."]
    assert foreign.value.message_dict["event"] == ["This belongs to another conference."]


def test_admin_sends_with_the_action(conference, people, superuser_client, committed, run_tasks):
    announcement = Announcement.objects.create(conference=conference, title="Welcome", body="Hi")

    assert superuser_client.get("/admin/notifications/announcement/").status_code == 200
    with committed():
        response = superuser_client.post(
            "/admin/notifications/announcement/",
            {"action": "send", "_selected_action": [announcement.pk]},
        )
    run_tasks()

    assert response.status_code == 302
    announcement.refresh_from_db()
    assert announcement.recipient_count == 2
    assert _received(announcement) == ["ada", "grace"]


def test_admin_form_names_the_missing_session(conference, superuser_client):
    add = "/admin/notifications/announcement/add/"

    assert superuser_client.get(add).status_code == 200
    response = superuser_client.post(
        add,
        {"conference": conference.pk, "title": "Room change", "body": "B", "audience": "starred"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "session": ["Choose the session whose stars receive it."]
    }
    assert Announcement.objects.count() == 0
