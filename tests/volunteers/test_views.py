import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from hallway.volunteers.models import Shift, Signup
from tests.companion.factories import UserFactory
from tests.factories import NEW_YORK, SessionFactory
from tests.html import parse, select, texts
from tests.program.bulk import without_page_cache
from tests.volunteers.factories import RoleFactory, ShiftFactory, SignupFactory


def url(conference, name: str, **kwargs) -> str:
    return reverse(f"volunteers:{name}", kwargs={"conference_slug": conference.slug, **kwargs})


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def desk(conference):
    return RoleFactory(conference=conference, name="Registration desk", slug="registration-desk")


def test_board_is_not_found_while_the_feature_is_off(client, conference, desk):
    ShiftFactory(role=desk)

    response = client.get(url(conference, "board"))

    assert response.status_code == 404


def test_board_shows_shifts_with_places_left_and_full_ones(client, conference, volunteering, desk):
    free = ShiftFactory(role=desk, capacity=2, location="Lobby")
    SignupFactory(shift=free)
    full = ShiftFactory(role=desk, capacity=1)
    SignupFactory(shift=full)

    response = client.get(url(conference, "board"))

    page = parse(response)
    assert response.status_code == 200
    assert text_of(select(page, f"#shift-{free.pk} .shift__places")[0]) == "1 of 2 places left"
    assert text_of(select(page, f"#shift-{full.pk} .shift__places")[0]) == "Full · 1 volunteer"
    # Anonymous visitors are asked to sign in, and get no sign-up button.
    assert select(page, "main form button") == []
    assert texts(page, "//main//p[@class='notice']") == ["Sign in to sign up for a shift."]
    # Live counts: never served from the public page cache.
    assert "private" in response["Cache-Control"]


def test_chair_shift_names_its_session_and_room(client, conference, volunteering):
    session = SessionFactory(conference=conference, title="Error Culture", slug="error-culture")
    chair = RoleFactory(conference=conference, name="Session chair", slug="session-chair")
    shift = ShiftFactory(role=chair, session=session, location="")

    page = parse(client.get(url(conference, "board")))

    card = select(page, f"#shift-{shift.pk}")[0]
    assert texts(card, "./p[a]") == ["Chairing Error Culture"]
    assert text_of(select(card, ".muted")[0]) == session.room.name


def test_attendee_signs_up_and_cancels(client, conference, volunteering, desk, attendee):
    shift = ShiftFactory(role=desk, capacity=2)
    client.force_login(attendee)

    response = client.post(url(conference, "sign-up", pk=shift.pk))

    assert response.status_code == 302
    assert response["Location"] == url(conference, "board") + f"#shift-{shift.pk}"
    assert messages_of(response) == ["You are signed up. Thank you for volunteering!"]
    assert list(Signup.objects.values_list("shift_id", "user__username")) == [(shift.pk, "ada")]
    page = parse(client.get(url(conference, "board")))
    assert text_of(select(page, f"#shift-{shift.pk} .badge")[0]) == "You are signed up"
    assert text_of(select(page, f"#shift-{shift.pk} .shift__places")[0]) == "1 of 2 places left"
    assert len(select(page, ".my-shifts li")) == 1

    response = client.post(url(conference, "cancel", pk=shift.pk))

    assert messages_of(response) == [
        "You are no longer signed up for this shift or its waiting list."
    ]
    assert Signup.objects.count() == 0


def test_signing_up_twice_keeps_one_sign_up(client, conference, volunteering, desk, attendee):
    shift = ShiftFactory(role=desk, capacity=2)
    client.force_login(attendee)

    client.post(url(conference, "sign-up", pk=shift.pk))
    client.post(url(conference, "sign-up", pk=shift.pk))

    assert Signup.objects.filter(shift=shift).count() == 1


def test_a_full_shift_takes_a_waiting_list_that_moves_up(
    client, conference, volunteering, desk, attendee, run_tasks, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=desk, capacity=1)
    first = SignupFactory(shift=shift)
    client.force_login(attendee)

    response = client.post(url(conference, "sign-up", pk=shift.pk))

    assert messages_of(response) == [
        "This shift is full: you are on its waiting list. If a place comes free, it is yours "
        "and we e-mail you."
    ]
    assert Signup.objects.get(user=attendee).status == "waiting"
    page = parse(client.get(url(conference, "board")))
    assert text_of(select(page, f"#shift-{shift.pk} .badge")[0]) == "You are on the waiting list"
    assert text_of(select(page, f"#shift-{shift.pk} .shift__places")[0]) == (
        "Full · 1 volunteer · 1 on the waiting list"
    )

    client.force_login(first.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(conference, "cancel", pk=shift.pk))
    run_tasks()

    assert Signup.objects.get(user=attendee).status == "confirmed"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ada@example.com"], "A volunteer shift is yours: Registration desk")
    ]


