"""Every public page type at desktop (1280 px) and phone (390 px) width: a screenshot of each
goes into the test run's artifacts, and a page that scrolls sideways on a phone fails.

Screenshots are written to ``HALLWAY_TEST_ARTIFACTS`` (default ``test-artifacts``, ignored by
git), under ``screenshots/<width>/<page>.png``. One server, one browser, one page per width.
"""

import os
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from tests.companion.factories import UserFactory
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_accessibility import full_site, public_paths  # noqa: F401 (fixture)

ARTIFACTS = Path(os.environ.get("HALLWAY_TEST_ARTIFACTS", "test-artifacts"))

# How far the page, and the main menu's links, reach past the window (0: they fit).
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  menu: Math.max(0, ...[...document.querySelectorAll('.site-nav__list a')].map(
    (a) => Math.ceil(a.getBoundingClientRect().right) - document.documentElement.clientWidth)),
})"""


def screenshot_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".png"


def test_every_public_page_fits_a_phone_and_is_screenshotted(browser, live_server, full_site):  # noqa: F811
    conference, talk, presenter, post = full_site
    paths = public_paths(conference, talk, presenter, post)
    problems = {}
    for viewport in (DESKTOP, PHONE):
        folder = ARTIFACTS / "screenshots" / str(viewport["width"])
        folder.mkdir(parents=True, exist_ok=True)
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for name, path in paths.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, f"{name} ({path}) answered {response.status}"
            page.screenshot(path=folder / screenshot_name(name), full_page=True)
            overflow = page.evaluate(OVERFLOW)
            if viewport is PHONE and (overflow["page"] > 0 or overflow["menu"] > 0):
                problems[f"{name} {path}"] = overflow
        context.close()

    assert problems == {}
    assert sorted(p.name for p in (ARTIFACTS / "screenshots" / "390").iterdir()) == sorted(
        screenshot_name(name) for name in paths
    )


def test_admin_session_list_fits_a_desktop_window(browser, live_server, full_site):  # noqa: F811
    conference = full_site[0]
    admin = UserFactory(username="organizer", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()

    page.goto(f"{live_server.url}/admin/program/session/?conference__id__exact={conference.pk}")
    folder = ARTIFACTS / "screenshots" / "1280"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / "admin-session-list.png", full_page=True)
    overflow = page.evaluate(OVERFLOW)["page"]
    page.goto(f"{live_server.url}/admin/program/session/{full_site[1].pk}/change/")
    page.wait_for_load_state("load")
    notes = page.locator(".timezonewarning").count()
    context.close()

    assert overflow == 0
    # No "You are 5 hours ahead of server time" beside times in the conference's zone.
    assert notes == 0
