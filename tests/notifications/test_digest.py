"""The e-mail digest: one e-mail for many changes, at most one an hour, the switches, the
unsubscribe headers and the conference's name."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from hallway.notifications import links, services
from hallway.notifications.models import Notification, NotificationSettings
from tests.html import parse, texts

BASE = "http://hallway.test"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.HALLWAY_BASE_URL = BASE


def _note(user, conference, key, *, kind="schedule", title=None, url=""):
    return Notification.objects.create(
        user=user,
        conference=conference,
        kind=kind,
        key=key,
        title=title or f"News {key}",
        url=url,
    )


@pytest.fixture
def digest(committed, run_tasks):
    """Run the digest as cron would (its own commit), then the worker that sends the mail."""

    def run(now=None):
        with committed():
            queued = services.send_digests(now=now)
        run_tasks()
        return queued

    return run


def test_several_changes_make_one_email(conference, ada, grace, digest):
    _note(ada, conference, "a", title="New room: Error Culture", url="/a/")
    _note(ada, conference, "b", kind="media", title="Video online: Error Culture")
    _note(ada, conference, "c", kind="plans", title="You have a place at Board games")
    _note(grace, conference, "d", title="Cancelled: Other talk")

    assert digest() == 2

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.com",
        "grace@example.com",
    ]
    message = next(message for message in mail.outbox if message.to == ["ada@example.com"])
    assert message.subject == "DjangoCon US 2024: 3 updates"
    assert message.from_email == "DjangoCon US 2024 <hallway@localhost>"
    text = message.body
    assert text.splitlines()[0] == "Hello Ada Lovelace,"
    assert "* New room: Error Culture\n  http://hallway.test/djangocon-us-2024/a/" in text
    assert "Video online: Error Culture" in text
    assert "You have a place at Board games" in text
    assert text.rstrip().splitlines()[-1] == "DjangoCon US 2024"
    assert "example.com" not in text.replace("ada@example.com", "")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert texts(parse(html), "//title") == ["DjangoCon US 2024"]
    token = links.unsubscribe_token(ada)
    unsubscribe = f"{BASE}/djangocon-us-2024/my/notifications/unsubscribe/{token}/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"{unsubscribe}\n" in text


def test_one_notification_names_itself_in_the_subject(conference, ada, digest):
    _note(ada, conference, "a", title="Cancelled: Error Culture")

    digest()

    assert [message.subject for message in mail.outbox] == [
        "DjangoCon US 2024: Cancelled: Error Culture"
    ]


def test_at_most_one_email_an_hour(conference, ada, digest):
    _note(ada, conference, "a")
    start = timezone.now()
    assert digest(now=start) == 1

    Notification.objects.filter(key="a").update(created_at=start - dt.timedelta(minutes=1))
    _note(ada, conference, "b")
    Notification.objects.filter(key="b").update(created_at=start + dt.timedelta(minutes=5))
    _note(ada, conference, "c")
    Notification.objects.filter(key="c").update(created_at=start + dt.timedelta(minutes=20))
    assert digest(now=start + dt.timedelta(minutes=30)) == 0
    assert digest(now=start + dt.timedelta(minutes=59)) == 0
    assert digest(now=start + dt.timedelta(minutes=61)) == 1

    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "DjangoCon US 2024: 2 updates"


def test_running_twice_never_sends_twice(conference, ada, digest):
    _note(ada, conference, "a")
    later = timezone.now() + dt.timedelta(hours=2)

    assert digest() == 1
    assert digest(now=later) == 0  # nothing new: no empty e-mail

    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["schedule", "media", "plans", "announcement"])
def test_a_switched_off_kind_is_neither_mailed_nor_shown(conference, ada, client, digest, kind):
    NotificationSettings.objects.create(user=ada, **{kind: False})
    _note(ada, conference, "off", kind=kind, title="Switched off")
    other = "media" if kind != "media" else "schedule"
    _note(ada, conference, "on", kind=other, title="Still wanted")

    digest()
    client.force_login(ada)
    page = client.get("/djangocon-us-2024/my/notifications/")

    assert mail.outbox[0].subject == "DjangoCon US 2024: Still wanted"
    assert [note.title for note in page.context["notes"]] == ["Still wanted"]
    # Marked as done: switching the kind back on later never mails old news.
    assert Notification.objects.filter(digested_at__isnull=True).count() == 0


def test_digest_off_sends_nothing(conference, ada, digest):
    NotificationSettings.objects.create(user=ada, email=False)
    _note(ada, conference, "a")

    assert digest() == 0
    assert mail.outbox == []


def test_the_command_runs_the_digest(conference, ada, committed, run_tasks):
    from io import StringIO

    from django.core.management import call_command

    _note(ada, conference, "a")
    out = StringIO()
    with committed():
        call_command("send_digests", stdout=out)
    run_tasks()

    assert out.getvalue() == "Queued 1 digest e-mail.\n"
    assert len(mail.outbox) == 1


def test_a_conference_with_its_own_host_links_there(conference, ada, digest):
    conference.host = "2024.djangocon.us"
    conference.save()
    _note(ada, conference, "a", title="Moved", url="/talks/a/")

    digest()

    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://2024.djangocon.us/my/notifications/unsubscribe/"
    )
    assert "* Moved\n  http://2024.djangocon.us/talks/a/\n" in message.body
