"""40 attendees RSVP at the same moment for 10 places: exactly 10 get one, 30 wait.

Runs on both databases of CI: PostgreSQL (its pass sets DATABASE_URL) locks the event's row
with SELECT … FOR UPDATE; SQLite serialises the writers with IMMEDIATE transactions.
"""

import pytest
from django.contrib.auth import get_user_model

from hallway.events import services
from hallway.events.models import Rsvp
from tests.concurrency import at_once
from tests.events.factories import EventFactory


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_rsvps_for_ten_places():
    event = EventFactory(capacity=10)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"rush{n}", email=f"rush{n}@example.com") for n in range(40)
    )

    results = at_once(services.rsvp, [(user, event) for user in users])

    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = list(Rsvp.objects.filter(event=event).values_list("status", flat=True))
    assert (statuses.count("confirmed"), statuses.count("waiting")) == (10, 30)
    # The waiting list is in order of arrival: whoever was confirmed answered first.
    ordered = list(Rsvp.objects.filter(event=event).order_by("created_at", "pk"))
    assert [r.status for r in ordered] == ["confirmed"] * 10 + ["waiting"] * 30
