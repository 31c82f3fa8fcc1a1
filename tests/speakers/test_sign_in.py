"""Sign-in links: sent by organizers from the admin through a task, signed, one use, expiring."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from hallway.conferences.urls_helpers import conference_reverse
from hallway.speakers.models import SpeakerAccess
from hallway.speakers.services import make_token
from tests.companion.factories import UserFactory
from tests.html import parse, texts
from tests.speakers.conftest import run_tasks, sent_link


def sign_in_url(access) -> str:
    return conference_reverse(
        access.presenter.conference, "speakers:sign-in", token=make_token(access)
    )


@pytest.mark.django_db
def test_admin_action_on_presenters_mails_a_link(
    superuser_client, ada_access, grace, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(
            reverse("admin:people_presenter_changelist"),
            {
                "action": "send_sign_in_links",
                "_selected_action": [ada_access.presenter.pk, grace.pk],
            },
            follow=True,
        )
    assert mail.outbox == []  # sent by the worker, not in the request
    run_tasks()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ada@example.org"]
    assert message.subject == "DjangoCon US 2024: edit your speaker page"
    assert message.from_email == "DjangoCon US 2024 <hallway@localhost>"
    assert "example.com" not in message.body
    assert message.body.startswith("Hello Ada Lovelace,\n")
    assert sent_link().startswith("http://testserver/djangocon-us-2024/speaker/sign-in/")
    assert message.alternatives[0].mimetype == "text/html"
    assert f'href="{sent_link()}"' in message.alternatives[0].content
    assert [str(m) for m in response.context["messages"]] == [
        "Sent 1 sign-in link (it works once, for 7 days).",
        "No e-mail address for Grace Hopper: add one under Speakers › Speaker access, "
        "then send again.",
    ]


@pytest.mark.django_db
def test_link_creates_an_account_and_signs_in_once(client, ada_access):
    url = sign_in_url(ada_access)

    page = client.get(url)
    assert page.status_code == 200
    assert texts(parse(page), "//main//form/button") == ["Sign in as Ada Lovelace"]
    response = client.post(url)

    assert response.status_code == 302
    assert response.url == "/djangocon-us-2024/speaker/"
    ada_access.refresh_from_db()
    user = ada_access.user
    assert (user.username, user.email, user.has_usable_password()) == (
        "ada",
        "ada@example.org",
        False,
    )
    assert client.session["_auth_user_id"] == str(user.pk)
    client.logout()
    assert client.post(url).status_code == 400  # used up


@pytest.mark.django_db
def test_link_signs_in_the_linked_account(client, grace_access):
    client.post(sign_in_url(grace_access))

    assert client.session["_auth_user_id"] == str(grace_access.user.pk)


@pytest.mark.django_db
def test_a_newer_link_ends_the_older_one(client, ada_access, django_capture_on_commit_callbacks):
    from hallway.speakers.services import send_sign_in_link

    old = sign_in_url(ada_access)
    send_sign_in_link(ada_access, base_url="http://testserver")

    assert client.post(old).status_code == 400
    assert client.post(sign_in_url(ada_access)).status_code == 302


@pytest.mark.django_db
def test_expired_and_forged_links_are_refused(client, ada_access, settings):
    url = sign_in_url(ada_access)
    settings.HALLWAY_SPEAKER_LINK_DAYS = -1  # every link is older than that

    expired = client.post(url)
    forged = client.post(url[:-3] + "xx/")

    assert expired.status_code == 400
    assert forged.status_code == 400
    assert texts(parse(expired), "//main//p[@role='alert']") == [
        "This sign-in link does not work any more: it was used already, a newer one was sent, "
        "or it expired. Ask the organizers of DjangoCon US 2024 for a new one."
    ]
    assert SpeakerAccess.objects.get().user is None


@pytest.mark.django_db
def test_link_never_signs_in_a_staff_account(client, ada_access):
    staff = UserFactory(username="boss", email="ada@example.org", is_staff=True)

    response = client.post(sign_in_url(ada_access))

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    ada_access.refresh_from_db()
    assert ada_access.user is None
    assert staff.is_staff


@pytest.mark.django_db
def test_link_of_another_conference_is_refused(client, ada_access):
    from tests.factories import ConferenceFactory

    other = ConferenceFactory(name="PyCon", slug="pycon")
    url = conference_reverse(other, "speakers:sign-in", token=make_token(ada_access))

    assert client.post(url).status_code == 400
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_signed_in_speaker_sees_the_menu_link(signed_in_ada):
    page = signed_in_ada.get("/djangocon-us-2024/speaker/")

    assert page.status_code == 200
    profile = "//main//li/a[@href='/djangocon-us-2024/speaker/profile/ada-lovelace/']"
    assert texts(parse(page), profile) == ["Edit the page of Ada Lovelace"]
    assert page["Cache-Control"] == "private, no-store"
