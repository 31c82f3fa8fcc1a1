import datetime as dt

import pytest
from django.template import Context, Template

from hallway.core.templatetags.hallway import event_time, summary
from tests.factories import NEW_YORK

pytestmark = pytest.mark.django_db


def test_event_time_shows_the_conference_clock_with_its_utc_offset(conference):
    moment = dt.datetime(2024, 9, 23, 23, 30, tzinfo=NEW_YORK)

    assert event_time(moment, conference) == (
        '<time datetime="2024-09-23T23:30:00-04:00" data-zone="America/New_York">11:30 PM</time>'
    )
    assert event_time(moment, conference, "datetime").endswith(">Mon 23 Sep, 11:30 PM</time>")


def test_summary_is_plain_text_cut_at_a_word():
    text = "An **important** talk about [Django](https://djangoproject.com) &amp; " + "word " * 50

    result = summary(text, 40)

    assert result == "An important talk about Django & word…"


def test_site_link_prefixes_the_conference_path(conference):
    rendered = Template(
        "{% load hallway %}{% site_link '/catering-menus/#lunch' %} "
        "{% site_link 'https://x.org/' %}"
    ).render(Context({"conference": conference}))

    assert rendered == "/djangocon-us-2024/catering-menus/#lunch https://x.org/"


def test_capture_renders_once_and_reuses():
    rendered = Template(
        "{% load hallway %}{% capture as title %}  A &  \n B {% endcapture %}"
        "[{{ title }}|{{ title }}]"
    ).render(Context({}))

    assert rendered == "[A & B|A & B]"
