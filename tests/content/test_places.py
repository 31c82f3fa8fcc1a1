import pytest

from hallway.content.models import Place
from tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db

URL = "/djangocon-us-2024/places/"


def test_places_are_grouped_by_category_in_order(client, conference):
    PlaceFactory(conference=conference, name="Museum", category=Place.Category.SIGHT)
    PlaceFactory(conference=conference, name="Cafe B", category=Place.Category.FOOD, position=2)
    PlaceFactory(conference=conference, name="Cafe A", category=Place.Category.FOOD, position=1)
    PlaceFactory(conference=conference, name="Shop", category=Place.Category.OTHER)
    PlaceFactory(conference=conference, name="Gone", is_hidden=True)

    html = client.get(URL).content.decode()

    order = [
        html.index(text)
        for text in ("Food and drink", "Cafe A", "Cafe B", "Sightseeing", "Museum", "Other", "Shop")
    ]
    assert order == sorted(order)
    assert "Gone" not in html


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

    html = client.get(URL).content.decode()

    assert '<li class="place" id="cocoa-cinnamon">' in html
    assert (
        '<h3 class="place__name"><a href="https://example.com/cocoa">Cocoa Cinnamon</a></h3>'
        in html
    )
    assert '<p class="place__distance muted">2 blocks away</p>' in html
    assert (
        '<p class="place__address"><a href="https://maps.example.com/cocoa">420 W Geer St</a></p>'
        in html
    )
    assert "<p>Great <em>coffee</em>.</p>" in html
    assert html.count("<h1") == 1


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
