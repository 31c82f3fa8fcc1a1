import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from hallway.volunteers.models import Role, Shift, Signup
from tests.admin_utils import changelist_url
from tests.companion.factories import UserFactory
from tests.html import parse, texts
from tests.volunteers.factories import RoleFactory, ShiftFactory, SignupFactory

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


@pytest.fixture
def signups(conference):
    role = RoleFactory(conference=conference, name="Registration desk")
    shift = ShiftFactory(role=role)
    SignupFactory(shift=shift, user=UserFactory(username="ada", email="ada@example.com"))
    return shift


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize(
    ("model", "queries"), [(Role, 5), (Shift, 8), (Signup, 8)], ids=["role", "shift", "signup"]
)
def test_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, model, queries, rows
):
    roles = [RoleFactory(conference=conference) for _ in range(3)]
    for n in range(rows):
        shift = ShiftFactory(role=roles[n % 3])
        if model is Signup:
            SignupFactory(shift=shift)
    superuser_client.get(changelist_url(model))

    with django_assert_num_queries(queries):
        response = superuser_client.get(changelist_url(model))

    expected = 3 if model is Role else rows
    assert response.context["cl"].result_count == expected


@pytest.mark.parametrize("model", [Role, Shift, Signup], ids=lambda m: m._meta.model_name)
def test_staff_without_permission_gets_403(staff_client, signups, model):
    assert staff_client.get(changelist_url(model)).status_code == 403


def test_shift_page_shows_volunteers_only_with_the_sign_up_permission(client, signups):
    """A shift organizer who may edit shifts but not see volunteers gets no names or
    e-mail addresses; with ``view_signup`` they get both."""
    user = UserFactory(username="planner", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_shift"))
    client.force_login(user)

    without = client.get(change_url(signups)).content.decode()

    user.user_permissions.add(Permission.objects.get(codename="view_signup"))
    user = type(user).objects.get(pk=user.pk)  # drop the permission cache
    client.force_login(user)
    with_permission = client.get(change_url(signups)).content.decode()

    assert "ada@example.com" not in without
    assert texts(parse(with_permission), "//td[@class='field-email']") == ["ada@example.com"]


def test_shift_with_a_session_of_another_conference_is_refused(superuser_client, signups):
    from tests.factories import SessionFactory

    elsewhere = SessionFactory()
    data = {
        "role": signups.role.pk,
        "starts_at_0": "2024-09-23",
        "starts_at_1": "08:00",
        "ends_at_0": "2024-09-23",
        "ends_at_1": "09:00",
        "capacity": 2,
        "location": "",
        "session": elsewhere.pk,
        "notes": "",
        "signups-TOTAL_FORMS": 0,
        "signups-INITIAL_FORMS": 0,
    }

    response = superuser_client.post(change_url(signups), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "session": ["This session belongs to another conference."]
    }
