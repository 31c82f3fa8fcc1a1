import pytest

from hallway.conferences.models import Redirect
from hallway.program.models import Session
from tests.factories import (
    ConferenceFactory,
    PageFactory,
    PostFactory,
    PresenterFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def redirects(conference):
    return sorted(conference.redirects.values_list("old_path", "new_path"))


def rename(instance, slug):
    instance.slug = slug
    instance.save()


def test_renaming_a_session_slug_creates_a_redirect(conference):
    session = SessionFactory(conference=conference, slug="old-talk")

    rename(session, "new-talk")

    assert redirects(conference) == [("/talks/old-talk/", "/talks/new-talk/")]


@pytest.mark.parametrize(
    ("factory", "old", "new"),
    [
        (PresenterFactory, "/presenters/old/", "/presenters/new/"),
        (PostFactory, "/news/old/", "/news/new/"),
        (PageFactory, "/old/", "/new/"),
    ],
)
def test_renaming_presenters_posts_and_pages_creates_redirects(conference, factory, old, new):
    item = factory(conference=conference, slug="old")

    rename(item, "new")

    assert redirects(conference) == [(old, new)]


def test_changing_a_session_kind_redirects_to_its_new_section(conference):
    session = SessionFactory(conference=conference, slug="deep-dive")

    session.kind = Session.Kind.TUTORIAL
    session.save()

    assert redirects(conference) == [("/talks/deep-dive/", "/tutorials/deep-dive/")]


def test_saving_without_a_rename_creates_no_redirect(conference):
    session = SessionFactory(conference=conference, slug="same")

    session.title = "A new title"
    session.save()

    assert redirects(conference) == []


def test_renaming_twice_leaves_no_chain(conference):
    session = SessionFactory(conference=conference, slug="first")

    rename(session, "second")
    rename(session, "third")

    assert redirects(conference) == [
        ("/talks/first/", "/talks/third/"),
        ("/talks/second/", "/talks/third/"),
    ]


def test_renaming_back_deletes_the_redirect_from_the_live_path(conference):
    session = SessionFactory(conference=conference, slug="first")

    rename(session, "second")
    rename(session, "first")

    assert redirects(conference) == [("/talks/second/", "/talks/first/")]


def test_a_new_item_at_a_redirected_path_retires_the_redirect(conference):
    page = PageFactory(conference=conference, slug="venue")
    rename(page, "getting-here")

    PageFactory(conference=conference, slug="venue")

    assert redirects(conference) == []


def test_redirects_are_per_conference(conference):
    other = ConferenceFactory(slug="other-conf")
    SessionFactory(conference=other, slug="talk")
    session = SessionFactory(conference=conference, slug="talk")

    rename(session, "renamed")

    assert redirects(other) == []
    assert Redirect.objects.count() == 1


def test_old_session_address_answers_301_under_the_slug(client, conference):
    session = SessionFactory(conference=conference, slug="old-talk")
    rename(session, "new-talk")

    response = client.get("/djangocon-us-2024/talks/old-talk/?ref=x")

    assert response.status_code == 301
    assert response["Location"] == "/djangocon-us-2024/talks/new-talk/?ref=x"
    assert client.get(response["Location"]).status_code == 200


def test_old_page_address_answers_301_on_the_conference_host(client, conference):
    conference.host = "2024.djangocon.example"
    conference.save()
    page = PageFactory(conference=conference, slug="conduct")
    rename(page, "code-of-conduct")

    response = client.get("/conduct/", HTTP_HOST="2024.djangocon.example")

    assert response.status_code == 301
    assert response["Location"] == "/code-of-conduct/"


def test_changing_the_host_name_takes_effect_at_once(client, conference):
    conference.host = "old.djangocon.example"
    conference.save()
    assert client.get("/", HTTP_HOST="old.djangocon.example").context["conference"] == conference

    conference.host = "new.djangocon.example"
    conference.save()

    assert client.get("/", HTTP_HOST="new.djangocon.example").context["conference"] == conference
    assert client.get("/", HTTP_HOST="old.djangocon.example").context["conference"] is None


def test_saving_with_an_empty_slug_records_nothing_and_does_not_fail(conference):
    session = SessionFactory(conference=conference, slug="talk")

    rename(session, "")

    assert redirects(conference) == []
