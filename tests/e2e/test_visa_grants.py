"""In the browser, without JavaScript: an attendee requests a visa letter and applies for a
grant."""

import pytest

from hallway.grants.models import GrantApplication
from hallway.visas.models import VisaRequest
from tests.companion.factories import UserFactory
from tests.e2e.test_feature_pages_a11y import sign_in, url
from tests.factories import ConferenceFactory
from tests.features import switch_on


@pytest.fixture
def conference(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    switch_on(conference, "visa-letter")
    switch_on(conference, "grants")
    return conference


def test_request_a_letter_and_apply_for_a_grant(page_without_js, live_server, conference):
    page = page_without_js
    sign_in(page, live_server, UserFactory(username="chidi"))

    page.goto(live_server.url + url(conference, "visas:request"))
    page.get_by_label("Full name as in the passport").fill("Chidi Okafor")
    page.get_by_label("Nationality").fill("Nigerian")
    page.get_by_label("Passport number").fill("A12345678")
    page.get_by_label("Date of birth").fill("1990-04-02")
    page.get_by_label("Arrival").fill("2024-09-21")
    page.get_by_label("Departure").fill("2024-09-28")
    page.get_by_label("Speaker").check()
    page.get_by_role("button", name="Request a letter").click()

    assert page.get_by_role("heading", level=2).first.inner_text() == (
        "Your request: Submitted, waiting for review"
    )
    assert VisaRequest.objects.get().passport_number == "A12345678"

    page.goto(live_server.url + url(conference, "grants:apply"))
    page.get_by_label("The grant should cover my ticket").check()
    page.get_by_label("Amount asked (USD)").fill("750")
    page.get_by_label("Why you are asking").fill("I run the local Django meetup.")
    page.get_by_role("button", name="Apply").click()

    assert page.get_by_role("heading", level=2).first.inner_text() == (
        "Your application: Submitted, under review"
    )
    assert str(GrantApplication.objects.get().amount_requested) == "750.00"
