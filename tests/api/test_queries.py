"""Constant queries per request, at 10 and 1,000 sessions.

Cold counts (empty cache) include three queries that are not the API's own and that are
cached for every later request: ConferenceHostMiddleware's host name lookup, and core's
conference slug and version lookups (hallway.conferences.page_cache.conference_key). A warm request
(the same URL again) runs no query for a conference's data, and one for the conference list
(the versions of all public conferences, its cache key).
"""

import datetime as dt

import pytest
from django.core.cache import cache

from hallway.program.models import ScheduleChange, Session, SessionPresenter
from tests.factories import NEW_YORK, PresenterFactory, RoomFactory, TagFactory, TrackFactory

API = "/api/conferences/djangocon-us-2024"


@pytest.fixture(autouse=True)
def _version_stays_cached(settings):
    """Keep core's cached version for the whole test, however slow the machine (with local
    memory it is re-read every second, which would add a query to a slow warm request)."""
    settings.HALLWAY_VERSION_CACHE_SECONDS = 300


@pytest.fixture(params=[10, 1000], ids=["10-sessions", "1000-sessions"])
def big_program(request, conference):
    size = request.param
    rooms = [RoomFactory(conference=conference, position=n) for n in range(5)]
    tracks = [TrackFactory(conference=conference) for _ in range(3)]
    tags = [
        TagFactory(conference=conference, name=f"Topic {n}", slug=f"topic-{n}") for n in range(5)
    ]
    presenters = [PresenterFactory(conference=conference) for _ in range(3)]
    first = dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK)
    sessions = Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Talk {n}",
            slug=f"talk-{n}",
            abstract="A talk.",
            start=first + dt.timedelta(minutes=5 * n),
            end=first + dt.timedelta(minutes=5 * n + 30),
            room=rooms[n % 5],
            track=tracks[n % 3],
        )
        for n in range(size)
    )
    SessionPresenter.objects.bulk_create(
        SessionPresenter(session=session, presenter=presenters[n % 3], position=0)
        for n, session in enumerate(sessions)
    )
    SessionPresenter.objects.bulk_create(
        SessionPresenter(session=session, presenter=presenters[(n + 1) % 3], position=1)
        for n, session in enumerate(sessions)
    )
    Session.tags.through.objects.bulk_create(
        Session.tags.through(session=session, tag=tags[n % 5]) for n, session in enumerate(sessions)
    )
    ScheduleChange.objects.bulk_create(
        ScheduleChange(
            conference=conference,
            session=session,
            session_title=session.title,
            kind=ScheduleChange.Kind.RETIMED,
        )
        for session in sessions
    )
    return sessions


# (path after the conference, queries with a cold cache). Every cold request starts with the
# same three: host name, conference slug and version in one (both then cached), and the
# conference itself; lists add their count and their page; then one query per prefetch.
ENDPOINTS = [
    ("/", 5),  # 3 + tracks, tags
    ("/sessions/?page_size=200", 7),  # 3 + count, page, tags, presenters
    ("/sessions/?day=2024-09-23&tag=topic-1&q=talk&page_size=200", 7),
    ("/sessions/{guid}/", 6),  # 3 + session, tags, presenters
    ("/presenters/", 6),  # 3 + count, page, sessions
    ("/presenters/{presenter}/", 5),  # 3 + presenter, sessions
    ("/rooms/", 5),  # 3 + count, page
    ("/changes/?page_size=200", 5),  # 3 + count, page (sessions joined)
]


@pytest.mark.parametrize(("path", "cold_queries"), ENDPOINTS)
def test_queries_are_constant(client, big_program, django_assert_num_queries, path, cold_queries):
    session = big_program[-1]
    url = API + path.format(guid=session.guid, presenter=session.presenters.first().slug)
    cache.clear()

    with django_assert_num_queries(cold_queries):
        cold = client.get(url)
    with django_assert_num_queries(0):
        warm = client.get(url)

    assert cold.status_code == 200
    assert warm.content == cold.content
    assert cold.json().get("count", 1) > 0


def test_conference_list_queries_are_constant(client, big_program, django_assert_num_queries):
    cache.clear()

    # host lookup, versions of all public conferences (the cache key), count, page
    with django_assert_num_queries(4):
        client.get("/api/conferences/")
    with django_assert_num_queries(1):
        client.get("/api/conferences/")


def test_large_pages_are_full(client, big_program):
    body = client.get(f"{API}/sessions/?page_size=200").json()

    assert len(body["results"]) == min(200, len(big_program))
    assert body["count"] == len(big_program)
    assert all(len(item["presenters"]) == 2 for item in body["results"])
