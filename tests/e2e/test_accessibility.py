"""axe-core scans of every public page type and the attendee pages, at phone and desktop size.

Any violation fails, whatever its impact. The report names the rule, the page and the element.
"""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from hallway.conferences.urls_helpers import conference_reverse
from hallway.program.models import ScheduleChange
from tests.companion.factories import NoteFactory, StarFactory, UserFactory
from tests.factories import (
    ConferenceFactory,
    OrganizerFactory,
    PageFactory,
    PlaceFactory,
    PostFactory,
    PresenterFactory,
    SeriesFactory,
    SessionFactory,
    SponsorFactory,
)

AXE = Axe()


@pytest.fixture
def full_site(transactional_db):
    """One of every kind of public content."""
    series = SeriesFactory(name="DjangoCon US", slug="djangocon-us")
    conference = ConferenceFactory(
        name="DjangoCon US 2024",
        slug="djangocon-us-2024",
        series=series,
        venue_name="Durham Convention Center",
        venue_latitude=35.9961,
        venue_longitude=-78.9029,
        links={"tickets": "https://tickets.example/", "cfp": "https://cfp.example/"},
    )
    ada = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada-lovelace")
    # Last year, with the same presenter: the series links and "At other conferences".
    last_year = ConferenceFactory(
        name="DjangoCon US 2023",
        slug="djangocon-us-2023",
        series=series,
        starts_on=dt.date(2023, 10, 16),
        ends_on=dt.date(2023, 10, 20),
    )
    SessionFactory(
        conference=last_year,
        title="Engines of Django",
        slug="engines",
        start=dt.datetime(2023, 10, 17, 14, 0, tzinfo=dt.UTC),
        end=dt.datetime(2023, 10, 17, 14, 25, tzinfo=dt.UTC),
        with_presenters=[PresenterFactory(conference=last_year, name="Ada Lovelace")],
    )
    talk = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 23, 14, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 23, 14, 25, tzinfo=dt.UTC),
        with_presenters=[ada],
    )
    SessionFactory(
        conference=conference,
        title="Lunch",
        slug="lunch",
        kind="meal",
        start=dt.datetime(2024, 9, 24, 12, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 24, 13, 0, tzinfo=dt.UTC),
    )
    OrganizerFactory(conference=conference, name="Grace Hopper")
    SponsorFactory(conference=conference, name="REVSYS", description="Django consultants.")
    post = PostFactory(conference=conference, title="Tickets on sale", slug="tickets-on-sale")
    PlaceFactory(
        conference=conference,
        name="Cocoa Cinnamon",
        category="coffee",
        latitude=36.0020,
        longitude=-78.9016,
    )
    PlaceFactory(
        conference=conference, name="Luna", slug="luna", latitude=35.9958, longitude=-78.9013
    )
    PageFactory(
        conference=conference,
        title="Code of conduct",
        slug="code-of-conduct",
        body="Be kind.",
        in_header=True,
        in_navigation=True,
    )
    ScheduleChange.objects.create(
        conference=conference,
        session=talk,
        session_title=talk.title,
        kind=ScheduleChange.Kind.MOVED,
        field="room",
        old_value="Room 1",
        new_value="Room 2",
    )
    return conference, talk, ada, post


def public_paths(conference, talk, presenter, post) -> dict[str, str]:
    def url(name, **kwargs):
        return conference_reverse(conference, name, **kwargs)

    return {
        "home": url("conferences:home"),
        "schedule": url("program:schedule"),
        "schedule day": url("program:schedule-day", date="2024-09-23"),
        "session": talk.get_absolute_url(),
        "presenter list": url("people:presenter-list"),
        "presenter": presenter.get_absolute_url(),
        "organizers": url("people:organizer-list"),
        "sponsors": url("content:sponsor-list"),
        "news": url("content:post-list"),
        "news post": url("content:post-detail", slug=post.slug),
        "places": url("content:place-list"),
        "page": url("content:page-detail", slug="code-of-conduct"),
        "style guide": url("conferences:style-guide"),
        "schedule changes": url("interop:changes"),
        "series": "/series/djangocon-us/",
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
    }


def attendee_paths(conference, talk) -> dict[str, str]:
    def url(name, **kwargs):
        return conference_reverse(conference, name, **kwargs)

    return {
        "agenda": url("companion:agenda"),
        "session notes": url("companion:session-notes", pk=talk.pk),
        "moments": url("companion:moments"),
        "people": url("companion:people"),
        "places": url("companion:places"),
        "photos": url("companion:photos"),
        "recap": url("companion:recap"),
        "account": "/me/",
        "labels": "/me/labels/",
    }


def violations_on(page, base_url: str, paths: dict[str, str]) -> dict[str, list[str]]:
    found = {}
    for name, path in paths.items():
        response = page.goto(base_url + path)
        assert response.status == 200, f"{name} ({path}) answered {response.status}"
        results = AXE.run(page)
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
            for v in results.response["violations"]
        ]
        if problems:
            found[f"{name} {path}"] = problems
    return found


def test_public_pages_have_no_axe_violations(page, live_server, full_site):
    conference, talk, presenter, post = full_site

    found = violations_on(page, live_server.url, public_paths(conference, talk, presenter, post))

    assert found == {}


def test_attendee_pages_have_no_axe_violations(page, live_server, full_site):
    conference, talk, presenter, post = full_site
    user = UserFactory(username="ada")
    StarFactory(user=user, session=talk)
    NoteFactory(user=user, session=talk, body="Ask about *error budgets*.")
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    found = violations_on(page, live_server.url, attendee_paths(conference, talk))

    assert found == {}
