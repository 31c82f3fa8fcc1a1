import pytest

from tests.factories import RoomFactory

API = "/api/conferences/djangocon-us-2024"


def test_first_page_envelope(client, program):
    body = client.get(f"{API}/sessions/?page_size=4").json()

    assert {key: value for key, value in body.items() if key != "results"} == {
        "count": 6,
        "page": 1,
        "page_size": 4,
        "next": f"http://testserver{API}/sessions/?page_size=4&page=2",
        "previous": None,
    }
    assert len(body["results"]) == 4


def test_last_page_keeps_the_filters_in_its_links(client, program):
    body = client.get(f"{API}/sessions/?kind=talk&page_size=2&page=2").json()

    assert [item["slug"] for item in body["results"]] == ["a-cancelled-talk", "unscheduled-talk"]
    assert body["count"] == 4
    assert body["next"] is None
    assert body["previous"] == f"http://testserver{API}/sessions/?kind=talk&page_size=2&page=1"


def test_following_next_walks_every_item_once(client, conference):
    for number in range(7):
        RoomFactory(conference=conference, name=f"Room {number}", position=number)
    seen = []
    url = f"{API}/rooms/?page_size=3"

    while url:
        body = client.get(url).json()
        seen += [room["slug"] for room in body["results"]]
        url = body["next"]

    assert seen == [f"room-{number}" for number in range(7)]


def test_page_past_the_end_is_empty_and_points_back_to_the_last_page(client, program):
    body = client.get(f"{API}/sessions/?page=9&page_size=4").json()

    assert body["results"] == []
    assert body["count"] == 6
    assert body["next"] is None
    assert body["previous"] == f"http://testserver{API}/sessions/?page=2&page_size=4"


def test_default_page_size_is_50(client, conference):
    for number in range(51):
        RoomFactory(conference=conference, position=number)

    body = client.get(f"{API}/rooms/").json()

    assert (body["page_size"], len(body["results"]), body["count"]) == (50, 50, 51)


@pytest.mark.parametrize("page_size", [1, 200])
def test_page_size_bounds_are_allowed(client, program, page_size):
    assert client.get(f"{API}/sessions/?page_size={page_size}").status_code == 200
