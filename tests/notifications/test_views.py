"""The notifications page, the settings, the menu count and the unsubscribe link."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from hallway.notifications import links
from hallway.notifications.models import Notification, NotificationSettings
from hallway.notifications.services import cached_unread, notify
from tests.companion.factories import UserFactory
from tests.html import parse, texts

PAGE = "/djangocon-us-2024/my/notifications/"


def _notes(user, conference, count, *, prefix="n", url=""):
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                conference=conference,
                kind="schedule",
                key=f"{prefix}{n}",
                title=f"{prefix} news {n}",
                url=url,
            )
            for n in range(count)
        ]
    )


def test_anonymous_visitors_are_sent_to_sign_in(conference, client):
    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={PAGE}"


def test_an_attendee_sees_only_their_own(conference, ada, grace, client):
    _notes(ada, conference, 2, prefix="ada")  # what could leak, first
    _notes(grace, conference, 1, prefix="grace", url="/talks/g/")

    client.force_login(grace)
    response = client.get(PAGE)

    assert response.status_code == 200
    assert [note.title for note in response.context["notes"]] == ["grace news 0"]
    assert [note.href for note in response.context["notes"]] == ["/djangocon-us-2024/talks/g/"]
    assert b"ada news" not in response.content
    assert response["Cache-Control"] == "private, no-cache"


# The notifications entry of the account menu.
NOTIFICATIONS_LINK = "//nav[@class='account-nav']/a[@href='/djangocon-us-2024/my/notifications/']"


def test_opening_the_page_marks_read_and_zeroes_the_menu_count(
    conference, ada, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([ada.pk], conference_id=conference.pk, kind="media", key="k", title="Slides online")
    assert cached_unread(ada.pk, conference.pk) == 1
    client.force_login(ada)

    home = client.get("/djangocon-us-2024/my/agenda/")
    assert texts(parse(home), NOTIFICATIONS_LINK) == ["Notifications (1)"]

    first = client.get(PAGE)
    second = client.get(PAGE)

    assert first.context["unread"] == {Notification.objects.get().pk}
    assert second.context["unread"] == set()
    assert cached_unread(ada.pk, conference.pk) == 0
    home = client.get("/djangocon-us-2024/my/agenda/")
    assert texts(parse(home), NOTIFICATIONS_LINK) == ["Notifications"]


@pytest.mark.parametrize(("size", "queries"), [(2, 7), (60, 7)])
def test_page_queries_do_not_grow(
    conference, ada, client, signed_cookie_sessions, django_assert_num_queries, size, queries
):
    _notes(ada, conference, size)
    client.force_login(ada)

    with django_assert_num_queries(queries):
        response = client.get(PAGE)

    assert len(response.context["notes"]) == size


def test_settings_switch_a_kind_off(conference, ada, client):
    client.force_login(ada)
    response = client.post(
        PAGE + "settings/",
        {"schedule": "on", "plans": "on", "announcement": "on", "email": "on"},
    )

    assert response.status_code == 302
    switches = NotificationSettings.objects.get(user=ada)
    assert (switches.schedule, switches.media, switches.email) == (True, False, True)


# Unsubscribe ------------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    """A mail client or a browser without any session or CSRF cookie."""
    return Client(enforce_csrf_checks=True)


def _url(user):
    return f"{PAGE}unsubscribe/{links.unsubscribe_token(user)}/"


def test_unsubscribe_asks_first_then_works_without_a_session(conference, ada, grace, csrf_client):
    NotificationSettings.objects.create(user=grace)

    shown = csrf_client.get(_url(ada))
    assert shown.status_code == 200
    assert shown.context["token"] == links.unsubscribe_token(ada)
    assert not NotificationSettings.objects.filter(user=ada).exists()

    done = csrf_client.post(_url(ada))

    assert done.status_code == 200
    assert done.context["done"] is True
    assert NotificationSettings.objects.get(user=ada).email is False
    assert NotificationSettings.objects.get(user=grace).email is True
    assert done["Cache-Control"] == "private, no-cache"


def test_rfc_8058_one_click_post(conference, ada, csrf_client):
    response = csrf_client.post(
        _url(ada),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert NotificationSettings.objects.get(user=ada).email is False


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_fails_cleanly(conference, ada, grace, csrf_client, method):
    token = links.unsubscribe_token(ada)
    forged = str(grace.pk) + token[token.index(":") :]

    response = getattr(csrf_client, method)(f"{PAGE}unsubscribe/{forged}/")

    assert response.status_code == 400
    assert response.context["invalid"] is True
    assert texts(parse(response), "//main//p[@role='alert']") == [
        "This unsubscribe link is not valid: it may have been cut or changed. Use the link from "
        "the e-mail as it is, or switch the digest off in your notification settings."
    ]
    assert NotificationSettings.objects.count() == 0


def test_a_deleted_account_is_not_found(conference, csrf_client):
    user = UserFactory(username="gone")
    url = _url(user)
    get_user_model().objects.filter(pk=user.pk).delete()

    assert csrf_client.post(url).status_code == 404
