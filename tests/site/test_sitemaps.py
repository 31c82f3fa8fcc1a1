import datetime as dt

import pytest
from lxml import etree

from hallway.program.models import Session
from tests.factories import (
    ConferenceFactory,
    PageFactory,
    PostFactory,
    PresenterFactory,
    RoomFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SECTIONS = ["", "schedule/", "presenters/", "organizers/", "sponsors/", "news/", "places/"]


def locations(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return etree.fromstring(response.content).xpath("//s:url/s:loc/text()", namespaces=NS)


def fill(conference):
    SessionFactory(conference=conference, slug="a-talk")
    SessionFactory(conference=conference, slug="a-tutorial", kind=Session.Kind.TUTORIAL)
    SessionFactory(conference=conference, slug="lunch", kind=Session.Kind.MEAL)
    SessionFactory(conference=conference, slug="hidden-talk", is_hidden=True)
    PresenterFactory(conference=conference, slug="ada")
    PresenterFactory(conference=conference, slug="ghost", is_hidden=True)
    PostFactory(conference=conference, slug="hello")
    PostFactory(conference=conference, slug="draft", is_hidden=True)
    PageFactory(conference=conference, slug="conduct")
    PageFactory(conference=conference, slug="secret", is_hidden=True)


def test_main_sitemap_lists_every_public_page_of_every_public_conference(client, conference):
    fill(conference)
    ConferenceFactory(slug="private-conf", is_public=False)

    urls = locations(client.get("/sitemap.xml"))

    base = "http://testserver/djangocon-us-2024/"
    assert urls == [
        *[base + section for section in SECTIONS],
        base + "talks/a-talk/",
        base + "tutorials/a-tutorial/",
        base + "presenters/ada/",
        base + "news/hello/",
        base + "conduct/",
    ]


def test_sitemap_on_a_conference_host_lists_only_that_conference_at_the_root(client, conference):
    conference.host = "2024.djangocon.example"
    conference.save()
    fill(conference)
    other = ConferenceFactory(slug="other-conf")
    PageFactory(conference=other, slug="elsewhere")

    urls = locations(client.get("/sitemap.xml", HTTP_HOST="2024.djangocon.example"))

    base = "http://2024.djangocon.example/"
    assert urls == [
        *[base + section for section in SECTIONS],
        base + "talks/a-talk/",
        base + "tutorials/a-tutorial/",
        base + "presenters/ada/",
        base + "news/hello/",
        base + "conduct/",
    ]


def test_sitemap_uses_the_request_scheme(client, conference):
    urls = locations(client.get("/sitemap.xml", secure=True))

    assert urls[0] == "https://testserver/djangocon-us-2024/"


def test_sitemap_has_lastmod_for_each_url(client, conference):
    page = PageFactory(conference=conference, slug="conduct")

    tree = etree.fromstring(client.get("/sitemap.xml").content)

    lastmod = tree.xpath(
        "//s:url[s:loc='http://testserver/djangocon-us-2024/conduct/']/s:lastmod/text()",
        namespaces=NS,
    )
    assert lastmod == [page.updated_at.date().isoformat()]


def test_sitemap_page_beyond_the_end_is_404(client, conference):
    assert client.get("/sitemap.xml", {"p": "2"}).status_code == 404
    assert client.get("/sitemap.xml", {"p": "x"}).status_code == 404


def test_robots_txt_points_at_the_sitemap(client, db):
    assert client.get("/robots.txt").content.decode().splitlines()[-1] == (
        "Sitemap: http://testserver/sitemap.xml"
    )


def _sessions(conference, count):
    room = RoomFactory(conference=conference)
    start = dt.datetime(2024, 9, 23, 9, tzinfo=dt.UTC)
    Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"T{n}",
            slug=f"t-{n}",
            room=room,
            start=start + dt.timedelta(minutes=n),
            end=start + dt.timedelta(minutes=n + 1),
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_sitemap_queries_are_constant(client, conference, count, django_assert_num_queries):
    _sessions(conference, count)
    ConferenceFactory(slug="second-conf")

    # host lookup, conferences, sessions (count, rows), then one count each for the empty
    # presenters, posts and pages
    with django_assert_num_queries(7):
        response = client.get("/sitemap.xml")

    assert len(locations(response)) == 2 * len(SECTIONS) + count
