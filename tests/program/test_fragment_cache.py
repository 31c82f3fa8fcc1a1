"""Signed-in pages render their shared parts once per conference version ({% cache %} fragments).

Signed-in attendees bypass the whole-page cache (their pages carry their own star buttons), so
the session and presenter pages cache the parts that are the same for everyone instead.
"""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from tests.companion.factories import StarFactory, UserFactory
from tests.factories import NEW_YORK, PresenterFactory, SessionFactory, TagFactory
from tests.html import parse, select, text
from tests.program.bulk import build_programme, without_page_cache

pytestmark = pytest.mark.django_db

# Signed-in requests read the Django session from the database unless sessions live in Redis.
SESSION_QUERIES = 1 if settings.SESSION_ENGINE.endswith(".db") else 0

URL = "/djangocon-us-2024/talks/error-culture/"


@pytest.fixture
def talk(conference, settings):
    without_page_cache(settings)
    presenter = PresenterFactory(
        conference=conference, name="Ada Lovelace", slug="ada", bio="Wrote the *first* program."
    )
    session = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        abstract="Errors are *friends*.",
        start=dt.datetime(2024, 9, 23, 11, 30, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 11, 55, tzinfo=NEW_YORK),
        with_presenters=[presenter],
    )
    session.tags.add(TagFactory(conference=conference, name="community"))
    conference.refresh_from_db()
    return session


@pytest.fixture
def ada(db):
    return UserFactory(username="ada")


@pytest.fixture
def grace(db):
    return UserFactory(username="grace")


def fragment_key(name: str, conference, slug: str) -> str:
    conference.refresh_from_db()
    return make_template_fragment_key(
        name, [conference.pk, conference.version, slug, settings.LANGUAGE_CODE, False]
    )


def without_csrf(response) -> str:
    """The page with its CSRF tokens blanked: each answer masks the token afresh."""
    return re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.content.decode())


def star_state(response) -> str:
    return select(parse(response), "button.star-button")[0].get("aria-pressed")


def test_first_signed_in_request_stores_the_shared_fragments(client, talk, conference, ada):
    client.force_login(ada)

    response = client.get(URL)

    assert response.status_code == 200
    assert cache.get(fragment_key("session-head", conference, "error-culture")) is not None
    assert cache.get(fragment_key("session-body", conference, "error-culture")) is not None


def test_second_signed_in_request_skips_the_fragment_queries(
    client, talk, django_assert_num_queries, ada
):
    client.force_login(ada)
    first = client.get(URL)

    # Conference, session (with room and track), the user and their stars (the host is cached):
    # the tags and presenters are only fetched inside the cached fragments.
    with django_assert_num_queries(4 + SESSION_QUERIES):
        second = client.get(URL)

    assert without_csrf(second) == without_csrf(first)


def test_fragment_markup_is_the_uncached_markup(client, talk, ada):
    client.force_login(ada)
    page = parse(client.get(URL))
    cached = parse(client.get(URL))

    for selector in ("h1.session__title", ".session__by", ".facts", ".prose", ".presenters"):
        assert text(select(cached, selector)[0]) == text(select(page, selector)[0])
    assert text(select(cached, ".session__by")[0]) == "Ada Lovelace"
    assert text(select(cached, ".tags")[0]) == "community"
    assert text(select(cached, ".person-card__name")[0]) == "Ada Lovelace"


def test_an_edit_shows_on_the_next_signed_in_request(client, talk, ada):
    client.force_login(ada)
    client.get(URL)

    talk.title = "Error Culture, Revised"
    talk.abstract = "Errors are *teachers*."
    talk.save()
    page = parse(client.get(URL))

    assert text(select(page, "h1.session__title")[0]) == "Error Culture, Revised"
    assert text(select(page, ".prose")[0]) == "Errors are teachers."


def test_star_state_stays_per_user_on_the_cached_fragment(client, talk, ada, grace):
    StarFactory(user=ada, session=talk)

    client.force_login(ada)
    ada_first = client.get(URL)
    client.force_login(grace)
    grace_page = client.get(URL)
    client.force_login(ada)
    ada_again = client.get(URL)

    assert star_state(ada_first) == "true"
    assert star_state(grace_page) == "false"
    assert star_state(ada_again) == "true"
    assert text(select(parse(grace_page), "h1.session__title")[0]) == "Error Culture"


def test_fragments_are_kept_apart_on_the_conference_host(client, talk, conference, ada):
    conference.host = "2024.djangocon.example"
    conference.save()
    client.force_login(ada)
    client.get(URL)

    page = parse(client.get("/talks/error-culture/", HTTP_HOST="2024.djangocon.example"))

    assert select(page, ".person-card__name a")[0].get("href") == "/presenters/ada/"
    assert select(page, ".session__by a")[0].get("href") == "/presenters/ada/"


def test_presenter_page_second_request_skips_the_sessions_query(
    client, talk, django_assert_num_queries, ada
):
    client.force_login(ada)
    first = client.get("/djangocon-us-2024/presenters/ada/")

    # Conference, presenter and the user (the host is cached): the sessions are fetched inside
    # the fragment.
    with django_assert_num_queries(3 + SESSION_QUERIES):
        second = client.get("/djangocon-us-2024/presenters/ada/")

    assert without_csrf(second) == without_csrf(first)
    assert text(select(parse(second), ".session-list__title")[0]) == "Error Culture"


@pytest.mark.parametrize("size", [10, 1000])
def test_cached_session_page_queries_are_constant_signed_in(
    client, conference, django_assert_num_queries, size, settings, ada
):
    without_page_cache(settings)
    build_programme(conference, size)
    client.force_login(ada)
    client.get("/djangocon-us-2024/talks/talk-5/")

    # Two fewer than the first request (tags and presenters), at any size.
    with django_assert_num_queries(4 + SESSION_QUERIES):
        response = client.get("/djangocon-us-2024/talks/talk-5/")

    assert response.status_code == 200
