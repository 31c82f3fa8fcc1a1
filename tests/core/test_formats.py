"""Named date and time styles follow the active language (hallway/core/formats.py)."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from hallway.core.formats import FORMATS, format_as

MOMENT = dt.datetime(2024, 9, 26, 14, 30)

EXPECTED = {
    "time": ("2:30 PM", "14:30"),
    "day": ("Thursday 26 September", "jueves 26 de septiembre"),
    "datetime": ("Thu 26 Sep, 2:30 PM", "jue 26 sep, 14:30"),
    "full": ("Thursday 26 September 2024, 2:30 PM", "jueves 26 de septiembre de 2024, 14:30"),
    "stamp": ("Thu 26 Sep 2024, 2:30 PM", "jue 26 sep 2024, 14:30"),
    "weekday": ("Thu", "jue"),
    "short": ("26 Sep", "26 sep"),
    "short_year": ("26 Sep 2024", "26 sep 2024"),
    "day_month": ("26 September", "26 de septiembre"),
    "date": ("26 September 2024", "26 de septiembre de 2024"),
    "agenda_day": ("Thursday, September 26", "jueves 26 de septiembre"),
    "month_day": ("September 26", "26 de septiembre"),
    "month_day_year": ("September 26, 2024", "26 de septiembre de 2024"),
}


def test_every_style_is_tested():
    assert sorted(EXPECTED) == sorted(FORMATS)


@pytest.mark.parametrize("style", sorted(EXPECTED))
def test_each_style_in_english_and_spanish(style):
    with translation.override("en"):
        english = format_as(MOMENT, style)
    with translation.override("es"):
        spanish = format_as(MOMENT, style)

    assert (english, spanish) == EXPECTED[style]


def test_the_datestyle_filter_formats_a_date_in_the_active_language():
    template = Template('{% load hallway %}{{ day|datestyle:"day" }}')

    with translation.override("es"):
        assert template.render(Context({"day": MOMENT.date()})) == "jueves 26 de septiembre"


def test_nothing_gives_an_empty_string():
    assert format_as(None, "day") == ""
