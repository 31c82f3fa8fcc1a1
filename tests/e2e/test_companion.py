"""The attendee journey in Chromium: star (with and without JavaScript), write a note, get the
recap. Each test runs at a desktop and a phone viewport."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from hallway.companion.models import Note, Recap, Star
from tests.companion.factories import UserFactory
from tests.factories import ConferenceFactory, PresenterFactory, SessionFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def journey(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    speaker = PresenterFactory(conference=conference, name="Ryan Cheley")
    session = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        with_presenters=[speaker],
    )
    user = UserFactory(username="ada")
    return conference, session, user


def sign_in(page, live_server, username="ada"):
    """Sign in through the real form the first time; later tests reuse a server-side login."""
    page.goto(live_server.url + reverse("account_login"))
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*accounts/login).*$"))


def force_sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def session_page(live_server, session):
    return live_server.url + session.get_absolute_url()


def test_star_with_javascript_swaps_only_the_button(page, live_server, journey):
    conference, session, user = journey
    sign_in(page, live_server)
    page.goto(session_page(live_server, session))
    # hallway.js (which holds the click until htmx is there) starts after the first paint.
    page.wait_for_selector("html[data-scripts=ready]", state="attached")
    button = page.get_by_role("button", name="Star Error Culture", exact=True)
    assert button.get_attribute("aria-pressed") == "false"
    page.evaluate("window.__marker = 'same page'")

    button.click()

    pressed = page.get_by_role("button", name="Star Error Culture", exact=True, pressed=True)
    pressed.wait_for()
    assert pressed.get_attribute("aria-pressed") == "true"
    assert page.evaluate("window.__marker") == "same page"  # no navigation: htmx swapped it
    assert list(Star.objects.values_list("user__username", "label__name")) == [("ada", "Agenda")]
    pressed.focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Star Error Culture", exact=True, pressed=False).wait_for()
    assert Star.objects.count() == 0


def test_stars_pressed_in_quick_succession_all_count(page, live_server, journey):
    """Every star button submits one shared form; none may wait behind another's request."""
    conference, _, user = journey
    for n in range(1, 3):
        SessionFactory(conference=conference, title=f"Talk {n}", slug=f"talk-{n}")
    force_sign_in(page, live_server, user)
    held = []
    page.route("**/star/*/", lambda route: held.append(route))  # no answer yet
    page.goto(
        live_server.url + reverse("program:schedule", kwargs={"conference_slug": conference.slug})
    )
    page.wait_for_selector("html[data-scripts=ready]", state="attached")
    titles = ["Error Culture", "Talk 1", "Talk 2"]

    for title in titles:
        page.get_by_role("button", name=f"Star {title}", exact=True).click()
    for _ in range(100):  # up to 5 s for the three requests to leave
        if len(held) == 3:
            break
        page.wait_for_timeout(50)
    sent = sorted(int(route.request.url.rstrip("/").rsplit("/", 1)[1]) for route in held)
    for route in held:
        route.continue_()

    assert sent == sorted(conference.sessions.values_list("pk", flat=True))
    for title in titles:
        page.get_by_role("button", name=f"Star {title}", exact=True, pressed=True).wait_for()

    for title in titles:
        page.get_by_role("button", name=f"Star {title}", exact=True, pressed=True).wait_for()
    assert Star.objects.filter(user=user).count() == 3


def test_star_without_javascript_posts_and_comes_back(page_without_js, live_server, journey):
    conference, session, user = journey
    page = page_without_js
    force_sign_in(page, live_server, user)
    page.goto(session_page(live_server, session))

    page.get_by_role("button", name="Star Error Culture", exact=True).click()

    page.wait_for_load_state()
    assert page.url == session_page(live_server, session)
    starred = page.get_by_role("button", name="Star Error Culture", exact=True, pressed=True)
    assert starred.get_attribute("aria-pressed") == "true"
    # The stylesheet shows the icon and the word for the state: ★ "Starred" now.
    assert starred.inner_text().strip() == "Starred"
    icon = starred.locator(".star-button__icon").evaluate(
        "element => getComputedStyle(element, '::before').content"
    )
    assert icon == '"★"'
    page.goto(
        live_server.url + reverse("companion:agenda", kwargs={"conference_slug": conference.slug})
    )
    assert page.locator(".agenda-item__title").all_inner_texts() == ["Error Culture"]


def test_write_a_note(page, live_server, journey):
    conference, session, user = journey
    force_sign_in(page, live_server, user)
    page.goto(
        live_server.url
        + reverse(
            "companion:session-notes", kwargs={"conference_slug": conference.slug, "pk": session.pk}
        )
    )

    page.get_by_role("textbox", name="Points of interest").fill(
        "* Delete the cause, not the alert\n* [Chesterton's fence](https://fs.blog/chestertons-fence/)"
    )
    page.get_by_role("button", name="Save notes").click()

    page.locator(".note-preview").wait_for()
    assert page.locator(".note-preview li").all_inner_texts() == [
        "Delete the cause, not the alert",
        "Chesterton's fence",
    ]
    assert page.get_by_role("link", name="Chesterton's fence").get_attribute("href") == (
        "https://fs.blog/chestertons-fence/"
    )
    assert Note.objects.get().session_id == session.pk


def test_generate_and_publish_the_recap(page, live_server, journey):
    conference, session, user = journey
    Star.objects.create(user=user, session=session, label=user.labels.create(name="Agenda"))
    Note.objects.create(user=user, session=session, body="* One thing I learned")
    force_sign_in(page, live_server, user)
    page.goto(
        live_server.url + reverse("companion:recap", kwargs={"conference_slug": conference.slug})
    )

    recap = page.locator("article.recap")
    recap.get_by_role("link", name="Error Culture").first.click()
    assert page.url.endswith("#error-culture")
    assert recap.locator("#error-culture").inner_text() == "Error Culture"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (recap.md and images, zip)").click()
    assert download.value.suggested_filename == "djangocon-us-2024-recap.zip"
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("button", name="Unpublish").wait_for()

    public = Recap.objects.get().get_public_url()
    page.context.clear_cookies()
    page.goto(live_server.url + public)
    assert page.locator("article.recap h1").inner_text() == "DjangoCon US 2024 Recap"
    assert page.locator("article.recap li", has_text="One thing I learned").count() == 1
