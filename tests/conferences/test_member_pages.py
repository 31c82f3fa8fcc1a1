"""Public pages signed-in attendees share (hallway/conferences/member_pages.py).

One copy per page for all attendees, each answer filled in with the visitor's own stars, menu
and token; pages that read anything else of the visitor are never shared. Each test makes the
data that could leak first: another attendee's stars, a notification count, a name.
"""

import gzip
import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path

from hallway.companion.services import toggle_star
from hallway.core.members import TracedUser
from hallway.notifications.models import Notification
from hallway.notifications.services import refresh_unread
from hallway.speakers.services import SESSION_KEY as SPEAKER_SESSION_KEY
from hallway.urls import urlpatterns as hallway_urlpatterns
from tests.companion.factories import UserFactory
from tests.factories import SessionFactory
from tests.html import parse, select, text, texts

pytestmark = pytest.mark.django_db

SCHEDULE = "/djangocon-us-2024/schedule/"
TALK = "/djangocon-us-2024/talks/error-culture/"


@pytest.fixture
def talks(conference):
    return [
        SessionFactory(conference=conference, title="Error culture", slug="error-culture"),
        SessionFactory(conference=conference, title="Blameless", slug="blameless"),
        SessionFactory(conference=conference, title="Postmortems", slug="postmortems"),
    ]


