import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from hallway.conferences.urls_helpers import conference_reverse
from hallway.visas import services
from hallway.visas.models import VisaRequest
from hallway.visas.tasks import erase_visa_data
from tests.companion.factories import UserFactory
from tests.factories import ConferenceFactory
from tests.features import run_worker
from tests.html import parse, texts
from tests.visas.factories import VisaRequestFactory

pytestmark = pytest.mark.django_db

ERASED = {
    "passport_name": "",
    "nationality": "",
    "passport_number": "",
    "birth_date": None,
    "arrival_date": None,
    "departure_date": None,
    "registration_reference": "",
    "requester_note": "",
}


def passport_data(visa_request) -> dict:
    return {name: getattr(visa_request, name) for name in ERASED}


@pytest.fixture
def decided(conference):
    """An approved request of a conference that ended on 27 September 2024."""
    reviewer = UserFactory(username="reviewer")
    return VisaRequestFactory(
        conference=conference,
        status=VisaRequest.Status.APPROVED,
        decided_at=dt.datetime(2024, 8, 1, tzinfo=dt.UTC),
        decided_by=reviewer,
        organizer_message="Welcome!",
        requester_note="I speak on day two.",
    )


def test_erasure_removes_passport_data_and_keeps_the_decision(decided, settings):
    settings.HALLWAY_VISA_RETENTION_DAYS = 30

    count = services.erase_expired(today=dt.date(2024, 10, 28))

    assert count == 1
    decided.refresh_from_db()
    assert passport_data(decided) == ERASED
    assert decided.erased_at is not None
    assert (decided.status, decided.organizer_message) == ("approved", "Welcome!")
    assert decided.decided_at == dt.datetime(2024, 8, 1, tzinfo=dt.UTC)
    assert decided.decided_by.username == "reviewer"
    assert decided.user.username.startswith("attendee")


def test_erasure_waits_for_the_retention_days(decided, settings):
    settings.HALLWAY_VISA_RETENTION_DAYS = 30
    before = passport_data(decided)

    assert services.erase_expired(today=dt.date(2024, 10, 27)) == 0

    decided.refresh_from_db()
    assert passport_data(decided) == before
    assert decided.erased_at is None


def test_erasure_leaves_other_conferences_alone(decided, settings):
    settings.HALLWAY_VISA_RETENTION_DAYS = 0
    later = ConferenceFactory(
        slug="later", starts_on=dt.date(2025, 9, 8), ends_on=dt.date(2025, 9, 12)
    )
    kept = VisaRequestFactory(conference=later)

    assert services.erase_expired(today=dt.date(2025, 1, 1)) == 1

    kept.refresh_from_db()
    assert kept.passport_number != ""
    assert kept.erased_at is None


def test_erase_task_runs_in_the_worker(decided, settings, django_capture_on_commit_callbacks):
    settings.HALLWAY_VISA_RETENTION_DAYS = 30  # the conference ended in 2024: long past

    with django_capture_on_commit_callbacks(execute=True):
        result = erase_visa_data.enqueue()
    run_worker()

    decided.refresh_from_db()
    assert passport_data(decided) == ERASED
    assert erase_visa_data.get_backend().get_result(result.id).return_value == 1


def test_command_dry_run_then_erase(decided, settings):
    settings.HALLWAY_VISA_RETENTION_DAYS = 30
    out = io.StringIO()

    call_command("erase_visa_data", "--dry-run", stdout=out)
    decided.refresh_from_db()
    assert decided.erased_at is None
    call_command("erase_visa_data", stdout=out)

    decided.refresh_from_db()
    assert decided.erased_at is not None
    assert out.getvalue().splitlines() == [
        "1 request(s) would be erased: passport data kept 30 days after the conference.",
        "1 request(s) erased: passport data kept 30 days after the conference.",
    ]


def test_command_can_enqueue_the_task(decided, settings):
    settings.HALLWAY_VISA_RETENTION_DAYS = 30
    out = io.StringIO()

    call_command("erase_visa_data", "--enqueue", stdout=out)
    run_worker()

    assert out.getvalue().startswith("Enqueued erase_visa_data (")
    decided.refresh_from_db()
    assert decided.erased_at is not None


def test_erased_request_has_no_letter_and_says_so(client, decided, feature, visa_settings):
    services.erase_expired(today=timezone.localdate() + dt.timedelta(days=10_000))
    client.force_login(decided.user)

    page = client.get(conference_reverse(decided.conference, "visas:request"))

    assert texts(parse(page), "//section[@aria-labelledby='status-heading']/p[last()]") == [
        "Your passport data was erased after the conference, as promised."
    ]
    assert client.get(conference_reverse(decided.conference, "visas:letter")).status_code == 404
