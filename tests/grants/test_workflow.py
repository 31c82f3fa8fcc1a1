from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from hallway.conferences.urls_helpers import conference_reverse
from hallway.grants import services
from hallway.grants.models import GrantApplication, GrantReview
from tests.features import run_worker
from tests.grants.factories import GrantApplicationFactory, GrantReviewFactory
from tests.html import outer, parse, text, texts

pytestmark = pytest.mark.django_db

FORM = {
    "covers_ticket": "on",
    "covers_travel": "on",
    "travelling_from": "Lagos, Nigeria",
    "amount_requested": "1200",
    "reason": "I organize Django Girls Lagos and would bring back what I learn.",
}


def apply_url(conference):
    return conference_reverse(conference, "grants:apply")


def review_url(application):
    return conference_reverse(application.conference, "grants:review-detail", pk=application.pk)


def test_apply_review_decide_and_tell(
    client,
    conference,
    feature,
    applicant,
    reviewer,
    second_reviewer,
    decider,
    django_capture_on_commit_callbacks,
):
    client.force_login(applicant)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(apply_url(conference), FORM).status_code == 302
    run_worker()
    application = GrantApplication.objects.get(user=applicant)
    assert (application.covers, application.amount_requested) == (
        ["ticket", "travel"],
        Decimal("1200.00"),
    )
    assert [m.subject for m in mail.outbox] == [
        "Your opportunity grant application for DjangoCon US 2024"
    ]

    client.force_login(reviewer)
    client.post(review_url(application), {"score": "5", "comment": "Strong community impact."})
    client.force_login(second_reviewer)
    client.post(review_url(application), {"score": "3", "comment": ""})
    assert sorted(GrantReview.objects.values_list("score", flat=True)) == [3, 5]

    client.force_login(decider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:grants_grantapplication_change", args=[application.pk]),
            {
                "status": "granted",
                "amount_granted": "800",
                "decision_message": "We cover your ticket and part of the flight.",
                "reviews-TOTAL_FORMS": "2",
                "reviews-INITIAL_FORMS": "2",
                "reviews-MIN_NUM_FORMS": "0",
                "reviews-MAX_NUM_FORMS": "1000",
                "reviews-0-id": str(GrantReview.objects.order_by("pk")[0].pk),
                "reviews-0-application": str(application.pk),
                "reviews-1-id": str(GrantReview.objects.order_by("pk")[1].pk),
                "reviews-1-application": str(application.pk),
            },
        )
    assert response.status_code == 302, response.context["adminform"].form.errors
    run_worker()

    application.refresh_from_db()
    assert (application.status, application.amount_granted) == ("granted", Decimal("800.00"))
    assert application.decided_by == decider
    decision = mail.outbox[-1]
    assert decision.subject == "Your opportunity grant for DjangoCon US 2024: the decision"
    assert decision.to == ["amara@example.com"]
    assert "you are granted 800.00 USD" in decision.body
    assert "We cover your ticket and part of the flight." in decision.body

    client.force_login(applicant)
    page = parse(client.get(apply_url(conference)))
    assert texts(page, "//section[@aria-labelledby='status-heading']/*") == [
        "Your application: Granted",
        "You are granted 800.00 USD.",
        "We cover your ticket and part of the flight.",
        "You asked for 1200.00 USD (ticket, travel).",
    ]


def test_reviewer_sees_others_scores_only_after_scoring(
    client, conference, feature, reviewer, second_reviewer
):
    application = GrantApplicationFactory(conference=conference)
    GrantReviewFactory(application=application, reviewer=second_reviewer, score=2, comment="Meh")
    client.force_login(reviewer)

    before = client.get(review_url(application))
    listing_before = client.get(conference_reverse(conference, "grants:review-list"))
    client.post(review_url(application), {"score": "4", "comment": ""})
    after = client.get(review_url(application))
    listing_after = client.get(conference_reverse(conference, "grants:review-list"))

    assert before.context["others"] == []
    assert "rev2" not in before.content.decode()
    assert texts(parse(before), "//main/p[@class='help']") == [
        "The other reviewers' scores show once you have scored."
    ]
    assert [r.score for r in after.context["others"]] == [2]
    assert outer(parse(after), "//ul[@class='item-list']/li/p[1]") == (
        "<p><strong>rev2</strong>: 2/5</p>"
    )
    assert texts(parse(after), "//ul[@class='item-list']/li/p[2]") == ["Meh"]
    assert texts(parse(listing_before), "//tbody/tr/td[6]") == ["after you score"]
    assert "3.0 (2)" not in listing_before.content.decode()
    assert texts(parse(listing_after), "//tbody/tr/td[6]") == ["3.0 (2)"]


def test_reviewers_do_not_review_their_own_application(client, conference, feature, reviewer):
    own = GrantApplicationFactory(conference=conference, user=reviewer)
    client.force_login(reviewer)

    assert client.get(review_url(own)).status_code == 404
    listing = client.get(conference_reverse(conference, "grants:review-list"))
    assert list(listing.context["applications"]) == []


def test_declined_application_is_shown_and_frozen(
    client, conference, feature, applicant, decider, django_capture_on_commit_callbacks
):
    application = GrantApplicationFactory(conference=conference, user=applicant)
    client.force_login(decider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:grants_grantapplication_change", args=[application.pk]),
            {
                "status": "declined",
                "amount_granted": "",
                "decision_message": "",
                "reviews-TOTAL_FORMS": "0",
                "reviews-INITIAL_FORMS": "0",
                "reviews-MIN_NUM_FORMS": "0",
                "reviews-MAX_NUM_FORMS": "1000",
            },
        )
    run_worker()
    assert "we cannot offer you a grant" in mail.outbox[-1].body

    client.force_login(applicant)
    client.post(apply_url(conference), {**FORM, "amount_requested": "5000"})

    application.refresh_from_db()
    assert (application.status, application.amount_requested) == ("declined", Decimal("1200.00"))
    assert text(parse(client.get(apply_url(conference))), "//h2[@id='status-heading']") == (
        "Your application: Declined"
    )


def test_grants_footer_link_only_while_the_feature_is_on(client, conference, feature):
    link = b'href="/djangocon-us-2024/grants/"'
    assert client.get("/djangocon-us-2024/").content.count(link) == 1

    feature.is_enabled = False
    feature.save()

    assert client.get("/djangocon-us-2024/").content.count(link) == 0


def test_e_mails_follow_the_applicants_page_and_decisions_the_conferences_language(
    client, conference, feature, applicant, decider, django_capture_on_commit_callbacks
):
    conference.language = "es"
    conference.save()
    client.force_login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the applicant reads English
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(conference), FORM)
    application = GrantApplication.objects.get(user=applicant)
    with django_capture_on_commit_callbacks(execute=True):
        # From the admin, whose organizer reads English: the applicant gets the conference's.
        services.decide(application, status="declined", by=decider, page_url="https://x/")
    run_worker()

    assert [m.subject for m in mail.outbox] == [
        "Your opportunity grant application for DjangoCon US 2024",
        "Tu beca de oportunidad para DjangoCon US 2024: la decisión",
    ]
    assert "Lo sentimos: este año no podemos ofrecerte una beca" in mail.outbox[1].body
