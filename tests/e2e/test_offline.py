"""The service worker keeps the schedule and the pages visited readable without network."""

import pytest

from tests.factories import ConferenceFactory, SessionFactory


@pytest.fixture
def programme(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    SessionFactory(conference=conference, title="Error Culture", slug="error-culture")
    return conference


def test_schedule_and_visited_pages_are_readable_offline(page, live_server, programme):
    base = live_server.url + "/djangocon-us-2024/"
    page.goto(base + "talks/error-culture/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # The worker controls pages loaded after it took over: visit the talk again to store it.
    page.goto(base + "talks/error-culture/")
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    notice = page.locator("[data-last-updated]")
    assert notice.is_hidden()

    page.context.set_offline(True)
    page.goto(base + "schedule/")  # stored when the worker was installed, never visited
    assert page.get_by_role("heading", level=1).inner_text() == "Schedule"
    assert page.locator("[data-last-updated]").is_visible()
    page.goto(base + "talks/error-culture/")

    assert page.get_by_role("heading", level=1).inner_text() == "Error Culture"
    assert notice.is_visible()
    assert notice.inner_text().startswith("You are offline: this copy was last updated")
    assert notice.locator("time").get_attribute("datetime").endswith("Z")
