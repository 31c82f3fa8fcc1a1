import pytest
from django.contrib.auth.models import Permission

from hallway.conferences.models import Conference
from hallway.lightning.models import LightningTalk
from tests.admin_utils import changelist_url
from tests.companion.factories import UserFactory
from tests.factories import SessionFactory
from tests.lightning.conftest import make_talk


@pytest.mark.parametrize("count", [3, 50])
def test_lightning_changelist_queries_are_constant(
    superuser_client, lightning_session, count, django_assert_num_queries
):
    sessions = [
        lightning_session,
        SessionFactory(conference=lightning_session.conference, kind="lightning"),
    ]
    LightningTalk.objects.bulk_create(
        LightningTalk(
            session=sessions[n % 2],
            speaker=UserFactory(username=f"s{n}"),
            speaker_name="S",
            title=f"T{n}",
            summary="s",
        )
        for n in range(count)
    )

    with django_assert_num_queries(7):
        response = superuser_client.get(changelist_url(LightningTalk))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


def test_accept_action_accepts_and_refreshes_public_pages(superuser_client, lightning_session):
    talks = [make_talk(lightning_session, name, name.title()) for name in ("ana", "bea", "cy")]
    version = Conference.objects.get().version

    response = superuser_client.post(
        changelist_url(LightningTalk),
        {"action": "accept", "_selected_action": [talks[0].pk, talks[1].pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["2 talks are now accepted."]
    assert dict(LightningTalk.objects.values_list("title", "status")) == {
        "Ana": "accepted",
        "Bea": "accepted",
        "Cy": "proposed",
    }
    assert Conference.objects.get().version > version


@pytest.mark.parametrize("role", ["anonymous", "attendee", "staff-without-permission"])
def test_sign_ups_in_the_admin_need_the_permission(client, lightning_session, role):
    make_talk(lightning_session, "ana", "Secret plan")
    if role != "anonymous":
        client.force_login(UserFactory(username=role, is_staff=role.startswith("staff")))

    response = client.get(changelist_url(LightningTalk))

    assert response.status_code == (403 if role.startswith("staff") else 302)
    assert b"Secret plan" not in response.content


def test_staff_with_the_permission_orders_talks(client, lightning_session):
    talk = make_talk(lightning_session, "ana", "Ordered")
    user = UserFactory(username="mc", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_lightningtalk", "change_lightningtalk"])
    )
    client.force_login(user)

    response = client.get(changelist_url(LightningTalk))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [talk]
