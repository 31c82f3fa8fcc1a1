import datetime as dt

import pytest

from hallway.program.models import Session
from tests.factories import SessionFactory

API = "/api/conferences/djangocon-us-2024/sessions/"


def slugs(client, query: str) -> list[str]:
    response = client.get(f"{API}?{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("day=2024-09-22", ["tutorial-on-querysets"]),
        ("day=2024-09-23", ["the-orm-in-depth", "async-views", "coffee"]),
        ("day=2024-09-27", []),
        ("room=side-room", ["tutorial-on-querysets", "async-views"]),
        ("room=no-such-room", []),
        ("track=web", ["the-orm-in-depth"]),
        ("tag=async", ["the-orm-in-depth", "async-views"]),
        ("tag=orm", ["the-orm-in-depth"]),
        ("kind=tutorial", ["tutorial-on-querysets"]),
        ("kind=break", ["coffee"]),
        ("kind=keynote", []),
        ("day=2024-09-23&room=main-hall", ["the-orm-in-depth", "coffee"]),
        ("day=2024-09-23&kind=talk&tag=async", ["the-orm-in-depth", "async-views"]),
        # Repeated: any of the values.
        ("kind=tutorial&kind=break", ["tutorial-on-querysets", "coffee"]),
        ("room=side-room&room=no-such-room", ["tutorial-on-querysets", "async-views"]),
        ("tag=orm&tag=async", ["the-orm-in-depth", "async-views"]),
        ("track=web&track=web", ["the-orm-in-depth"]),
        (
            "day=2024-09-23&room=main-hall&room=side-room&kind=talk",
            ["the-orm-in-depth", "async-views"],
        ),
    ],
)
def test_session_filters(client, program, query, expected):
    assert slugs(client, query) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("orm", ["the-orm-in-depth"]),  # title, any case
        ("waiting", ["async-views"]),  # abstract
        ("grace", ["tutorial-on-querysets", "the-orm-in-depth", "async-views"]),  # presenter
        ("  Ada  ", ["the-orm-in-depth"]),  # surrounding spaces ignored
        ("Secret Person", []),  # a hidden presenter is not searchable
        (
            "",
            [
                "tutorial-on-querysets",
                "the-orm-in-depth",
                "async-views",
                "coffee",
                "a-cancelled-talk",
                "unscheduled-talk",
            ],
        ),
    ],
)
def test_session_search(client, program, q, expected):
    assert slugs(client, f"q={q}") == expected


def test_search_matches_a_session_once_when_two_presenters_match(client, program):
    # Ada and Grace both contain "a": the ORM talk (with both) must come once.
    assert slugs(client, "q=a&kind=talk&day=2024-09-23") == ["the-orm-in-depth", "async-views"]


def test_day_is_the_conference_local_date(client, program):
    # 23:30 in Durham on the 23rd is already the 24th in UTC.
    SessionFactory(
        conference=program.conference,
        kind=Session.Kind.SOCIAL,
        title="Late party",
        slug="late-party",
        start=dt.datetime(2024, 9, 24, 3, 30, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 24, 5, 0, tzinfo=dt.UTC),
        room=program.rooms.main,
    )

    assert slugs(client, "day=2024-09-23&kind=social") == ["late-party"]
    assert slugs(client, "day=2024-09-24&kind=social") == []
