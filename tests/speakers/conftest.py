import re
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from hallway.speakers.models import SpeakerAccess
from tests.companion.factories import UserFactory
from tests.factories import PresenterFactory, SessionFactory

LINK = re.compile(r"^(http://testserver/\S+/speaker/sign-in/\S+/)$", re.M)


@pytest.fixture
def ada(conference):
    return PresenterFactory(
        conference=conference, name="Ada Lovelace", slug="ada-lovelace", bio="Old bio."
    )


@pytest.fixture
def grace(conference):
    return PresenterFactory(
        conference=conference, name="Grace Hopper", slug="grace-hopper", bio="Grace's bio."
    )


@pytest.fixture
def ada_talk(conference, ada):
    return SessionFactory(
        conference=conference, title="Engines", slug="engines", with_presenters=[ada]
    )


@pytest.fixture
def grace_talk(conference, grace):
    return SessionFactory(
        conference=conference, title="Compilers", slug="compilers", with_presenters=[grace]
    )


@pytest.fixture
def ada_access(ada):
    return SpeakerAccess.objects.create(presenter=ada, email="ada@example.org")


@pytest.fixture
def grace_access(grace):
    return SpeakerAccess.objects.create(
        presenter=grace, email="grace@example.org", user=UserFactory(username="grace")
    )


def run_tasks() -> None:
    """The real worker on what is queued. Its close_old_connections() would close the test's
    transaction (autocommit is off inside it), so it is left out, as Django's test client
    leaves out the same call after each request."""
    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", return_value=None
    ):
        call_command(
            "db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO()
        )


def sent_link() -> str:
    """The sign-in link of the last e-mail sent."""
    return LINK.search(mail.outbox[-1].body).group(1)


@pytest.fixture
def signed_in_ada(db, ada_access, ada_talk):
    """A client of its own, signed in through Ada's link."""
    from django.test import Client

    client = Client()
    from hallway.conferences.urls_helpers import conference_reverse
    from hallway.speakers.services import make_token

    url = conference_reverse(
        ada_access.presenter.conference, "speakers:sign-in", token=make_token(ada_access)
    )
    response = client.post(url)
    assert response.status_code == 302
    ada_access.refresh_from_db()
    return client
