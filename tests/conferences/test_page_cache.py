import pytest
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client

from hallway.conferences.page_cache import CSRF_PLACEHOLDER
from tests.factories import ConferenceFactory, SessionFactory
from tests.html import parse, text

pytestmark = pytest.mark.django_db


def form_token(page: bytes) -> bytes:
    """The CSRF token of the page's shared star form."""
    return page.split(b'name="csrfmiddlewaretoken" value="', 1)[1].split(b'"', 1)[0]


@pytest.fixture
def talk(conference):
    return SessionFactory(conference=conference, title="Error culture", slug="error-culture")


def test_second_anonymous_request_is_served_from_the_cache_without_queries(
    client, talk, django_assert_num_queries
):
    first = client.get("/djangocon-us-2024/talks/error-culture/")

    with django_assert_num_queries(0):
        second = Client().get("/djangocon-us-2024/talks/error-culture/")

    assert first["X-Hallway-Cache"] == "miss"
    assert second["X-Hallway-Cache"] == "hit"
    assert second.status_code == 200
    assert text(parse(second), "//h1") == "Error culture"


def test_an_edit_shows_on_the_next_request(client, talk):
    client.get("/djangocon-us-2024/talks/error-culture/")

    talk.title = "Blameless culture"
    talk.save()
    response = Client().get("/djangocon-us-2024/talks/error-culture/")

    assert response["X-Hallway-Cache"] == "miss"
    assert text(parse(response), "//h1") == "Blameless culture"
    assert b"Error culture" not in response.content


def test_an_edit_of_another_conference_keeps_the_cache(client, talk):
    other = ConferenceFactory(slug="pycon-2025")
    client.get("/djangocon-us-2024/talks/error-culture/")

    SessionFactory(conference=other)
    response = Client().get("/djangocon-us-2024/talks/error-culture/")

    assert response["X-Hallway-Cache"] == "hit"


def test_conditional_request_with_the_etag_is_answered_304(client, talk):
    first = client.get("/djangocon-us-2024/talks/error-culture/")

    again = client.get("/djangocon-us-2024/talks/error-culture/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"]
    assert again.status_code == 304
    assert again.content == b""


