"""A Content-Security-Policy on every HTML page, allowing exactly the page's own inline code."""

import base64
import datetime as dt
import hashlib
from html.parser import HTMLParser

import pytest
from django.test import Client

from hallway.conferences.urls_helpers import conference_reverse
from hallway.core.csp import inline_hashes
from tests.companion.factories import UserFactory
from tests.factories import (
    ConferenceFactory,
    OrganizerFactory,
    PageFactory,
    PlaceFactory,
    PostFactory,
    PresenterFactory,
    SessionFactory,
    SponsorFactory,
)


class InlineCode(HTMLParser):
    """The text of each inline <script> (that runs) and <style>, as a browser hashes it."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts, self.styles, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "style":
            self._open = (self.styles, [])
        elif tag == "script" and "src" not in attributes and not attributes.get("type"):
            self._open = (self.scripts, [])

    def handle_data(self, data):
        if self._open:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if self._open and tag in ("script", "style"):
            found, parts = self._open
            found.append("".join(parts))
            self._open = None


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in header.split(";"):
        name, *sources = directive.split()
        parsed[name] = sources
    return parsed


@pytest.fixture
def site(db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    ada = PresenterFactory(conference=conference, name="Ada Lovelace", slug="ada-lovelace")
    talk = SessionFactory(
        conference=conference,
        title="Error Culture",
        slug="error-culture",
        start=dt.datetime(2024, 9, 23, 14, 0, tzinfo=dt.UTC),
        end=dt.datetime(2024, 9, 23, 14, 25, tzinfo=dt.UTC),
        with_presenters=[ada],
    )
    OrganizerFactory(conference=conference, name="Grace Hopper")
    SponsorFactory(conference=conference, name="REVSYS")
    post = PostFactory(conference=conference, title="Tickets on sale", slug="tickets-on-sale")
    PlaceFactory(conference=conference, name="Cocoa Cinnamon")
    PageFactory(conference=conference, title="Code of conduct", slug="code-of-conduct")

    def url(name, **kwargs):
        return conference_reverse(conference, name, **kwargs)

    public = {
        "index": "/",
        "home": url("conferences:home"),
        "schedule": url("program:schedule"),
        "schedule day": url("program:schedule-day", date="2024-09-23"),
        "session": talk.get_absolute_url(),
        "presenter list": url("people:presenter-list"),
        "presenter": ada.get_absolute_url(),
        "organizers": url("people:organizer-list"),
        "sponsors": url("content:sponsor-list"),
        "news": url("content:post-list"),
        "news post": url("content:post-detail", slug=post.slug),
        "places": url("content:place-list"),
        "page": url("content:page-detail", slug="code-of-conduct"),
        "style guide": url("conferences:style-guide"),
        "schedule changes": url("interop:changes"),
        "agenda": url("companion:agenda"),
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "not found": url("content:page-detail", slug="no-such-page"),
    }
    signed_in = {
        "agenda": url("companion:agenda"),
        "session notes": url("companion:session-notes", pk=talk.pk),
        "photos": url("companion:photos"),
        "account": "/me/",
        "admin": "/admin/",
        "admin changelist": "/admin/program/session/",
    }
    return public, signed_in


def check_policy(response) -> list[str]:
    """What is wrong with the page's policy (nothing: an empty list)."""
    header = response.get("Content-Security-Policy")
    if header is None:
        return ["no Content-Security-Policy"]
    policy = directives(header)
    code = InlineCode()
    code.feed(response.content.decode())
    problems = []
    if not code.styles:
        problems.append("no inline style found: the check would prove nothing")
    for kind, texts in (("script-src", code.scripts), ("style-src", code.styles)):
        allowed = policy.get(kind, [])
        if "'unsafe-inline'" in allowed or "'unsafe-eval'" in allowed:
            problems.append(f"{kind} allows unsafe code")
        problems += [
            f"{kind} misses {text[:40]!r}" for text in texts if sha256_source(text) not in allowed
        ]
    for name, expected in {
        "default-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
    }.items():
        if policy.get(name) != expected:
            problems.append(f"{name} is {policy.get(name)}")
    return problems


def test_every_public_page_type_has_a_policy_for_its_inline_code(site):
    public, _ = site
    client = Client()

    found = {}
    for name, path in public.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not found" else 200), name
        assert response["Content-Type"] == "text/html; charset=utf-8", name
        if problems := check_policy(response):
            found[name] = problems

    assert found == {}


def test_signed_in_and_admin_pages_have_a_policy_for_their_inline_code(site):
    _, signed_in = site
    client = Client()
    client.force_login(UserFactory(username="ada", is_staff=True, is_superuser=True))

    found = {}
    for name, path in signed_in.items():
        response = client.get(path)
        assert response.status_code == 200, name
        problems = check_policy(response)
        if name.startswith("admin"):
            # The admin inlines no style of its own: its policy needs no hash at all.
            problems = [p for p in problems if not p.startswith("no inline style")]
        if problems:
            found[name] = problems

    assert found == {}


def test_a_page_from_the_page_cache_keeps_its_policy(site):
    public, _ = site
    first = Client().get(public["schedule"])
    second = Client().get(public["schedule"])

    assert (first["X-Hallway-Cache"], second["X-Hallway-Cache"]) == ("miss", "hit")
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert check_policy(first) == []


def test_the_theme_and_page_rules_change_the_style_hash(site):
    public, _ = site
    home = directives(Client().get(public["home"])["Content-Security-Policy"])
    schedule = directives(Client().get(public["schedule"])["Content-Security-Policy"])

    assert home["script-src"] == schedule["script-src"]  # the same loader on every page
    assert home["style-src"] != schedule["style-src"]  # the schedule adds its grid rules


def test_non_html_answers_carry_no_policy(site):
    response = Client().get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert not response.has_header("Content-Security-Policy")


def test_hashes_follow_the_html_parser_and_skip_data_blocks():
    html = (
        b"<style>a{}\r\nb{}</style><script>go()</script>"
        b'<script type="hallway/after-load" data-src="/x.js"></script>'
        b'<script src="/y.js"></script><script type="module">m()</script>'
    )

    scripts, styles = inline_hashes(html)

    assert styles == [sha256_source("a{}\nb{}")]  # CR LF is LF once parsed
    assert scripts == [sha256_source("go()"), sha256_source("m()")]
