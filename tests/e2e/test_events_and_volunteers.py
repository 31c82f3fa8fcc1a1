"""An attendee RSVPs to a side event and signs up for a volunteer shift in Chromium (with and
without JavaScript), and axe-core finds nothing on the new pages. Each test runs at a desktop
and a phone viewport."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from hallway.conferences.models import Feature
from hallway.conferences.urls_helpers import conference_reverse
from hallway.volunteers.models import Signup
from tests.companion.factories import UserFactory
from tests.e2e.test_accessibility import violations_on
from tests.e2e.test_companion import force_sign_in, sign_in
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import NEW_YORK, ConferenceFactory, PlaceFactory, SessionFactory
from tests.volunteers.conftest import grant
from tests.volunteers.factories import RoleFactory, ShiftFactory, SignupFactory

AXE = Axe()


@pytest.fixture
def around(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    for key in ("events", "volunteer"):
        Feature.objects.create(conference=conference, key=key, is_enabled=True)
    start = dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK)
    place = PlaceFactory(conference=conference, name="Fullsteam Brewery", address="726 Rigsbee")
    social = EventFactory(
        conference=conference,
        title="Brewery social",
        slug="brewery-social",
        place=place,
        address="",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        capacity=2,
        description="Drinks and *pretzels*.",
    )
    full = EventFactory(conference=conference, title="Speakers' dinner", slug="dinner", capacity=1)
    RsvpFactory(event=full)
    desk = RoleFactory(conference=conference, name="Registration desk", slug="desk")
    shift = ShiftFactory(role=desk, capacity=2, starts_at=start - dt.timedelta(hours=10))
    chair = RoleFactory(conference=conference, name="Session chair", slug="chair")
    talk = SessionFactory(conference=conference, title="Error Culture", slug="error-culture")
    SignupFactory(shift=ShiftFactory(role=chair, session=talk, location="", capacity=1))
    user = UserFactory(username="ada")
    return conference, social, shift, user


def test_rsvp_with_javascript_is_confirmed(page, live_server, around):
    conference, social, shift, user = around
    sign_in(page, live_server)
    page.goto(live_server.url + conference_reverse(conference, "events:event-list"))
    page.get_by_role("link", name="Brewery social").click()

    page.get_by_role("button", name="RSVP: I am going").click()

    status = page.locator(".event__rsvp [role=status]")
    assert status.inner_text().startswith("You are going.")
    assert page.locator(".messages").inner_text() == "You have a place. See you there!"
    assert page.locator(".event__places").inner_text() == "1 of 2 places left"
    assert list(social.rsvps.values_list("user__username", "status")) == [("ada", "confirmed")]

    page.goto(live_server.url + conference_reverse(conference, "companion:agenda"))
    assert page.locator(".agenda-item--side-event .agenda-item__title").inner_text() == (
        "Brewery social"
    )


def test_rsvp_and_sign_up_without_javascript(page_without_js, live_server, around):
    page = page_without_js
    conference, social, shift, user = around
    force_sign_in(page, live_server, user)
    page.goto(live_server.url + social.get_absolute_url())

    page.get_by_role("button", name="RSVP: I am going").click()

    assert page.locator(".event__rsvp [role=status]").inner_text().startswith("You are going.")
    page.goto(live_server.url + conference_reverse(conference, "volunteers:board"))
    page.locator(f"#shift-{shift.pk}").get_by_role("button", name="Sign up").click()
    assert page.locator(f"#shift-{shift.pk} .badge").inner_text() == "You are signed up"
    assert Signup.objects.filter(user=user, shift=shift).count() == 1


def test_new_pages_have_no_axe_violations(page, live_server, around):
    conference, social, shift, user = around
    paths = {
        "events": conference_reverse(conference, "events:event-list"),
        "event": social.get_absolute_url(),
        "full event": conference_reverse(conference, "events:event-detail", slug="dinner"),
        "volunteer": conference_reverse(conference, "volunteers:board"),
    }

    anonymous = violations_on(page, live_server.url, paths)
    RsvpFactory(event=social, user=user)
    SignupFactory(shift=shift, user=user)
    grant(user, "view_signup", "volunteers")
    user.is_staff = True
    user.save()
    force_sign_in(page, live_server, user)
    signed_in = violations_on(
        page,
        live_server.url,
        {
            **paths,
            "roster": conference_reverse(conference, "volunteers:roster"),
            "agenda": conference_reverse(conference, "companion:agenda"),
        },
    )

    assert anonymous == {}
    assert signed_in == {}
