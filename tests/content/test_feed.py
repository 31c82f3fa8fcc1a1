import datetime as dt

import pytest
from lxml import etree

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def post(conference):
    return PostFactory(
        conference=conference,
        title="Tickets & talks",
        slug="tickets",
        author="Comms team",
        excerpt="Get *yours*.",
        body="The **whole** story.",
        published_at=dt.datetime(2024, 3, 9, 14, 0, tzinfo=dt.UTC),
    )


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return etree.fromstring(response.content)


def test_feed_has_one_entry_per_published_post_with_its_fields(client, post):
    PostFactory(conference=post.conference, slug="hidden", is_hidden=True)

    feed = parse(client.get("/djangocon-us-2024/news/feed.xml"))

    assert feed.findtext("atom:title", namespaces=ATOM) == "DjangoCon US 2024 news"
    assert feed.find("atom:link[@rel='self']", ATOM).get("href") == (
        "http://testserver/djangocon-us-2024/news/feed.xml"
    )
    entries = feed.findall("atom:entry", ATOM)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.findtext("atom:title", namespaces=ATOM) == "Tickets & talks"
    assert entry.find("atom:link", ATOM).get("href") == (
        "http://testserver/djangocon-us-2024/news/tickets/"
    )
    assert entry.findtext("atom:id", namespaces=ATOM) == f"tag:testserver,2024-03-09:post-{post.pk}"
    assert entry.findtext("atom:published", namespaces=ATOM) == "2024-03-09T14:00:00+00:00"
    assert entry.findtext("atom:updated", namespaces=ATOM) == post.updated_at.isoformat()
    assert entry.findtext("atom:author/atom:name", namespaces=ATOM) == "Comms team"
    assert entry.findtext("atom:summary", namespaces=ATOM) == "<p>Get <em>yours</em>.</p>\n"
    assert entry.findtext("atom:content", namespaces=ATOM) == (
        "<p>The <strong>whole</strong> story.</p>\n"
    )


def test_old_feed_address_serves_the_same_feed(client, post):
    new = client.get("/djangocon-us-2024/news/feed.xml").content

    old = client.get("/djangocon-us-2024/feed.xml").content

    assert old == new


def test_feed_on_a_conference_host_links_to_root_paths(client, post):
    conference = post.conference
    conference.host = "2024.djangocon.example"
    conference.save()

    feed = parse(client.get("/feed.xml", HTTP_HOST="2024.djangocon.example"))

    assert feed.find("atom:entry/atom:link", ATOM).get("href") == (
        "http://2024.djangocon.example/news/tickets/"
    )


def test_feed_of_a_private_conference_is_404(client, post):
    post.conference.is_public = False
    post.conference.save()

    assert client.get("/djangocon-us-2024/news/feed.xml").status_code == 404


def test_feed_summary_without_an_excerpt_is_the_start_of_the_body(client, conference):
    PostFactory(conference=conference, excerpt="", body="A & B " + "word " * 100)

    feed = parse(client.get("/djangocon-us-2024/news/feed.xml"))

    summary = feed.findtext("atom:entry/atom:summary", namespaces=ATOM)
    assert summary == "A &amp; B " + "word " * 56 + "word…"
