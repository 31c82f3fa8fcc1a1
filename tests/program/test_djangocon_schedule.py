"""The DjangoCon US 2024 schedule (the facts fixture that load_demo ships) as the site shows it."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.html import parse, select, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def djangocon(settings, tmp_path):
    settings.HALLWAY_SHARED_DATA = tmp_path / "no-shared-data"
    call_command("load_demo", "--fixture", stdout=StringIO())


def test_every_day_from_tutorials_to_sprints(client, djangocon):
    page = parse(client.get("/djangocon-us-2024/schedule/"))

    assert [day.get("id") for day in select(page, "section.day")] == [
        f"day-2024-09-{day}" for day in range(22, 28)
    ]
    assert {text(zone) for zone in select(page, ".day__zone")} == {
        "Times in America/New_York (EDT)"
    }


def test_monday_has_three_rooms_an_all_day_strip_and_a_full_width_breakfast(client, djangocon):
    page = parse(client.get("/djangocon-us-2024/schedule/2024-09-23/"))

    assert [text(room) for room in select(page, ".sg-room")] == [
        "Junior Ballroom",
        "Online talks",
        "Grand Ballroom III",
    ]
    assert [text(name) for name in select(page, ".allday__name")] == [
        "Registration",
        "Lactation Room",
        "Quiet Room",
        "Speaker Green Room",
    ]
    breakfast = select(page, "article.is-logistics")[0]
    assert text(select(breakfast, ".sg-item__title")[0]) == "Breakfast"
    assert breakfast.get("class").split()[-4:] == ["g-r2", "g-re3", "g-c2", "g-ce5"]


def test_thursday_sprints_all_day_and_the_hackathon_in_its_room(client, djangocon):
    page = parse(client.get("/djangocon-us-2024/schedule/2024-09-26/"))

    assert [text(name) for name in select(page, ".allday__name")] == ["Contribution Sprints"]
    assert [text(room) for room in select(page, ".sg-room")] == ["Caktus Group"]
    link = select(page, ".sg-item__title a")[0]
    assert (text(link), link.get("href")) == (
        "Hackathon Presentations",
        "/djangocon-us-2024/hackathon/",
    )
