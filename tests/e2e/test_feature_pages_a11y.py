"""axe-core scans of the visa letter and opportunity grant pages, at phone and desktop size."""

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client

from hallway.conferences.urls_helpers import conference_reverse
from tests.companion.factories import UserFactory
from tests.e2e.test_accessibility import AXE, violations_on
from tests.factories import ConferenceFactory
from tests.features import grant, switch_on
from tests.grants.factories import GrantApplicationFactory, GrantReviewFactory
from tests.visas.factories import VisaRequestFactory, VisaSettingsFactory


@pytest.fixture
def conference(transactional_db):
    conference = ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")
    switch_on(conference, "visa-letter")
    switch_on(conference, "grants")
    VisaSettingsFactory(conference=conference)
    return conference


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def url(conference, name, **kwargs):
    return conference_reverse(conference, name, **kwargs)


def test_public_feature_pages(page, live_server, conference):
    paths = {
        "visa letter": url(conference, "visas:request"),
        "grants": url(conference, "grants:apply"),
    }

    assert violations_on(page, live_server.url, paths) == {}


def test_empty_forms_with_errors(page, live_server, conference):
    sign_in(page, live_server, UserFactory(username="newcomer"))

    assert (
        violations_on(
            page,
            live_server.url,
            {
                "visa form": url(conference, "visas:request"),
                "grant form": url(conference, "grants:apply"),
            },
        )
        == {}
    )
    # The same forms after a submission with every field missing: errors are announced.
    for path in (url(conference, "visas:request"), url(conference, "grants:apply")):
        page.goto(live_server.url + path)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".field-errors").count() >= 2
        assert [v["id"] for v in AXE.run(page).response["violations"]] == []


def test_requester_and_reviewer_pages(page, live_server, conference):
    user = UserFactory(username="chidi")
    VisaRequestFactory(
        conference=conference,
        user=user,
        status="approved",
        organizer_message="See you there!",
        decided_at=dt.datetime(2024, 8, 1, tzinfo=dt.UTC),
    )
    GrantApplicationFactory(conference=conference, user=user)
    reviewer = grant(UserFactory(username="rev"), "grants.review_grantapplication")
    other = GrantApplicationFactory(conference=conference)
    GrantReviewFactory(application=other, reviewer=reviewer, comment="Good.")
    GrantReviewFactory(application=other, score=2)

    sign_in(page, live_server, user)
    found = violations_on(
        page,
        live_server.url,
        {
            "visa status": url(conference, "visas:request"),
            "grant status": url(conference, "grants:apply"),
        },
    )
    page.context.clear_cookies()
    sign_in(page, live_server, reviewer)
    found |= violations_on(
        page,
        live_server.url,
        {
            "review list": url(conference, "grants:review-list"),
            "review detail": url(conference, "grants:review-detail", pk=other.pk),
        },
    )

    assert found == {}
