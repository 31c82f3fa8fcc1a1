"""In Chromium: pages load under their Content-Security-Policy with no violation and htmx still
works; a star met by a busy database says so beside the button and keeps its state."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from hallway.companion.models import Star
from hallway.conferences.urls_helpers import conference_reverse
from tests.companion.factories import UserFactory
from tests.core.test_faults import write_lock
from tests.e2e.conftest import DESKTOP
from tests.factories import (
    ConferenceFactory,
    PageFactory,
    PlaceFactory,
    PostFactory,
    PresenterFactory,
    SessionFactory,
    SponsorFactory,
)

# Collected from the first script of every page, before the page's own.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def site(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    ada = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada-lovelace")
    start = dt.datetime(2024, 9, 23, 14, 0, tzinfo=dt.UTC)
    talk = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=start,
        end=start + dt.timedelta(minutes=25),
        with_presenters=[ada],
    )
    SessionFactory(
        conference=conference,
        title="Sprints",
        slug="sprints",
        start=start + dt.timedelta(days=1),
        end=start + dt.timedelta(days=1, hours=1),
    )
    SponsorFactory(conference=conference, name="REVSYS")
    PostFactory(conference=conference, title="Tickets on sale", slug="tickets-on-sale")
    PlaceFactory(conference=conference, name="Cocoa Cinnamon")
    PageFactory(conference=conference, title="Code of conduct", slug="code-of-conduct")
    user = UserFactory(username="ada", is_staff=True, is_superuser=True)
    return conference, talk, ada, user


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.console_messages = console
    yield page
    context.close()


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def violations(page) -> list[str]:
    found = page.evaluate("window.__cspViolations")
    found += [text for text in page.console_messages if "Content Security Policy" in text]
    return found


def test_pages_load_under_their_policy_without_violations(desktop, live_server, site):
    conference, talk, presenter, user = site

    def url(name, **kwargs):
        return conference_reverse(conference, name, **kwargs)

    anonymous = {
        "home": url("conferences:home"),
        "schedule": url("program:schedule"),
        "session": talk.get_absolute_url(),
        "presenter": presenter.get_absolute_url(),
        "news post": url("content:post-detail", slug="tickets-on-sale"),
        "sponsors": url("content:sponsor-list"),
        "places": url("content:place-list"),
        "page": url("content:page-detail", slug="code-of-conduct"),
        "sign in": "/accounts/login/",
    }
    signed_in = {
        "agenda": url("companion:agenda"),
        "account": "/me/",
        "admin": "/admin/",
        "admin session list": "/admin/program/session/",
        "admin session": f"/admin/program/session/{talk.pk}/change/",
    }

    found = {}
    for group, paths in (("anonymous", anonymous), ("signed in", signed_in)):
        if group == "signed in":
            sign_in(desktop, live_server, user)
        for name, path in paths.items():
            desktop.console_messages.clear()
            response = desktop.goto(live_server.url + path)
            assert response.status == 200, name
            if not name.startswith("admin"):
                desktop.wait_for_selector("html[data-scripts=ready]", state="attached")
                desktop.evaluate("window.hallwayIntent()")  # htmx too
                desktop.wait_for_function("window.htmx !== undefined")
            if problems := violations(desktop):
                found[name] = problems

    assert found == {}


def test_htmx_and_the_star_button_work_under_the_policy(desktop, live_server, site):
    conference, talk, _, user = site
    sign_in(desktop, live_server, user)
    desktop.goto(live_server.url + conference_reverse(conference, "program:schedule"))
    desktop.wait_for_selector("html[data-scripts=ready]", state="attached")
    desktop.evaluate("window.__marker = 'same page'")

    desktop.get_by_role("link", name="Tue 24 Sep").click()
    desktop.wait_for_selector('#day-link-2024-09-24[aria-current="page"]')
    desktop.get_by_role("button", name="Star Sprints", exact=True).click()
    desktop.get_by_role("button", name="Star Sprints", exact=True, pressed=True).wait_for()

    assert desktop.evaluate("window.__marker") == "same page"  # swapped by htmx, no reload
    assert list(Star.objects.values_list("session__title", flat=True)) == ["Sprints"]
    assert violations(desktop) == []


def test_a_busy_database_is_explained_beside_the_star_button(desktop, live_server, site):
    conference, talk, _, user = site
    sign_in(desktop, live_server, user)
    desktop.goto(live_server.url + talk.get_absolute_url())
    desktop.wait_for_selector("html[data-scripts=ready]", state="attached")
    button = desktop.get_by_role("button", name="Star Error Culture", exact=True)

    with write_lock("companion_star"):
        button.click()
        alert = desktop.locator(".star-form + .fault-message[role=alert]")
        alert.wait_for(timeout=10_000)
        message = alert.text_content()
        state = (button.get_attribute("aria-pressed"), button.get_attribute("aria-busy"))

    assert message == (
        "So many people are using the site right now that this could not be done. "
        "Nothing was changed. Please try again in a few seconds."
    )
    assert state == ("false", None)  # the button is as it was, and usable again
    assert Star.objects.count() == 0

    button.click()
    desktop.get_by_role("button", name="Star Error Culture", exact=True, pressed=True).wait_for()

    assert desktop.locator(".fault-message").count() == 0  # gone with the next try
    assert Star.objects.count() == 1
