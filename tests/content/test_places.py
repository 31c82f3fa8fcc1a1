import pytest

from hallway.content.models import Place
from tests.factories import PlaceFactory
from tests.html import attrs, outer, parse, select, text, texts

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
        "Food",
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
        Place(
            conference=sessions_1000,
            name=f"Place {n}",
            slug=f"place-{n}",
            latitude=35.99 + n / 10000,
            longitude=-78.90,
        )
        for n in range(100)
    )

    with django_assert_num_queries(4):
        response = client.get(URL)

    assert response.status_code == 200


def test_places_queries_with_10_sessions(client, sessions_10, django_assert_num_queries):
    PlaceFactory(conference=sessions_10)

    with django_assert_num_queries(4):
        response = client.get(URL)

    assert response.status_code == 200


def located_guide(conference):
    conference.venue_name = "Durham Convention Center"
    conference.venue_latitude, conference.venue_longitude = 35.9961, -78.9029
    conference.save()
    PlaceFactory(
        conference=conference,
        name="Boxcar",
        slug="boxcar",
        category=Place.Category.DRINKS,
        latitude=36.0003,
        longitude=-78.9013,
        distance="5 blocks away",
    )
    PlaceFactory(
        conference=conference,
        name="Cocoa Cinnamon",
        slug="cocoa",
        category=Place.Category.COFFEE,
        latitude=36.0020,
        longitude=-78.9016,
    )
    PlaceFactory(
        conference=conference,
        name="Pure Soul",
        slug="pure-soul",
        category=Place.Category.FOOD,
        latitude=35.9698,
        longitude=-78.9586,
    )
    PlaceFactory(
        conference=conference,
        name="Shop",
        slug="shop",
        category=Place.Category.OTHER,
        distance="Downtown",
    )


def test_guide_draws_a_map_of_numbered_links_with_the_venue_and_no_external_request(
    client, conference
):
    located_guide(conference)

    page = parse(client.get(URL))

    svg = select(page, "figure.guide-map svg")[0]
    # A group of links, not an image: its numbers are links to the list.
    assert svg.get("role") == "group"
    assert text(select(page, "#guide-map-title")[0]) == (
        "Map of the places around Durham Convention Center"
    )
    # In category order: food, coffee, drinks…; the place across town is left off the map.
    assert [(a.get("href"), a.get("aria-label")) for a in select(page, "svg a")] == [
        ("#cocoa", "2. Cocoa Cinnamon"),
        ("#boxcar", "3. Boxcar"),
    ]
    assert [text(t) for t in select(page, ".guide-map__venue-name")] == ["Durham Convention Center"]
    assert text(select(page, "figcaption")[0]).endswith(
        "Farther away, not on the map: 1. Pure Soul."
    )
    # Drawn on the server: nothing the browser fetches elsewhere.
    assert [e.get("src") or e.get("href") for e in select(page, "svg image, svg use, iframe")] == []


def test_guide_gives_each_place_its_distance_from_the_venue(client, conference):
    located_guide(conference)

    page = parse(client.get(URL))

    assert [
        (place.get("id"), text(select(place, ".place__distance")[0]))
        for place in select(page, ".place")
    ] == [
        ("pure-soul", "5.8 km (3.6 mi) from the venue"),
        ("cocoa", "670 m (0.4 mi) from the venue"),
        ("boxcar", "490 m (0.3 mi) from the venue"),
        ("shop", "Downtown"),
    ]
    assert [text(h) for h in select(page, ".place-category h2")] == [
        "Food",
        "Coffee",
        "Bars and drinks",
        "Other",
    ]


def test_guide_without_coordinates_has_no_map(client, conference):
    PlaceFactory(conference=conference, name="Shop", slug="shop", distance="Downtown")

    page = parse(client.get(URL))

    assert select(page, ".guide-map") == []
    assert text(select(page, ".place__distance")[0]) == "Downtown"
