"""Signed-in pages cost the same queries at any size (issue 16, item 3).

An attendee with stars on every day reads the schedule, a session page and their agenda at 10
and at 1,000 sessions. Public pages come from the copy signed-in attendees share, with their
stars and menu from the cache (hallway/conferences/member_pages.py); the agenda's shared parts
come from the fragment caches, their own state (stars, labels, overlaps) from a fixed number of
queries. Exports hold nothing of the visitor, so a
signed-in attendee gets them from the page cache like anyone else.
"""

import pytest
from django.conf import settings
from django.test import Client

from hallway.companion.extras import agenda_extras
from tests.companion.factories import LabelFactory, StarFactory, UserFactory
from tests.html import parse, select
from tests.program.bulk import build_programme

pytestmark = pytest.mark.django_db

# Signed-in requests read the Django session from the database unless sessions live in Redis.
SESSION_QUERIES = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


@pytest.fixture
def programme(request, conference, settings):
    # Rendering 1,000 sessions the first time may take longer than the version's second.
    settings.HALLWAY_VERSION_CACHE_SECONDS = 300
    talks = build_programme(conference, request.param)
    conference.refresh_from_db()
    return talks


@pytest.fixture
def attendee_client(programme, client):
    ada = UserFactory(username="ada")
    label = LabelFactory(user=ada, name="Agenda", position=0)
    # A star on the first, the middle and the last talk: on every day at 1,000 sessions.
    for talk in (programme[0], programme[len(programme) // 2], programme[-1]):
        StarFactory(user=ada, session=talk, label=label)
    client.force_login(ada)
    return client


def pressed(response) -> list[str]:
    return [
        button.get("aria-label")
        for button in select(parse(response), ".star-button")
        if button.get("aria-pressed") == "true"
    ]


@pytest.mark.parametrize("programme", [10, 1000], indirect=True)
def test_signed_in_schedule_queries_are_constant(
    attendee_client, programme, django_assert_num_queries
):
    attendee_client.get("/djangocon-us-2024/schedule/")  # lays out the shared grid once

    # The user only: the page attendees share and this one's stars come from the cache
    # (hallway/conferences/member_pages.py); no sessions, presenters, tags or dates.
    with django_assert_num_queries(1 + SESSION_QUERIES):
        response = attendee_client.get("/djangocon-us-2024/schedule/")

    last = programme[-1].title
    middle = programme[len(programme) // 2].title
    assert pressed(response) == ["Star Talk 0", f"Star {middle}", f"Star {last}"]
    assert len(select(parse(response), ".sg-item")) == len(programme) + len(
        {talk.start.date() for talk in programme}
    )


@pytest.mark.parametrize("programme", [10, 1000], indirect=True)
def test_signed_in_session_page_queries_are_constant(
    attendee_client, programme, django_assert_num_queries
):
    attendee_client.get("/djangocon-us-2024/talks/talk-0/")

    # The user only, as for the schedule.
    with django_assert_num_queries(1 + SESSION_QUERIES):
        response = attendee_client.get("/djangocon-us-2024/talks/talk-0/")

    assert pressed(response) == ["Star Talk 0"]


@pytest.mark.parametrize("programme", [10, 1000], indirect=True)
def test_signed_in_agenda_queries_are_constant(
    attendee_client, programme, django_assert_num_queries
):
    attendee_client.get("/djangocon-us-2024/my/agenda/")  # creates the attendance row once

    # The conference, the user, labels, attendance, changes, stars, notes, share links, and
    # one query per agenda extras provider (volunteer shifts, side events).
    assert len(agenda_extras) == 2
    with django_assert_num_queries(10 + SESSION_QUERIES):
        response = attendee_client.get("/djangocon-us-2024/my/agenda/")
    # Seen again: the page kept for the attendee under their member version.
    with django_assert_num_queries(1 + SESSION_QUERIES):
        again = attendee_client.get("/djangocon-us-2024/my/agenda/")

    assert (response["X-Hallway-Cache"], again["X-Hallway-Cache"]) == ("miss", "hit")
    assert len(select(parse(response), ".agenda-item")) == 3
    assert len(select(parse(again), ".agenda-item")) == 3


@pytest.mark.parametrize("programme", [1000], indirect=True)
@pytest.mark.parametrize("export", ["schedule.ics", "schedule.json", "schedule.xml"])
def test_signed_in_export_comes_from_the_cache_with_the_anonymous_queries(
    attendee_client, programme, export, django_assert_num_queries
):
    url = f"/djangocon-us-2024/{export}"
    Client().get(url)  # an anonymous visitor's request stores it
    with django_assert_num_queries(0):
        anonymous = Client().get(url)

    with django_assert_num_queries(0):
        signed_in = attendee_client.get(url)

    assert anonymous["X-Hallway-Cache"] == signed_in["X-Hallway-Cache"] == "hit"
    assert signed_in.content == anonymous.content


@pytest.mark.parametrize("programme", [1000], indirect=True)
def test_a_signed_in_first_request_stores_the_export_for_everyone(
    attendee_client, programme, django_assert_num_queries
):
    first = attendee_client.get("/djangocon-us-2024/schedule.ics")

    with django_assert_num_queries(0):
        anonymous = Client().get("/djangocon-us-2024/schedule.ics")
    with django_assert_num_queries(0):
        again = attendee_client.get("/djangocon-us-2024/schedule.ics")

    assert first["X-Hallway-Cache"] == "miss"
    assert anonymous["X-Hallway-Cache"] == again["X-Hallway-Cache"] == "hit"
    assert anonymous.content == first.content


@pytest.mark.parametrize("programme", [10], indirect=True)
def test_a_query_the_export_does_not_read_gets_the_stored_answer(
    programme, django_assert_num_queries
):
    Client().get("/djangocon-us-2024/schedule.ics")

    with django_assert_num_queries(0):
        response = Client().get("/djangocon-us-2024/schedule.ics?nocache=12345")

    assert response["X-Hallway-Cache"] == "hit"


@pytest.mark.parametrize("programme", [10], indirect=True)
def test_the_schedule_keeps_its_day_query_apart(programme):
    everything = Client().get("/djangocon-us-2024/schedule/")
    one_day = Client().get("/djangocon-us-2024/schedule/?day=2024-09-23")
    again = Client().get("/djangocon-us-2024/schedule/?day=2024-09-23&utm_source=mail")

    assert everything["X-Hallway-Cache"] == one_day["X-Hallway-Cache"] == "miss"
    assert again["X-Hallway-Cache"] == "hit"
    assert again.content.count(b'class="day"') == one_day.content.count(b'class="day"') == 1


@pytest.mark.parametrize("programme", [10], indirect=True)
def test_a_signed_in_schedule_is_never_the_anonymous_one(attendee_client, programme):
    Client().get("/djangocon-us-2024/schedule/")  # stores the anonymous page

    response = attendee_client.get("/djangocon-us-2024/schedule/")

    assert response["X-Hallway-Cache"] == "miss"  # the copy attendees share, made now
    assert pressed(response) == ["Star Talk 0", "Star Talk 5", "Star Talk 9"]
