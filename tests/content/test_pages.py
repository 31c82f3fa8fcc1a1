import pytest
from django.core.exceptions import ValidationError

from tests.factories import PageFactory
from tests.html import attrs, outer, parse, texts

pytestmark = pytest.mark.django_db


def test_page_shows_title_and_markdown_body(client, conference):
    PageFactory(conference=conference, title="Code of Conduct", slug="conduct", body="Be *kind*.")

    response = client.get("/djangocon-us-2024/conduct/")

    page = parse(response)
    assert response.status_code == 200
    assert texts(page, "//h1") == ["Code of Conduct"]
    assert outer(page, "//article[@class='page']/div[@class='page__body prose']/*") == (
        "<p>Be <em>kind</em>.</p>"
    )
    assert attrs(page, "//meta[@property='og:title']", "content") == ["Code of Conduct"]
    assert attrs(page, "//meta[@property='og:description']", "content") == ["Be kind."]


def test_page_headings_get_ids_for_anchors(client, conference):
    PageFactory(
        conference=conference,
        slug="catering-menus",
        body='## Monday lunch\n\nTacos.\n\n<h3 id="tuesday-breakfast">Tuesday breakfast</h3>',
    )

    page = parse(client.get("/djangocon-us-2024/catering-menus/"))

    headings = "//div[@class='page__body prose']/*[self::h2 or self::h3]"
    assert texts(page, headings) == ["Monday lunch", "Tuesday breakfast"]
    assert attrs(page, headings, "id") == ["monday-lunch", "tuesday-breakfast"]


def test_hidden_page_is_404(client, conference):
    PageFactory(conference=conference, slug="draft", is_hidden=True)

    assert client.get("/djangocon-us-2024/draft/").status_code == 404


def test_page_in_navigation_is_marked_current_in_the_footer(client, conference):
    PageFactory(conference=conference, title="Venue", slug="venue", in_navigation=True)

    page = parse(client.get("/djangocon-us-2024/venue/"))

    assert outer(page, "//ul[@class='footer-links']//a[@aria-current]") == (
        '<a href="/djangocon-us-2024/venue/" aria-current="page">Venue</a>'
    )


def test_page_on_a_conference_host_is_at_the_root(client, conference):
    conference.host = "2024.djangocon.example"
    conference.save()
    PageFactory(conference=conference, title="Venue", slug="venue", in_navigation=True)

    response = client.get("/venue/", HTTP_HOST="2024.djangocon.example")

    assert response.status_code == 200
    assert outer(parse(response), "//ul[@class='footer-links']//a[@aria-current]") == (
        '<a href="/venue/" aria-current="page">Venue</a>'
    )


def test_page_queries_are_constant(client, sessions_1000, django_assert_num_queries):
    for n in range(5):
        PageFactory(conference=sessions_1000, slug=f"p{n}", in_navigation=True)

    with django_assert_num_queries(4):
        response = client.get("/djangocon-us-2024/p3/")

    assert response.status_code == 200


@pytest.mark.parametrize("slug", ["schedule", "sponsors", "news", "admin", "presenters"])
def test_page_slug_of_a_built_in_address_is_refused(conference, slug):
    page = PageFactory.build(conference=conference, slug=slug)

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert error.value.message_dict == {
        "slug": [f"/{slug}/ is a built-in address; choose another slug."]
    }


def test_page_slug_that_is_free_is_accepted(conference):
    PageFactory.build(conference=conference, slug="catering-menus").full_clean()


def test_page_queries_with_10_sessions(client, sessions_10, django_assert_num_queries):
    PageFactory(conference=sessions_10, slug="venue", in_navigation=True)

    with django_assert_num_queries(4):
        response = client.get("/djangocon-us-2024/venue/")

    assert response.status_code == 200
