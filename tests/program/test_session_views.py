import datetime as dt
import io

import pytest
from django.conf import settings
from PIL import Image

from hallway.program.models import Session
from tests.factories import NEW_YORK, PresenterFactory, SessionFactory, TagFactory
from tests.html import parse, select, text
from tests.program.bulk import build_programme, without_page_cache

pytestmark = pytest.mark.django_db

# Signed-in requests read the Django session from the database unless sessions live in Redis.
SESSION_QUERIES = 1 if settings.SESSION_ENGINE.endswith(".db") else 0


@pytest.fixture
def talk(conference):
    presenter = PresenterFactory(
        conference=conference,
        name="Ada Lovelace",
        slug="ada",
        pronouns="she/her",
        company="Analytical Engines",
        github="ada",
    )
    session = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 23, 11, 30, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 11, 55, tzinfo=NEW_YORK),
        level="All",
        video_url="https://youtu.be/abc",
        slides_url="https://example.com/slides",
        with_presenters=[presenter],
    )
    session.tags.add(TagFactory(conference=conference, name="community"))
    conference.refresh_from_db()
    return session


def test_session_page_shows_the_facts(client, talk):
    page = parse(client.get("/djangocon-us-2024/talks/error-culture/"))

    assert [text(h) for h in select(page, "h1")] == ["Error Culture"]
    when = select(page, ".facts time")[0]
    assert when.get("datetime") == "2024-09-23T11:30:00-04:00"
    assert when.get("data-zone") == "America/New_York"
    assert text(when) == "Monday 23 September 2024, 11:30 AM"
    assert [text(t) for t in select(page, ".tag")] == ["community"]
    assert text(select(page, ".person-card__name")[0]) == "Ada Lovelace (she/her)"
    assert text(select(page, ".social__link")[0]) == "Ada Lovelace on GitHub"
    assert select(page, ".prose em")[0].text == "interesting"


def test_session_page_links_video_slides_and_calendar(client, talk):
    page = parse(client.get("/djangocon-us-2024/talks/error-culture/"))

    links = [(a.get("href"), text(a)) for a in select(page, ".actions a")]
    assert links == [
        ("https://youtu.be/abc", "Watch the video"),
        ("https://example.com/slides", "Slides"),
        ("/djangocon-us-2024/schedule/error-culture.ics", "Add to calendar"),
    ]


def test_session_page_has_open_graph_card(client, talk, conference):
    page = parse(client.get("/djangocon-us-2024/talks/error-culture/"))

    meta = {m.get("property") or m.get("name"): m.get("content") for m in select(page, "meta")}
    assert meta["og:title"] == "Error Culture"
    assert meta["og:type"] == "article"
    assert meta["og:description"] == "An interesting talk."
    assert meta["og:url"] == "http://testserver/djangocon-us-2024/talks/error-culture/"
    card = (
        f"http://testserver/djangocon-us-2024/talks/error-culture/card.png?v={conference.version}"
    )
    assert meta["og:image"] == card
    assert meta["twitter:image"] == card
    assert meta["twitter:card"] == "summary_large_image"


def test_session_card_is_a_1200_by_630_png(client, talk):
    response = client.get("/djangocon-us-2024/talks/error-culture/card.png")

    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert (image.format, image.size) == ("PNG", (1200, 630))


def test_session_at_the_wrong_section_redirects_permanently(client, conference):
    SessionFactory(conference=conference, kind=Session.Kind.TUTORIAL, slug="django-devops")

    response = client.get("/djangocon-us-2024/talks/django-devops/?utm=x")

    assert response.status_code == 301
    assert response["Location"] == "/djangocon-us-2024/tutorials/django-devops/?utm=x"


def test_hidden_sessions_and_logistics_have_no_page(client, conference):
    SessionFactory(conference=conference, slug="secret", is_hidden=True)
    SessionFactory(conference=conference, slug="lunch", kind=Session.Kind.MEAL)

    assert client.get("/djangocon-us-2024/talks/secret/").status_code == 404
    assert client.get("/djangocon-us-2024/talks/lunch/").status_code == 404
    assert client.get("/djangocon-us-2024/talks/secret/card.png").status_code == 404


def test_cancelled_session_page_says_so(client, conference):
    SessionFactory(conference=conference, slug="gone", is_cancelled=True)

    page = parse(client.get("/djangocon-us-2024/talks/gone/"))

    assert select(page, "article.is-cancelled")
    assert text(select(page, ".session__kicker .status")[0]) == "Cancelled"


def test_session_page_served_on_the_conference_host(client, talk, conference):
    conference.host = "2024.djangocon.example"
    conference.save()

    page = parse(client.get("/talks/error-culture/", HTTP_HOST="2024.djangocon.example"))

    meta = {m.get("property"): m.get("content") for m in select(page, "meta")}
    assert meta["og:url"] == "http://2024.djangocon.example/talks/error-culture/"
    assert meta["og:image"].startswith("http://2024.djangocon.example/talks/error-culture/card.png")
    assert select(page, ".person-card__name a")[0].get("href") == "/presenters/ada/"


@pytest.mark.parametrize("size", [10, 1000])
def test_session_page_queries_are_constant(
    client, conference, django_assert_num_queries, size, settings
):
    without_page_cache(settings)
    build_programme(conference, size)

    # Host, language, conference, session with room and track, tags, presenters, and the
    # speakers' extra links (hallway.speakers fills the session-after-abstract slot).
    with django_assert_num_queries(7):
        response = client.get("/djangocon-us-2024/talks/talk-5/")

    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_session_page_queries_are_constant_signed_in(
    client, conference, django_assert_num_queries, django_user_model, size, settings
):
    without_page_cache(settings)
    build_programme(conference, size)
    client.force_login(django_user_model.objects.create_user("ann", password="unused-password"))

    # As for visitors, plus the user, their stars and (with database sessions) the session.
    with django_assert_num_queries(9 + SESSION_QUERIES):
        response = client.get("/djangocon-us-2024/talks/talk-5/")

    assert response.status_code == 200
