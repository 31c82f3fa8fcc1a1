"""The speakers' admin pages: constant queries, and the access list's own send action."""

import pytest
from django.core import mail

from hallway.speakers.models import SessionLink, SpeakerAccess
from tests.admin_utils import changelist_url
from tests.companion.factories import UserFactory
from tests.factories import PresenterFactory, SessionFactory
from tests.speakers.conftest import run_tasks


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_access_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, rows
):
    for n in range(rows):
        SpeakerAccess.objects.create(
            presenter=PresenterFactory(conference=conference),
            email=f"p{n}@example.org",
            user=UserFactory(),
        )

    with django_assert_num_queries(6):
        response = superuser_client.get(changelist_url(SpeakerAccess))

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [3, 30])
def test_session_link_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, rows
):
    sessions = SessionFactory.create_batch(rows, conference=conference)
    SessionLink.objects.bulk_create(
        SessionLink(session=session, title="Code", url="https://code.example")
        for session in sessions
    )

    with django_assert_num_queries(6):
        response = superuser_client.get(changelist_url(SessionLink))

    assert response.status_code == 200


@pytest.mark.django_db
def test_access_list_sends_links(superuser_client, ada_access, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        superuser_client.post(
            changelist_url(SpeakerAccess),
            {"action": "send_links", "_selected_action": [ada_access.pk]},
        )
    run_tasks()

    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    ada_access.refresh_from_db()
    assert ada_access.sent_at is not None


@pytest.mark.django_db
def test_staff_without_permission_cannot_send_links(staff_client, ada_access):
    response = staff_client.post(
        changelist_url(SpeakerAccess),
        {"action": "send_links", "_selected_action": [ada_access.pk]},
    )

    assert response.status_code == 403
    ada_access.refresh_from_db()
    assert ada_access.sent_at is None
