"""40 attendees sign up at the same moment for a shift of 10 places: exactly 10 are signed
up, the other 30 wait, in order of arrival.

Runs on both databases of CI: PostgreSQL (its pass sets DATABASE_URL) locks the shift's row
with SELECT … FOR UPDATE; SQLite serialises the writers with IMMEDIATE transactions.
"""

import pytest
from django.contrib.auth import get_user_model

from hallway.volunteers import services
from hallway.volunteers.models import Signup
from tests.concurrency import at_once
from tests.volunteers.factories import ShiftFactory


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_sign_ups_for_ten_places():
    shift = ShiftFactory(capacity=10)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"rush{n}", email=f"rush{n}@example.com") for n in range(40)
    )

    results = at_once(services.sign_up, [(user, shift) for user in users])

    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = list(Signup.objects.filter(shift=shift).values_list("status", flat=True))
    assert (statuses.count("confirmed"), statuses.count("waiting")) == (10, 30)
    # The waiting list is in order of arrival: whoever was confirmed signed up first.
    ordered = list(Signup.objects.filter(shift=shift).order_by("created_at", "pk"))
    assert [s.status for s in ordered] == ["confirmed"] * 10 + ["waiting"] * 30