def test_an_organizer_adding_places_moves_the_waiting_list_up(
    superuser_client, conference, volunteering, desk, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(role=desk, capacity=1)
    SignupFactory(shift=shift)
    waiting = SignupFactory(shift=shift, status="waiting")
    change = f"/admin/volunteers/shift/{shift.pk}/change/"
    data = {
        "role": desk.pk,
        "starts_at_0": "2024-09-23",
        "starts_at_1": "08:00",
        "ends_at_0": "2024-09-23",
        "ends_at_1": "09:00",
        "capacity": 2,
        "location": "Lobby",
        "notes": "",
        "signups-TOTAL_FORMS": 0,
        "signups-INITIAL_FORMS": 0,
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(change, data)

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_overlapping_shifts_are_refused(client, conference, volunteering, desk, attendee):
    start = dt.datetime(2024, 9, 23, 8, 0, tzinfo=NEW_YORK)
    first = ShiftFactory(role=desk, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    swag = RoleFactory(conference=conference, name="Swag stuffing", slug="swag")
    second = ShiftFactory(
        role=swag, starts_at=start + dt.timedelta(hours=1), ends_at=start + dt.timedelta(hours=3)
    )
    SignupFactory(shift=first, user=attendee)
    client.force_login(attendee)

    response = client.post(url(conference, "sign-up", pk=second.pk))

    assert messages_of(response) == [
        "You already volunteer at that time: Registration desk from 8:00 AM."
    ]
    assert list(Signup.objects.filter(user=attendee).values_list("shift_id", flat=True)) == [
        first.pk
    ]


def test_sign_up_is_refused_outside_the_dates(client, conference, volunteering, desk, attendee):
    volunteering.closes_at = timezone.now() - dt.timedelta(minutes=1)
    volunteering.save()
    shift = ShiftFactory(role=desk)
    SignupFactory(shift=shift, user=attendee)
    other = ShiftFactory(role=desk)
    client.force_login(attendee)

    response = client.post(url(conference, "sign-up", pk=other.pk))

    assert messages_of(response) == ["Volunteer sign-up is closed."]
    assert not Signup.objects.filter(shift=other).exists()
    page = parse(client.get(url(conference, "board")))
    assert text_of(select(page, ".notice")[0]) == "Sign-up is closed."
    assert [b.text_content().split()[0] for b in select(page, "main form button")] == ["Cancel"]
    # Withdrawing still works after the call closed.
    client.post(url(conference, "cancel", pk=shift.pk))
    assert not Signup.objects.filter(user=attendee).exists()


def test_board_says_when_sign_up_opens(client, conference, volunteering, desk, attendee):
    volunteering.opens_at = dt.datetime(2099, 1, 5, 9, 0, tzinfo=NEW_YORK)
    volunteering.save()
    ShiftFactory(role=desk)
    client.force_login(attendee)

    page = parse(client.get(url(conference, "board")))

    assert text_of(select(page, ".notice")[0]) == "Sign-up opens Monday 5 January 2099, 9:00 AM."
    assert select(page, "main form button") == []


def test_anonymous_sign_up_goes_to_sign_in(client, conference, volunteering, desk):
    shift = ShiftFactory(role=desk)

    response = client.post(url(conference, "sign-up", pk=shift.pk))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert Signup.objects.count() == 0


def test_shift_of_another_conference_is_not_found(client, conference, volunteering, attendee):
    elsewhere = ShiftFactory()
    client.force_login(attendee)

    response = client.post(url(conference, "sign-up", pk=elsewhere.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [3, 50])
def test_board_queries_are_constant(
    client, conference, volunteering, attendee, count, django_assert_num_queries, settings
):
    without_page_cache(settings)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    # The public page cache keeps the conference version briefly; keep it for the whole test.
    settings.HALLWAY_VERSION_CACHE_SECONDS = 300
    roles = [
        RoleFactory(conference=conference, name=f"Role {n}", slug=f"role-{n}") for n in range(3)
    ]
    start = dt.datetime(2024, 9, 23, 8, 0, tzinfo=NEW_YORK)
    session = SessionFactory(conference=conference)
    Shift.objects.bulk_create(
        Shift(
            role=roles[n % 3],
            starts_at=start + dt.timedelta(hours=n),
            ends_at=start + dt.timedelta(hours=n + 1),
            capacity=3,
            session=session if n % 5 == 0 else None,
        )
        for n in range(count)
    )
    Signup.objects.bulk_create(
        Signup(shift=shift, user=UserFactory(username=f"volunteer{shift.pk}"))
        for shift in Shift.objects.all()[:count:2]
    )
    SignupFactory(shift=Shift.objects.first(), user=attendee)
    client.force_login(attendee)
    client.get(url(conference, "board"))

    # user, conference, feature, roles, shifts (with counts, mine, session and room)
    with django_assert_num_queries(5):
        response = client.get(url(conference, "board"))

    assert sum(len(role.board_shifts) for role in response.context["roles"]) == count
