"""An attendee's agenda is kept for them (page_cache.kept_per_member) and follows every change.

Each test looks at the agenda once so that it is kept, changes something the agenda shows the
way the app changes it (bulk writes and queryset updates included), and looks again.
"""

import pytest
from django.conf import settings
from django.test import Client

from hallway.companion.models import Label
from hallway.companion.services import labels_for, set_session_labels, toggle_star
from hallway.conferences.models import Feature
from hallway.events.models import Rsvp
from hallway.events.services import cancel_rsvp
from tests.companion.factories import UserFactory
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import SessionFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db

AGENDA = "/djangocon-us-2024/my/agenda/"
TITLES = "//*[@class='agenda-item__title']"


@pytest.fixture
def ada(conference):
    user = UserFactory(username="ada")
    client = Client()
    client.force_login(user)
    client.user = user
    client.get(AGENDA)  # the attendance row and the default labels are made once
    return client


def kept(client) -> list[str]:
    """The agenda's titles, after checking that this look came from the kept page."""
    client.get(AGENDA)
    response = client.get(AGENDA)
    assert response["X-Hallway-Cache"] == "hit"
    return texts(parse(response), TITLES)


def test_a_star_shows_in_the_kept_agenda(conference, ada):
    talk = SessionFactory(conference=conference, title="Error culture")
    assert kept(ada) == []

    toggle_star(ada.user, talk)

    assert kept(ada) == ["Error culture"]


def test_labels_set_in_bulk_show_in_the_kept_agenda(conference, ada):
    talk = SessionFactory(conference=conference, title="Error culture")
    assert kept(ada) == []

    set_session_labels(ada.user, talk, [labels_for(ada.user)[0]])  # bulk_create: no signal

    assert kept(ada) == ["Error culture"]


def test_a_place_moved_up_from_the_waiting_list_shows_in_the_kept_agenda(conference, ada):
    Feature.objects.create(conference=conference, key="events", is_enabled=True)
    event = EventFactory(conference=conference, title="Board games", capacity=1)
    grace = UserFactory(username="grace")
    RsvpFactory(event=event, user=grace)
    RsvpFactory(event=event, user=ada.user, status=Rsvp.Status.WAITING)
    before = kept(ada)

    cancel_rsvp(grace, event)  # moves Ada up with a queryset update: no signal

    assert Rsvp.objects.get(user=ada.user).status == Rsvp.Status.CONFIRMED
    after = kept(ada)
    assert after != before
    assert "Board games" in " ".join(after)


def test_another_attendee_never_gets_a_kept_agenda(conference, ada):
    mine = SessionFactory(conference=conference, title="Mine")
    toggle_star(ada.user, mine)
    assert kept(ada) == ["Mine"]
    bob = Client()
    bob.force_login(UserFactory(username="bob"))

    first, again = bob.get(AGENDA), bob.get(AGENDA)

    assert texts(parse(first), TITLES) == texts(parse(again), TITLES) == []


def test_signed_out_the_kept_agenda_is_gone(conference, ada):
    toggle_star(ada.user, SessionFactory(conference=conference, title="Mine"))
    assert kept(ada) == ["Mine"]
    cookie = ada.cookies[settings.SESSION_COOKIE_NAME].value

    ada.post("/accounts/logout/")
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = stranger.get(AGENDA)

    assert "X-Hallway-Cache" not in response
    assert texts(parse(response), TITLES) == []


def test_a_renamed_label_shows_in_the_kept_agenda(conference, ada):
    before = kept(ada)
    label = Label.objects.filter(user=ada.user).first()

    label.name = "Must see"
    label.save()

    response = ada.get(AGENDA)
    assert "Must see" in response.content.decode()
    assert before == texts(parse(response), TITLES)