def test_etag_of_an_old_version_gets_the_new_page(client, talk):
    first = client.get("/djangocon-us-2024/talks/error-culture/")
    talk.title = "Blameless culture"
    talk.save()

    again = client.get("/djangocon-us-2024/talks/error-culture/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]


def test_each_visitor_gets_their_own_csrf_token(talk):
    first, second = Client(), Client()

    first_page = first.get("/djangocon-us-2024/talks/error-culture/")
    second_page = second.get("/djangocon-us-2024/talks/error-culture/")

    assert second_page["X-Hallway-Cache"] == "hit"
    assert CSRF_PLACEHOLDER.encode() not in first_page.content
    assert CSRF_PLACEHOLDER.encode() not in second_page.content
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert len(first.cookies["csrftoken"].value) == CSRF_SECRET_LENGTH


def test_a_page_of_many_star_buttons_carries_one_token_after_them(conference):
    SessionFactory.create_batch(30, conference=conference)
    Client().get("/djangocon-us-2024/schedule/")  # fills the cache

    page = Client().get("/djangocon-us-2024/schedule/")
    html = page.content

    assert page["X-Hallway-Cache"] == "hit"
    assert html.count(b'class="star-button"') == 30
    # One token for all the stars (the shared star form; the language switcher is a GET form
    # with none), after the last star: each answer only checksums what follows the first token
    # (see _gzip_answer).
    assert html.count(b'name="csrfmiddlewaretoken"') == 1
    assert html.index(b'name="csrfmiddlewaretoken"') > html.rindex(b'class="star-button"')


def test_the_token_of_a_cached_page_passes_the_csrf_check(talk):
    visitor = Client(enforce_csrf_checks=True)
    Client().get("/djangocon-us-2024/talks/error-culture/")  # fills the cache
    page = visitor.get("/djangocon-us-2024/talks/error-culture/")
    token = form_token(page.content).decode()

    response = visitor.post("/accounts/logout/", {"csrfmiddlewaretoken": token})

    assert page["X-Hallway-Cache"] == "hit"
    assert response.status_code == 302


def test_signed_in_visitors_are_not_served_the_anonymous_page(client, talk):
    Client().get("/djangocon-us-2024/talks/error-culture/")
    user = get_user_model().objects.create_user("ada", "ada@example.com", "pw-long-enough")
    client.force_login(user)

    response = client.get("/djangocon-us-2024/talks/error-culture/")

    # The copy signed-in attendees share (member_pages.py), not the anonymous one.
    assert response["X-Hallway-Cache"] == "miss"
    assert text(parse(response), "//nav[@class='account-nav']/a[last()]") == "Sign out"


def test_visitor_with_session_stars_is_not_served_the_shared_page(client, talk):
    Client().get("/djangocon-us-2024/talks/error-culture/")
    session = client.session
    session["hallway_stars"] = {str(talk.conference_id): [talk.pk]}
    session.save()

    response = client.get("/djangocon-us-2024/talks/error-culture/")

    assert "X-Hallway-Cache" not in response


def test_visitor_with_an_empty_session_is_served_the_shared_page(client, talk):
    session = client.session
    session.save()
    Client().get("/djangocon-us-2024/talks/error-culture/")

    response = client.get("/djangocon-us-2024/talks/error-culture/")

    assert response["X-Hallway-Cache"] == "hit"


def test_attendee_pages_are_never_cached(client, conference):
    response = client.get("/djangocon-us-2024/my/agenda/")

    assert "X-Hallway-Cache" not in response


def test_site_wide_paths_are_never_cached(client, conference):
    response = client.get("/accounts/login/")

    assert "X-Hallway-Cache" not in response


def test_not_found_is_not_cached(client, conference):
    Client().get("/djangocon-us-2024/talks/nope/")

    response = client.get("/djangocon-us-2024/talks/nope/")

    assert response.status_code == 404
    assert "X-Hallway-Cache" not in response


def test_htmx_requests_are_cached_apart_from_full_pages(client, talk):
    client.get("/djangocon-us-2024/talks/error-culture/")

    response = client.get("/djangocon-us-2024/talks/error-culture/", HTTP_HX_REQUEST="true")

    assert response["X-Hallway-Cache"] == "miss"
    assert "HX-Request" in response["Vary"]


def test_pages_of_a_conference_on_its_own_host_are_cached(client, conference, talk):
    conference.host = "2024.djangocon.example"
    conference.save()
    client.get("/talks/error-culture/", HTTP_HOST="2024.djangocon.example")

    response = Client().get("/talks/error-culture/", HTTP_HOST="2024.djangocon.example")

    assert response["X-Hallway-Cache"] == "hit"


def test_hidden_conference_pages_are_not_cached(client, talk):
    talk.conference.is_public = False
    talk.conference.save()

    response = client.get("/djangocon-us-2024/talks/error-culture/")

    assert response.status_code == 404
    assert "X-Hallway-Cache" not in response


def test_gzip_answer_is_the_page_with_the_visitors_token(talk):
    import gzip

    Client().get("/djangocon-us-2024/talks/error-culture/")
    visitor = Client()

    compressed = visitor.get("/djangocon-us-2024/talks/error-culture/", HTTP_ACCEPT_ENCODING="gzip")
    plain = visitor.get("/djangocon-us-2024/talks/error-culture/")

    assert compressed["Content-Encoding"] == "gzip"
    assert compressed["X-Hallway-Cache"] == "hit"
    page = gzip.decompress(compressed.content)
    token = form_token(page)
    other_token = form_token(plain.content)
    assert page == plain.content.replace(other_token, token)
    assert CSRF_PLACEHOLDER.encode() not in page


@pytest.mark.parametrize("count", [10, 1000])
def test_a_cached_schedule_costs_no_query_at_any_size(
    conference, count, django_assert_num_queries, settings
):
    # With local memory the version is re-read every second; rendering 1,000 sessions the first
    # time may take longer than that on a busy machine.
    settings.HALLWAY_VERSION_CACHE_SECONDS = 60
    import datetime as dt

    from hallway.program.models import Session
    from tests.factories import NEW_YORK, RoomFactory

    rooms = [RoomFactory(conference=conference) for _ in range(50)]
    first = dt.datetime(2024, 9, 23, 9, 0, tzinfo=NEW_YORK)
    # 50 rooms, 20 half-hour slots a day, over the conference's days.
    Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Talk {n}",
            slug=f"talk-{n}",
            room=rooms[n % 50],
            start=first + dt.timedelta(days=n // 1000, minutes=30 * (n // 50 % 20)),
            end=first + dt.timedelta(days=n // 1000, minutes=30 * (n // 50 % 20) + 25),
        )
        for n in range(count)
    )
    conference.bump_version()
    assert Client().get("/djangocon-us-2024/schedule/")["X-Hallway-Cache"] == "miss"

    with django_assert_num_queries(0):
        response = Client().get("/djangocon-us-2024/schedule/")

    assert response["X-Hallway-Cache"] == "hit"


def test_gzip_answer_of_a_page_without_token_is_stored_whole(conference):
    import gzip

    Client().get("/djangocon-us-2024/schedule.json")

    compressed = Client().get("/djangocon-us-2024/schedule.json", HTTP_ACCEPT_ENCODING="gzip")
    plain = Client().get("/djangocon-us-2024/schedule.json")

    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content


def test_a_history_restore_gets_the_whole_page_not_the_stored_swap(conference):
    SessionFactory(conference=conference, title="Error culture")
    swap = Client().get("/djangocon-us-2024/schedule/", HTTP_HX_REQUEST="true")

    restore = Client().get(
        "/djangocon-us-2024/schedule/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    assert swap.content.count(b"<html") == 0
    assert restore["X-Hallway-Cache"] == "miss"
    assert restore.content.count(b"<html") == 1


def test_htmx_header_values_no_view_reads_share_the_stored_answer(conference):
    SessionFactory(conference=conference, title="Error culture")
    Client().get("/djangocon-us-2024/schedule/", HTTP_HX_REQUEST="true")

    other_target = Client().get(
        "/djangocon-us-2024/schedule/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="anything-12345"
    )
    not_htmx = Client().get("/djangocon-us-2024/schedule/", HTTP_HX_REQUEST="junk-12345")
    page = Client().get("/djangocon-us-2024/schedule/")

    assert other_target["X-Hallway-Cache"] == "hit"
    assert not_htmx["X-Hallway-Cache"] == "miss"  # the whole page, stored once for both
    assert page["X-Hallway-Cache"] == "hit"
    assert page.content.count(b"<html") == 1
