import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from hallway.events.models import Event, Rsvp
from tests.admin_utils import changelist_url
from tests.companion.factories import UserFactory
from tests.events.factories import EventFactory, RsvpFactory
from tests.factories import PlaceFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def answered(conference):
    event = EventFactory(conference=conference, title="Brewery social", capacity=1)
    RsvpFactory(event=event, user=UserFactory(username="ada", email="ada@example.com"))
    RsvpFactory(
        event=event, user=UserFactory(username="bob", email="bob@example.com"), status="waiting"
    )
    return event


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize(("model", "queries"), [(Event, 7), (Rsvp, 8)], ids=["event", "rsvp"])
def test_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, model, queries, rows
):
    place = PlaceFactory(conference=conference)
    for _ in range(rows):
        event = EventFactory(conference=conference, place=place)
        if model is Rsvp:
            RsvpFactory(event=event)
    superuser_client.get(changelist_url(model))

    with django_assert_num_queries(queries):
        response = superuser_client.get(changelist_url(model))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("model", [Event, Rsvp], ids=lambda m: m._meta.model_name)
def test_staff_without_permission_gets_403(staff_client, answered, model):
    assert staff_client.get(changelist_url(model)).status_code == 403


def test_event_page_shows_who_answered_only_with_the_rsvp_permission(client, answered):
    user = UserFactory(username="planner", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(user)

    without = client.get(change_url(answered)).content.decode()

    user.user_permissions.add(Permission.objects.get(codename="view_rsvp"))
    client.force_login(type(user).objects.get(pk=user.pk))
    with_permission = client.get(change_url(answered)).content.decode()

    assert "ada@example.com" not in without
    assert "bob@example.com" not in without
    assert texts(parse(with_permission), "//td[@class='field-email']") == [
        "ada@example.com",
        "bob@example.com",
    ]


def form_data(event, **changes) -> dict:
    data = {
        "conference": event.conference_id,
        "title": event.title,
        "slug": event.slug,
        "host": event.host,
        "description": "",
        "is_published": "on",
        "starts_at_0": "2024-09-23",
        "starts_at_1": "19:00",
        "ends_at_0": "2024-09-23",
        "ends_at_1": "22:00",
        "place": "",
        "address": event.address,
        "capacity": event.capacity,
        "sponsor": "",
        "rsvps-TOTAL_FORMS": 2,
        "rsvps-INITIAL_FORMS": 2,
    }
    for n, rsvp in enumerate(event.rsvps.order_by("status", "created_at", "pk")):
        data[f"rsvps-{n}-id"] = rsvp.pk
        data[f"rsvps-{n}-event"] = event.pk
    data.update(changes)
    return data


def test_a_larger_capacity_moves_the_waiting_list_up(
    superuser_client, answered, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(change_url(answered), form_data(answered, capacity=2))

    assert response.status_code == 302
    assert sorted(answered.rsvps.values_list("user__username", "status")) == [
        ("ada", "confirmed"),
        ("bob", "confirmed"),
    ]


def test_an_event_needs_a_place_or_an_address(superuser_client, answered):
    response = superuser_client.post(change_url(answered), form_data(answered, address=""))

    assert response.context["adminform"].form.errors == {
        "address": ["Choose a place from the local guide or give an address."]
    }


def test_a_place_of_another_conference_is_refused(superuser_client, answered):
    elsewhere = PlaceFactory()

    response = superuser_client.post(change_url(answered), form_data(answered, place=elsewhere.pk))

    assert response.context["adminform"].form.errors == {
        "place": ["This belongs to another conference."]
    }
