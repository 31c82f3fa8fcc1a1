"""Stored links are checked when pages render, not only when forms take them.

Every link field gets ``javascript:alert(1)`` (and friends) through the ORM, the way a shell or
an importer would write it, bypassing validation; no page may render it as a link.
"""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import Client

from hallway.conferences.models import Conference
from hallway.conferences.urls_helpers import conference_reverse
from hallway.content.models import Place, Sponsor
from hallway.core.templatetags.hallway import is_safe_url
from hallway.people.models import Organizer, Presenter
from hallway.program.models import Session
from tests.companion.factories import ContactFactory, UserFactory, VisitFactory
from tests.factories import (
    ConferenceFactory,
    OrganizerFactory,
    PlaceFactory,
    PresenterFactory,
    SessionFactory,
    SponsorFactory,
)
from tests.html import outer, parse

EVIL = "javascript:alert(1)"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://2024.djangocon.us/", True),
        ("http://example.org/a:b", True),
        ("mailto:hello@djangocon.us", True),
        ("/catering-menus/#lunch", True),
        ("?page=2", True),
        ("JaVaScRiPt:alert(1)", False),
        ("  javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("data:text/html;base64,PHNjcmlwdD4=", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("", False),
    ],
)
def test_only_web_and_mail_links_are_safe(url, safe):
    assert is_safe_url(url) is safe


def test_the_filter_gives_nothing_for_an_unsafe_link():
    template = Template("{% load hallway %}[{{ a|safe_url }}][{{ b|safe_url }}]")

    html = template.render(Context({"a": EVIL, "b": "https://x.example/?q=1&r=2"}))

    assert html == "[][https://x.example/?q=1&amp;r=2]"


@pytest.fixture
def poisoned(db):
    """A conference whose every stored link is a script URL, written past validation."""
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
        title="Lunch menus",
        slug="lunch",
        kind="meal",
        start=start + dt.timedelta(hours=1),
        end=start + dt.timedelta(hours=2),
    )
    OrganizerFactory(conference=conference, name="Grace Hopper")
    SponsorFactory(conference=conference, name="REVSYS", url_label="revsys.com")
    PlaceFactory(conference=conference, name="Cocoa Cinnamon", address="420 W Geer St")
    owner = UserFactory(username="ada")
    ContactFactory(user=owner, conference=conference, name="Jeff Triplett")
    VisitFactory(user=owner, conference=conference, name="Pizzeria Toro")

    Session.objects.update(video_url=EVIL, slides_url="vbscript:msgbox(1)", link_url=EVIL)
    for model in (Presenter, Organizer):
        model.objects.update(linkedin=EVIL, mastodon="data:text/html,x", website=EVIL)
    Sponsor.objects.update(url=EVIL, hiring_url=" JavaScript:alert(1)")
    Place.objects.update(website=EVIL, map_url="java\tscript:alert(1)")
    Conference.objects.update(links={"tickets": EVIL, "videos": EVIL})
    ContactFactory._meta.model.objects.update(url=EVIL)
    VisitFactory._meta.model.objects.update(url=EVIL)
    return conference, talk, ada, owner


def _pages(conference, talk, presenter):
    def url(name, **kwargs):
        return conference_reverse(conference, name, **kwargs)

    return {
        "home": url("conferences:home"),
        "schedule": url("program:schedule"),
        "session": talk.get_absolute_url(),
        "presenter list": url("people:presenter-list"),
        "presenter": presenter.get_absolute_url(),
        "organizers": url("people:organizer-list"),
        "sponsors": url("content:sponsor-list"),
        "places": url("content:place-list"),
    }


def _script_links(html: str) -> int:
    lowered = html.lower()
    return sum(
        lowered.count(f'href="{start}')
        for start in ("javascript", "vbscript", "data:", " javascript", "java\t")
    )


@pytest.mark.parametrize("phase", ["upcoming", "archived"])
def test_no_public_page_renders_a_stored_script_url_as_a_link(poisoned, phase):
    conference, talk, presenter, _ = poisoned
    Conference.objects.update(phase=phase)
    client = Client()

    found = {}
    for name, path in _pages(conference, talk, presenter).items():
        response = client.get(path)
        assert response.status_code == 200, name
        if count := _script_links(response.content.decode()):
            found[name] = count

    assert found == {}


def test_the_names_still_show_without_their_links(poisoned):
    conference, talk, presenter, _ = poisoned
    client = Client()

    sponsors = parse(client.get(conference_reverse(conference, "content:sponsor-list")))
    places = parse(client.get(conference_reverse(conference, "content:place-list")))
    schedule = parse(client.get(conference_reverse(conference, "program:schedule")))
    session = client.get(talk.get_absolute_url()).content.decode()

    assert outer(sponsors, "//h3[@class='sponsor__name']") == (
        '<h3 class="sponsor__name">REVSYS</h3>'
    )
    assert (
        outer(places, "//h3[@class='place__name']") == '<h3 class="place__name">Cocoa Cinnamon</h3>'
    )
    assert outer(places, "//p[@class='place__address']") == (
        '<p class="place__address">420 W Geer St</p>'
    )
    lunch = "//h4[@class='sg-item__title'][normalize-space()='Lunch menus']"
    assert outer(schedule, lunch) == '<h4 class="sg-item__title">Lunch menus </h4>'  # no link
    assert "Watch the video" not in session
    assert "Slides" not in session


def test_an_attendees_own_pages_do_not_link_script_urls_either(poisoned):
    conference, _, _, owner = poisoned
    client = Client()
    client.force_login(owner)

    people = client.get(conference_reverse(conference, "companion:people")).content.decode()
    places = client.get(conference_reverse(conference, "companion:places")).content.decode()

    assert outer(parse(people), "//ul[@class='item-list']/li/h2") == "<h2>Jeff Triplett</h2>"
    assert outer(parse(places), "//ul[@class='item-list']/li/h2") == "<h2>Pizzeria Toro</h2>"
    assert _script_links(people) == 0
    assert _script_links(places) == 0
