import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from hallway.content.models import Post
from tests.factories import ConferenceFactory, PostFactory
from tests.html import attrs, outer, parse, select, texts

pytestmark = pytest.mark.django_db

LIST_URL = "/djangocon-us-2024/news/"


def png(width: int, height: int) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


def test_news_lists_published_posts_newest_first(client, conference):
    PostFactory(
        conference=conference, title="Old", published_at=dt.datetime(2024, 1, 17, tzinfo=dt.UTC)
    )
    PostFactory(
        conference=conference, title="New", published_at=dt.datetime(2024, 9, 1, tzinfo=dt.UTC)
    )
    PostFactory(conference=conference, title="Hidden", is_hidden=True)
    PostFactory(
        conference=conference, title="Future", published_at=timezone.now() + dt.timedelta(days=3)
    )

    response = client.get(LIST_URL)

    assert [post.title for post in response.context["page_obj"]] == ["New", "Old"]


def test_news_list_shows_date_excerpt_and_links(client, conference):
    PostFactory(
        conference=conference,
        title="Tickets on sale",
        slug="tickets",
        excerpt="Get *yours*.",
        body="The whole story.",
        published_at=dt.datetime(2024, 3, 9, 14, 0, tzinfo=dt.UTC),
    )

    response = client.get(LIST_URL)

    page = parse(response)
    body = "//article[@class='post-summary']/div[@class='post-summary__body']"
    assert outer(page, f"{body}/h2/a") == (
        '<a href="/djangocon-us-2024/news/tickets/">Tickets on sale</a>'
    )
    assert outer(page, f"{body}/p[@class='muted']") == (
        '<p class="muted"><time datetime="2024-03-09T14:00:00+00:00">March 9, 2024</time>'
        " · The organizers</p>"
    )
    assert outer(page, f"{body}/p[@class='post-summary__teaser']") == (
        '<p class="post-summary__teaser">Get yours.</p>'
    )
    assert "The whole story." not in response.content.decode()
    assert outer(page, "//head/link[@rel='alternate']") == (
        '<link rel="alternate" type="application/atom+xml" title="DjangoCon US 2024 news" '
        'href="/djangocon-us-2024/news/feed.xml">'
    )


def test_news_teaser_is_plain_prose_without_headings_or_nested_lists(client, conference):
    PostFactory(
        conference=conference,
        title="Schedule",
        body=(
            "# The schedule is out\n\nThree days of *talks*.\n\n## Tracks\n\n"
            "- Web\n    - Django\n    - htmx\n- Data\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
            "See you there."
        ),
    )

    response = client.get(LIST_URL)

    teasers = select(parse(response), ".post-summary__teaser")
    assert [(t.tag, len(t), t.text) for t in teasers] == [
        ("p", 0, "Three days of talks. Web Django; htmx; Data; See you there.")
    ]
    assert select(parse(response), ".post-summary h1, .post-summary h3, .post-summary ul") == []


def test_news_list_paginates_and_answers_htmx_with_the_list_only(client, conference):
    Post.objects.bulk_create(
        Post(
            conference=conference,
            title=f"Post {n}",
            slug=f"post-{n}",
            published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=n),
        )
        for n in range(25)
    )

    page_two = client.get(LIST_URL, {"page": 2})
    fragment = client.get(LIST_URL, {"page": 2}, HTTP_HX_REQUEST="true")

    assert [post.title for post in page_two.context["page_obj"]] == [
        f"Post {n}" for n in range(4, -1, -1)
    ]
    assert fragment.content.decode().lstrip().startswith('<div id="post-list" class="post-list">')
    assert "<html" not in fragment.content.decode()


def test_post_detail_shows_date_author_title_cover_and_body(client, conference):
    post = PostFactory(
        conference=conference,
        title="Meet the keynotes",
        slug="keynotes",
        author="Program team",
        body="## Who\n\nThree *great* people.",
        cover_alt="Three people on a stage",
        published_at=dt.datetime(2024, 6, 1, 16, 0, tzinfo=dt.UTC),
    )
    post.cover.save("stage.png", png(1200, 630))

    page = parse(client.get("/djangocon-us-2024/news/keynotes/"))

    assert texts(page, "//h1") == ["Meet the keynotes"]
    assert outer(page, "//header[@class='post__header']/p") == (
        '<p class="muted"><a href="/djangocon-us-2024/news/">News</a> · '
        '<time datetime="2024-06-01T16:00:00+00:00">June 1, 2024</time> · by Program team</p>'
    )
    assert outer(page, "//figure[@class='post__cover']/img") == (
        f'<img src="{post.cover.url}" alt="Three people on a stage" width="1200" height="630">'
    )
    assert outer(page, "//div[@class='post__body prose']/p") == (
        "<p>Three <em>great</em> people.</p>"
    )
    assert attrs(page, "//meta[@property='og:type']", "content") == ["article"]
    assert attrs(page, "//meta[@property='og:image']", "content") == [
        f"http://testserver{post.cover.url}"
    ]
    assert attrs(page, "//meta[@name='twitter:card']", "content") == ["summary_large_image"]


def test_post_detail_of_a_hidden_post_is_404(client, conference):
    PostFactory(conference=conference, slug="secret", is_hidden=True)

    assert client.get("/djangocon-us-2024/news/secret/").status_code == 404


def test_post_detail_of_another_conference_is_404(client, conference):
    PostFactory(conference=ConferenceFactory(slug="other"), slug="theirs")

    assert client.get("/djangocon-us-2024/news/theirs/").status_code == 404


def _many_posts(conference, count):
    Post.objects.bulk_create(
        Post(
            conference=conference,
            title=f"Post {n}",
            slug=f"post-{n}",
            excerpt="Short.",
            published_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC) + dt.timedelta(hours=n),
        )
        for n in range(count)
    )


def test_news_queries_with_10_sessions(client, sessions_10, django_assert_num_queries):
    _many_posts(sessions_10, 5)

    # host lookup, conference (slug and version, row), count, posts, footer pages, scheduled?
    with django_assert_num_queries(6):
        response = client.get(LIST_URL)

    assert len(response.context["page_obj"]) == 5


def test_news_queries_with_1000_sessions(client, sessions_1000, django_assert_num_queries):
    _many_posts(sessions_1000, 300)

    with django_assert_num_queries(6):
        response = client.get(LIST_URL)

    assert len(response.context["page_obj"]) == 20


def test_post_detail_queries_with_1000_sessions(client, sessions_1000, django_assert_num_queries):
    _many_posts(sessions_1000, 300)

    with django_assert_num_queries(5):
        response = client.get("/djangocon-us-2024/news/post-7/")

    assert response.status_code == 200


def test_news_is_cached_for_everyone_when_nothing_is_scheduled(client, conference):
    PostFactory(conference=conference)

    client.get(LIST_URL)
    second = client.get(LIST_URL)

    assert second["X-Hallway-Cache"] == "hit"


@pytest.mark.parametrize(
    "url", [LIST_URL, "/djangocon-us-2024/news/out/", "/djangocon-us-2024/news/feed.xml"]
)
def test_news_is_not_shared_while_a_post_is_scheduled(client, conference, url):
    PostFactory(conference=conference, slug="out")
    PostFactory(
        conference=conference, slug="soon", published_at=timezone.now() + dt.timedelta(hours=1)
    )

    client.get(url)
    second = client.get(url)

    assert "private" in second["Cache-Control"]
    assert second.get("X-Hallway-Cache") is None
