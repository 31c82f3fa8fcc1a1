import pytest

from hallway.content.models import Place
from tests.factories import PlaceFactory
from tests.html import attrs, outer, parse, texts

pytestmark = pytest.mark.django_db

URL = "/djangocon-us-2024/places/"


def test_places_are_grouped_by_category_in_order(client, conference):
    PlaceFactory(conference=conference, name="Museum", category=Place.Category.SIGHT)
    PlaceFactory(conference=conference, name="Cafe B", category=Place.Category.FOOD, position=2)
    PlaceFactory(conference=conference, name="Cafe A", category=Place.Category.FOOD, position=1)
    PlaceFactory(conference=conference, name="Shop", category=Place.Category.OTHER)
    PlaceFactory(conference=conference, name="Gone", is_hidden=True)

    response = client.get(URL)

    headings = "//section[@class='place-category']/h2 | //h3[@class='place__name']"
    assert texts(parse(response), headings) == [
        "Food and drink",
        "Cafe A",
        "Cafe B",
        "Sightseeing",
        "Museum",
        "Other",
        "Shop",
    ]
    assert "Gone" not in response.content.decode()


def test_place_shows_website_distance_map_and_anchor(client, conference):
    PlaceFactory(
        conference=conference,
        name="Cocoa Cinnamon",
        slug="cocoa-cinnamon",
        website="https://example.com/cocoa",
        distance="2 blocks away",
        address="420 W Geer St",
        map_url="https://maps.example.com/cocoa",
        description="Great *coffee*.",
    )

    page = parse(client.get(URL))

    assert attrs(page, "//li[@id='cocoa-cinnamon']", "class") == ["place"]
    body = "//li[@id='cocoa-cinnamon']/div[@class='place__body']"
    assert outer(page, f"{body}/h3") == (
        '<h3 class="place__name"><a href="https://example.com/cocoa">Cocoa Cinnamon</a></h3>'
    )
    assert outer(page, f"{body}/p[1]") == '<p class="place__distance muted">2 blocks away</p>'
    assert outer(page, f"{body}/p[2]") == (
        '<p class="place__address"><a href="https://maps.example.com/cocoa">420 W Geer St</a></p>'
    )
    assert outer(page, f"{body}/p[3]") == "<p>Great <em>coffee</em>.</p>"
    assert texts(page, "//h1") == ["Local guide"]


def test_places_queries_are_constant(client, sessions_1000, django_assert_num_queries):
    Place.objects.bulk_create(
        Place(conference=sessions_1000, name=f"Place {n}", slug=f"place-{n}") for n in range(100)
    )

    with django_assert_num_queries(5):
        response = client.get(URL)

    assert response.status_code == 200


def test_places_queries_with_10_sessions(client, sessions_10, django_assert_num_queries):
    PlaceFactory(conference=sessions_10)

    with django_assert_num_queries(5):
        response = client.get(URL)

    assert response.status_code == 200
