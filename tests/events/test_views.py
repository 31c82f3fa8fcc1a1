import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hallway.events.models import Event, Rsvp
from tests.companion.factories import UserFactory
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import NEW_YORK, PlaceFactory, SponsorFactory
from tests.html import parse, select, texts
from tests.program.bulk import without_page_cache


def url(conference, name: str, **kwargs) -> str:
    return reverse(f"events:{name}", kwargs={"conference_slug": conference.slug, **kwargs})


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def run_worker() -> None:
    """Run the queued tasks as the demo's worker does (it closes idle database connections,
    so tests that use it run outside a test transaction)."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def social(conference):
    return EventFactory(
        conference=conference,
        title="Brewery social",
        slug="brewery-social",
        capacity=2,
        starts_at=dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK),
        ends_at=dt.datetime(2024, 9, 23, 22, 0, tzinfo=NEW_YORK),
    )


def test_events_are_not_found_while_the_feature_is_off(client, conference, social):
    assert client.get(url(conference, "event-list")).status_code == 404
    assert client.get(url(conference, "event-detail", slug=social.slug)).status_code == 404


def test_list_shows_counts_never_names(client, conference, events_feature, social, attendee):
    RsvpFactory(event=social, user=attendee)
    RsvpFactory(event=social)
    RsvpFactory(event=social, status=Rsvp.Status.WAITING)
    # After the social, whatever the factory's sequence has reached in this worker.
    open_ended = EventFactory(
        conference=conference,
        title="Board games",
        capacity=None,
        starts_at=social.starts_at + dt.timedelta(days=1),
    )
    RsvpFactory(event=open_ended)
    EventFactory(conference=conference, title="Secret planning", is_published=False)

    response = client.get(url(conference, "event-list"))

    page = parse(response)
    assert [text_of(h) for h in select(page, ".event-card__title")] == [
        "Brewery social",
        "Board games",
    ]
    assert [text_of(p) for p in select(page, ".event__places")] == [
        "Full · 1 on the waiting list",
        "1 going · no limit",
    ]
    body = response.content.decode()
    assert "ada" not in body.lower().replace("canada", "")
    assert "Lovelace" not in body
    assert "private" in response["Cache-Control"]


def test_detail_shows_place_from_the_guide_host_and_sponsor(client, conference, events_feature):
    place = PlaceFactory(conference=conference, name="Fullsteam Brewery", address="726 Rigsbee")
    sponsor = SponsorFactory(conference=conference, name="REVSYS", url="https://revsys.com")
    event = EventFactory(
        conference=conference,
        slug="social",
        place=place,
        address="",
        sponsor=sponsor,
        host="The DSF",
        capacity=5,
    )

    page = parse(client.get(url(conference, "event-detail", slug=event.slug)))

    facts = [text_of(dd) for dd in select(page, ".event__facts dd")]
    assert facts[1:] == [
        "Fullsteam Brewery, 726 Rigsbee",
        "The DSF",
        "REVSYS",
        "5 of 5 places left",
    ]
    assert texts(page, "//main//p[a[starts-with(@href, '/accounts/login/')]]") == [
        "Sign in to RSVP."
    ]


def test_rsvp_confirms_while_there_is_room(client, conference, events_feature, social, attendee):
    client.force_login(attendee)

    response = client.post(url(conference, "rsvp", slug=social.slug))

    assert response["Location"] == social.get_absolute_url()
    assert messages_of(response) == ["You have a place. See you there!"]
    assert list(Rsvp.objects.values_list("user__username", "status")) == [("ada", "confirmed")]
    page = parse(client.get(social.get_absolute_url()))
    assert text_of(select(page, ".event__rsvp [role=status]")[0]).startswith("You are going.")


def test_rsvp_joins_the_waiting_list_when_full(
    client, conference, events_feature, social, attendee
):
    RsvpFactory.create_batch(2, event=social)
    RsvpFactory(event=social, status=Rsvp.Status.WAITING)
    client.force_login(attendee)

    response = client.post(url(conference, "rsvp", slug=social.slug))

    assert messages_of(response) == [
        "The event is full: you are on the waiting list. You will get an e-mail if a place "
        "comes free."
    ]
    assert Rsvp.objects.get(user=attendee).status == "waiting"
    page = parse(client.get(social.get_absolute_url()))
    assert text_of(select(page, ".event__rsvp [role=status] strong")[0]) == (
        "You are number 2 on the waiting list."
    )
    assert text_of(select(page, ".event__rsvp button")[0]) == "Leave the waiting list"


def test_rsvp_twice_keeps_the_first_answer(client, conference, events_feature, social, attendee):
    client.force_login(attendee)

    client.post(url(conference, "rsvp", slug=social.slug))
    client.post(url(conference, "rsvp", slug=social.slug))

    assert Rsvp.objects.filter(user=attendee).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_moves_the_waiting_list_up_in_order_and_emails(
    client, conference, events_feature, social, attendee
):
    RsvpFactory(event=social, user=attendee)
    RsvpFactory(event=social)
    first = RsvpFactory(event=social, status="waiting", user=UserFactory(username="first"))
    second = RsvpFactory(event=social, status="waiting", user=UserFactory(username="second"))
    client.force_login(attendee)

    response = client.post(url(conference, "cancel", slug=social.slug))

    assert messages_of(response) == ["Your RSVP is cancelled."]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waiting")
    assert first.promoted_at is not None
    assert mail.outbox == []  # sent by the worker, not in the request

    run_worker()

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["first@example.com"], "You have a place at Brewery social")
    ]
    assert mail.outbox[0].body == (
        "Hello first,\n\n"
        "A place came free at Brewery social and it is yours: you moved up from the waiting "
        "list.\n\n"
        "When: Monday 23 September 2024, 7:00 PM–10:00 PM (America/New_York)\n"
        "Where: 123 Main Street, Durham\n\n"
        "If you cannot come after all, please cancel on the event's page so that the next "
        "person gets your place.\n\n"
        "DjangoCon US 2024\n\n"
    )


@pytest.mark.django_db(transaction=True)
def test_leaving_the_waiting_list_promotes_nobody(
    client, conference, events_feature, social, attendee
):
    RsvpFactory.create_batch(2, event=social)
    RsvpFactory(event=social, user=attendee, status="waiting")
    later = RsvpFactory(event=social, status="waiting")
    client.force_login(attendee)

    client.post(url(conference, "cancel", slug=social.slug))

    later.refresh_from_db()
    assert later.status == "waiting"
    assert later.promoted_at is None
    run_worker()
    assert mail.outbox == []


def test_deleting_an_account_frees_its_place(
    conference, events_feature, social, attendee, django_capture_on_commit_callbacks
):
    RsvpFactory(event=social, user=attendee)
    RsvpFactory(event=social)
    waiting = RsvpFactory(event=social, status="waiting")

    with django_capture_on_commit_callbacks(execute=True):
        attendee.delete()

    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_rsvps_are_refused_outside_the_dates(
    client, conference, events_feature, social, attendee, other_attendee
):
    events_feature.closes_at = timezone.now() - dt.timedelta(minutes=1)
    events_feature.save()
    RsvpFactory(event=social, user=other_attendee)
    client.force_login(attendee)

    response = client.post(url(conference, "rsvp", slug=social.slug))

    assert messages_of(response) == ["RSVPs are closed."]
    assert not Rsvp.objects.filter(user=attendee).exists()
    page = parse(client.get(social.get_absolute_url()))
    assert text_of(select(page, ".event__rsvp .notice")[0]) == "RSVPs are closed."
    assert select(page, ".event__rsvp button") == []
    # Cancelling still works once RSVPs are closed.
    client.force_login(other_attendee)
    client.post(url(conference, "cancel", slug=social.slug))
    assert Rsvp.objects.count() == 0


def test_anonymous_rsvp_goes_to_sign_in(client, conference, events_feature, social):
    response = client.post(url(conference, "rsvp", slug=social.slug))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert Rsvp.objects.count() == 0


def test_unpublished_events_are_not_found(client, conference, events_feature, attendee):
    hidden = EventFactory(conference=conference, slug="hidden", is_published=False)
    client.force_login(attendee)

    assert client.get(url(conference, "event-detail", slug=hidden.slug)).status_code == 404
    assert client.post(url(conference, "rsvp", slug=hidden.slug)).status_code == 404
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize("count", [3, 50])
def test_list_queries_are_constant(
    client, conference, events_feature, attendee, count, django_assert_num_queries, settings
):
    without_page_cache(settings)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    # The public page cache keeps the conference version briefly; keep it for the whole test.
    settings.HALLWAY_VERSION_CACHE_SECONDS = 300
    place = PlaceFactory(conference=conference)
    sponsor = SponsorFactory(conference=conference)
    start = dt.datetime(2024, 9, 23, 19, 0, tzinfo=NEW_YORK)
    events = Event.objects.bulk_create(
        Event(
            conference=conference,
            title=f"Event {n}",
            slug=f"event-{n}",
            starts_at=start + dt.timedelta(hours=n),
            ends_at=start + dt.timedelta(hours=n + 1),
            place=place if n % 2 else None,
            address="" if n % 2 else "Somewhere",
            sponsor=sponsor if n % 3 == 0 else None,
            capacity=1 if n % 4 else None,
        )
        for n in range(count)
    )
    Rsvp.objects.bulk_create(
        Rsvp(event=event, user=attendee, status="confirmed") for event in events[::2]
    )
    client.force_login(attendee)
    client.get(url(conference, "event-list"))

    # user, conference, feature, events (with place, sponsor, counts and my answer)
    with django_assert_num_queries(4):
        response = client.get(url(conference, "event-list"))

    assert len(response.context["events"]) == count
    assert len(select(parse(response), ".event-card .badge")) == len(events[::2])
