import io

import pytest
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult
from PIL import Image

from hallway.conferences.social_cards import (
    PENDING_CARD,
    Card,
    cached_card,
    card_cache_key,
    card_inputs,
    draw_card,
)
from hallway.conferences.tasks import draw_social_card

pytestmark = pytest.mark.django_db


def test_card_is_a_1200_by_630_png_in_the_brand_colour(conference):
    conference.theme = {"color-brand": "#123456"}

    png = draw_card(conference, Card(kicker="PyConf", title="A talk", lines=("Ada", "Mon")))

    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert image.getpixel((600, 400)) == (0x12, 0x34, 0x56)


def test_card_with_a_very_long_title_still_draws(conference):
    png = draw_card(conference, Card(kicker="K", title="word " * 200))

    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_cached_card_is_drawn_once_per_conference_version(conference, run_tasks):
    calls = []

    def describe():
        calls.append(1)
        return Card(kicker="K", title="T")

    queued = cached_card(conference, "session:1", describe)
    run_tasks()
    first = cached_card(conference, "session:1", describe)
    second = cached_card(conference, "session:1", describe)
    conference.bump_version()
    cached_card(conference, "session:1", describe)

    assert queued is None
    assert first == second == draw_card(conference, Card(kicker="K", title="T"))
    assert len(calls) == 2


def tasks() -> list[tuple[str, str]]:
    return [
        (result.task_path.rpartition(".")[2], result.status)
        for result in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_a_card_not_drawn_yet_is_queued_once_and_answered_by_the_pending_card(
    client, conference, run_tasks
):
    pending = [client.get("/djangocon-us-2024/card.png") for _ in range(3)]

    assert [(r.status_code, r["Cache-Control"]) for r in pending] == [(200, "no-store")] * 3
    assert {r.content for r in pending} == {PENDING_CARD.read_bytes()}
    assert tasks() == [("draw_social_card", "READY")]

    run_tasks()
    drawn = client.get("/djangocon-us-2024/card.png")

    assert tasks() == [("draw_social_card", "SUCCESSFUL")]
    assert drawn["Cache-Control"] == "public, max-age=86400"
    image = Image.open(io.BytesIO(drawn.content))
    assert (image.size, drawn.content == PENDING_CARD.read_bytes()) == ((1200, 630), False)


def test_the_pending_card_is_not_kept_by_the_page_cache(client, conference, run_tasks):
    client.get("/djangocon-us-2024/card.png")
    run_tasks()

    answer = client.get("/djangocon-us-2024/card.png")

    assert answer.content != PENDING_CARD.read_bytes()


def test_drawing_task_is_idempotent(conference):
    card = {"kicker": "K", "title": "T", "lines": ["Ada"], "photo_path": None, "photo_name": None}
    key = card_cache_key(conference.pk, conference.version, "session:1")

    first = draw_social_card.call(conference.pk, conference.version, "session:1", card)
    stored = cache.get(key)
    second = draw_social_card.call(conference.pk, conference.version, "session:1", card)

    assert (first, second) == (True, False)
    assert cache.get(key) == stored == draw_card(conference, Card("K", "T", ("Ada",)))


def test_drawing_task_for_a_deleted_conference_does_nothing(conference):
    card = {"kicker": "K", "title": "T", "lines": [], "photo_path": None, "photo_name": None}

    assert draw_social_card.call(conference.pk + 1, 1, "conference", card) is False


def test_a_missing_session_queues_nothing(client, conference):
    assert client.get("/djangocon-us-2024/talks/nobody/card.png").status_code == 404
    assert tasks() == []


def test_card_with_a_photo_draws_it_in_a_circle_on_the_right(conference, tmp_path):
    photo = tmp_path / "ada.png"
    Image.new("RGB", (50, 80), (250, 0, 0)).save(photo)

    png = draw_card(conference, Card(kicker="K", title="Ada", photo_path=str(photo)))

    image = Image.open(io.BytesIO(png))
    assert image.getpixel((978, 315)) == (250, 0, 0)
    assert image.getpixel((1199, 629)) != (250, 0, 0)


def test_card_with_an_unreadable_photo_still_draws(conference, tmp_path):
    broken = tmp_path / "broken.jpeg"
    broken.write_bytes(b"not an image")

    png = draw_card(conference, Card(kicker="K", title="Ada", photo_path=str(broken)))

    assert Image.open(io.BytesIO(png)).size == (1200, 630)


def test_card_inputs_change_with_the_photo_bytes_and_the_brand_colour(conference, tmp_path):
    # build_site keeps a card between builds while these are equal (hallway/core/reuse.py).
    photo = tmp_path / "ada.png"
    Image.new("RGB", (50, 80), (250, 0, 0)).save(photo)
    card = Card(kicker="K", title="Ada", lines=("Mon",), photo_path=str(photo))
    first = card_inputs(conference, card)

    same = card_inputs(conference, Card(**{**card.__dict__}))
    Image.new("RGB", (50, 80), (0, 0, 250)).save(photo)
    new_photo = card_inputs(conference, card)
    conference.theme = {"color-brand": "#123456"}
    new_colour = card_inputs(conference, card)

    assert same == first
    assert len({first, new_photo, new_colour}) == 3
