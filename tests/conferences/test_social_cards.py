import io

import pytest
from PIL import Image

from hallway.conferences.social_cards import Card, cached_card, draw_card

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


def test_cached_card_is_drawn_once_per_conference_version(conference):
    calls = []

    def describe():
        calls.append(1)
        return Card(kicker="K", title="T")

    first = cached_card(conference, "session:1", describe)
    second = cached_card(conference, "session:1", describe)
    conference.bump_version()
    cached_card(conference, "session:1", describe)

    assert first == second
    assert len(calls) == 2


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