@pytest.fixture
def attendee(django_capture_on_commit_callbacks):
    def make(username: str, starred=(), **fields) -> Client:
        user = UserFactory(username=username, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            for session in starred:
                toggle_star(user, session)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    return make


def pressed(response) -> list[str]:
    return [
        button.get("aria-label")
        for button in select(parse(response), ".star-button")
        if button.get("aria-pressed") == "true"
    ]


def normalised(content: bytes) -> bytes:
    """The page without its (per-answer) token and the spaces that even a toggle's two states
    out, inside a start tag, where HTML ignores them."""
    content = re.sub(rb'(name="csrfmiddlewaretoken" value=")[^"]+', rb"\1TOKEN", content)
    return re.sub(rb"\s+>", b">", content)


def test_each_attendee_gets_their_own_stars_from_one_copy(talks, attendee):
    ada = attendee("ada", [talks[0]])
    bob = attendee("bob", [talks[1], talks[2]])

    first = ada.get(SCHEDULE)
    second = bob.get(SCHEDULE)
    again = ada.get(SCHEDULE)

    assert [first["X-Hallway-Cache"], second["X-Hallway-Cache"]] == ["miss", "hit"]
    assert pressed(first) == pressed(again) == ["Star Error culture"]
    assert pressed(second) == ["Star Blameless", "Star Postmortems"]


@pytest.mark.parametrize(
    "path",
    [SCHEDULE, TALK, "/djangocon-us-2024/talks/blameless/", "/djangocon-us-2024/presenters/"],
)
def test_the_shared_copy_is_the_page_rendered_for_the_attendee(settings, talks, attendee, path):
    ada = attendee("ada", [talks[0], talks[2]])
    ada.get(path)
    shared = ada.get(path)
    gzipped = ada.get(path, HTTP_ACCEPT_ENCODING="gzip")

    settings.HALLWAY_MEMBER_PAGES = False
    rendered = ada.get(path)

    assert [shared["X-Hallway-Cache"], gzipped["X-Hallway-Cache"]] == ["hit", "hit"]
    assert "X-Hallway-Cache" not in rendered
    assert normalised(shared.content) == normalised(rendered.content)
    assert normalised(gzip.decompress(gzipped.content)) == normalised(shared.content)


def test_every_answer_has_a_fresh_token_for_the_visitors_cookie(talks, attendee):
    ada = attendee("ada")
    ada.get(TALK)

    tokens = [
        text(parse(ada.get(TALK)), "//input[@name='csrfmiddlewaretoken']/@value") for _ in "ab"
    ]

    assert len(set(tokens)) == 2
    assert all(len(token) == 64 for token in tokens)


def test_a_star_shows_on_the_next_page(talks, attendee, django_capture_on_commit_callbacks):
    ada = attendee("ada")
    assert pressed(ada.get(TALK)) == []

    with django_capture_on_commit_callbacks(execute=True):
        ada.post(f"/djangocon-us-2024/my/star/{talks[0].pk}/")
    starred = ada.get(TALK)

    assert starred["X-Hallway-Cache"] == "hit"  # the same copy, the new star filled in
    assert pressed(starred) == ["Star Error culture"]


def test_the_menu_count_follows_notifications(
    conference, talks, attendee, django_capture_on_commit_callbacks
):
    ada = attendee("ada")
    bob = attendee("bob")
    ada.get(TALK)
    Notification.objects.create(
        user=ada.user, conference=conference, kind="schedule", key="a", title="Moved"
    )

    with django_capture_on_commit_callbacks(execute=True):
        refresh_unread([ada.user.pk, bob.user.pk], conference.pk)

    assert texts(parse(ada.get(TALK)), "//nav[@class='account-nav']/a") == [
        "My agenda",
        "Notifications (1)",
        "Sign out",
    ]
    assert texts(parse(bob.get(TALK)), "//nav[@class='account-nav']/a") == [
        "My agenda",
        "Notifications",
        "Sign out",
    ]


def test_organizers_get_the_page_rendered_for_them(talks, attendee):
    attendee("ada").get(TALK)
    organizer = attendee("org", is_staff=True)

    response = organizer.get(TALK)

    assert "X-Hallway-Cache" not in response


def test_a_session_holding_more_than_the_sign_in_gets_its_own_page(conference, talks, attendee):
    attendee("ada").get(TALK)
    presenter = attendee("grace")
    session = presenter.session
    session[SPEAKER_SESSION_KEY] = [conference.pk]
    session.save()

    response = presenter.get(TALK)

    assert "X-Hallway-Cache" not in response
    assert "My speaker pages" in texts(parse(response), "//nav[@class='account-nav']/a")


def whoami(request, slug):
    return HttpResponse(f"<!doctype html><p>{request.user.username}</p>")


urlpatterns = [path("<slug:slug>/whoami/", whoami), *hallway_urlpatterns]


def test_a_page_that_reads_the_visitor_is_never_shared(settings, conference, attendee):
    settings.ROOT_URLCONF = __name__
    ada = attendee("ada")
    bob = attendee("bob")

    pages = [client.get("/djangocon-us-2024/whoami/") for client in (ada, bob, ada)]

    assert [page.content for page in pages] == [
        b"<!doctype html><p>ada</p>",
        b"<!doctype html><p>bob</p>",
        b"<!doctype html><p>ada</p>",
    ]
    assert all("X-Hallway-Cache" not in page for page in pages)


def test_a_traced_user_reports_what_tells_attendees_apart():
    user = UserFactory(username="ada")
    seen: list[str] = []
    traced = TracedUser(user, seen.append)

    assert traced.is_authenticated
    assert not traced.is_staff
    assert seen == []
    assert (traced.username, traced.pk, traced == user) == ("ada", user.pk, True)
    assert seen == ["username", "pk", "__eq__"]


def page_with_toggles(toggle_text: str) -> str:
    from hallway.conferences.page_cache import CSRF_PLACEHOLDER
    from hallway.core.slotcache import HOLE, toggle

    cards = "".join(
        f"<li>Session {n} in Salon A, 9:00–9:45{toggle(n % 7, *toggle_text.split('|'))}</li>"
        for n in range(40)
    )
    return (
        f"<!doctype html><html><head><style>{'p{margin:0}' * 50}</style></head><body>"
        f"<nav>{HOLE}account{HOLE}</nav><ul>{cards}</ul>"
        f"<form><input name='csrfmiddlewaretoken' value='{CSRF_PLACEHOLDER}'></form></body></html>"
    )


@pytest.mark.parametrize(
    "toggle_text",
    [
        '<span class="star">Star</span>|<span class="star" aria-pressed="true">Starred</span>',
        "Star|Starred",  # no start tag to even the states out in: the parts are walked
    ],
)
def test_spliced_answers_equal_the_page_joined_part_by_part(toggle_text):
    from hallway.conferences import member_pages
    from hallway.conferences.page_cache import CSRF_PLACEHOLDER, UNSTORED_HEADERS

    parts = member_pages.split(page_with_toggles(toggle_text), CSRF_PLACEHOLDER)
    stored = member_pages.store(parts, HttpResponse(), UNSTORED_HEADERS)
    assert ("splice" in stored) is toggle_text.startswith("<")

    for on in (frozenset(), frozenset({0}), frozenset({1, 3, 6, 99})):
        holes = {"account": f"<a href='/me/'>Menu of {len(on)}</a>".encode(), "csrf": b"T" * 64}
        plain = member_pages.body(stored, on, holes, gzip=False)
        packed = member_pages.body(stored, on, holes, gzip=True)

        assert gzip.decompress(packed) == plain  # gzip checks the CRC and the length too
        assert plain.count(b"Starred") == sum(1 for n in range(40) if n % 7 in on)
        assert plain.count(b"Menu of") == 1
        if "parts" in stored:
            continue
        assert re.sub(rb"\s+>", b">", plain) == re.sub(
            rb"\s+>", b">", member_pages.joined(_walkable(parts), on, holes, gzip=False)
        )


def _walkable(parts):
    from hallway.conferences import member_pages

    stored = {"parts": [], "gzip_parts": []}
    for part in parts:
        if part[0] == "t":
            off, on = member_pages._pad(part[2], part[3]) or (part[2], part[3])
            part = ("t", part[1], off, on)
        stored["parts"].append(part)
        stored["gzip_parts"].append(None)
    return stored
