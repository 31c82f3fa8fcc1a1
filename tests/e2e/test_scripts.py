"""What the page's scripts promise in docs/benchmarks.md: htmx is only fetched once the visitor
shows intent, and the browser's time zone data is only touched when their clock differs."""

import datetime as dt
from contextlib import contextmanager

import pytest

from tests.e2e.conftest import DESKTOP
from tests.factories import NEW_YORK, ConferenceFactory, SessionFactory

# Counts the Intl.DateTimeFormat objects a page makes (the costly time zone data).
COUNT_INTL = """
window.__intl = 0;
const Original = Intl.DateTimeFormat;
Intl.DateTimeFormat = function (...args) { window.__intl += 1; return new Original(...args); };
Intl.DateTimeFormat.prototype = Original.prototype;
"""


@pytest.fixture
def talk_url(transactional_db, live_server):
    conference = ConferenceFactory(slug="djangocon-us-2024", time_zone="America/New_York")
    talk = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 23, 9, 30, tzinfo=NEW_YORK),
        end=dt.datetime(2024, 9, 23, 10, 0, tzinfo=NEW_YORK),
    )
    return live_server.url + talk.get_absolute_url()


@contextmanager
def open_page(browser, url: str, *, time_zone: str):
    """The page in a browser whose clock is in ``time_zone``, once its scripts are in; and the
    URLs it fetched."""
    context = browser.new_context(viewport=DESKTOP, timezone_id=time_zone, locale="en-US")
    try:
        context.add_init_script(COUNT_INTL)
        page = context.new_page()
        fetched = []
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(url)
        page.wait_for_selector("html[data-scripts=ready]", state="attached")
        yield page, fetched
    finally:
        context.close()


def test_htmx_arrives_at_the_first_interaction_not_before(browser, talk_url):
    with open_page(browser, talk_url, time_zone="America/New_York") as (page, fetched):
        assert page.evaluate("typeof window.htmx") == "undefined"
        assert not [url for url in fetched if "htmx" in url]

        page.get_by_role("link", name="Schedule").first.hover()

        # (Polled with evaluate: wait_for_function's string predicate is an eval, which the
        # page's Content-Security-Policy refuses.)
        for _ in range(100):
            if page.evaluate("typeof window.htmx === 'object'"):
                break
            page.wait_for_timeout(100)
        assert [url for url in fetched if "htmx" in url]


def test_on_site_the_time_zone_data_is_never_touched(browser, talk_url):
    with open_page(browser, talk_url, time_zone="America/New_York") as (page, _):
        # hallway.js compares the offsets as it starts, before data-scripts is "ready".
        page.evaluate("new Promise(resolve => setTimeout(resolve, 50))")

        assert page.evaluate("window.__intl") == 0
        assert page.locator(".local-time").count() == 0


def test_away_from_the_conference_local_times_are_added(browser, talk_url):
    with open_page(browser, talk_url, time_zone="Europe/Paris") as (page, _):
        page.wait_for_selector(".local-time")

        assert page.evaluate("window.__intl") > 0
        # 9:30 in Durham is 15:30 in Paris (both on summer time on 23 September 2024).
        assert "3:30" in page.locator(".local-time").first.inner_text()
