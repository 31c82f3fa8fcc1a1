import pytest
from django.urls import reverse

from hallway.conferences.urls_helpers import conference_reverse
from hallway.grants.models import GrantApplication, GrantReview
from tests.companion.factories import UserFactory
from tests.grants.factories import GrantApplicationFactory
from tests.html import parse, texts

pytestmark = pytest.mark.django_db


def build(conference, count: int, reviewer, other_reviewer):
    users = UserFactory._meta.model.objects.bulk_create(
        [UserFactory.build(username=f"applicant{n}") for n in range(count)]
    )
    applications = GrantApplication.objects.bulk_create(
        [GrantApplicationFactory.build(conference=conference, user=user) for user in users]
    )
    # Half scored by this reviewer, every one by the other.
    reviews = [GrantReview(application=a, reviewer=other_reviewer, score=3) for a in applications]
    reviews += [GrantReview(application=a, reviewer=reviewer, score=5) for a in applications[::2]]
    GrantReview.objects.bulk_create(reviews)


@pytest.mark.parametrize("count", [3, 50])
def test_review_list_queries_are_constant(
    client,
    conference,
    feature,
    reviewer,
    second_reviewer,
    count,
    django_assert_num_queries,
    settings,
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    build(conference, count, reviewer, second_reviewer)
    client.force_login(reviewer)
    url = conference_reverse(conference, "grants:review-list")
    client.get(url)  # the conference's version and feature keys are cached after one page

    # conference, feature, user, permissions (user + group), applications with their counts
    # and averages, this reviewer's reviews
    with django_assert_num_queries(7):
        response = client.get(url)

    rows = list(response.context["applications"])
    assert len(rows) == count
    assert [row.reviewed_by_me for row in rows[:2]] == [True, False][: min(count, 2)]
    assert rows[0].average_score == 4.0
    assert texts(parse(response), "//tbody/tr/td[6]")[0] == "4.0 (2)"


@pytest.mark.parametrize("count", [3, 50])
def test_admin_changelist_queries_are_constant(
    client,
    conference,
    feature,
    decider,
    reviewer,
    second_reviewer,
    count,
    django_assert_num_queries,
    settings,
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    build(conference, count, reviewer, second_reviewer)
    client.force_login(decider)
    url = reverse("admin:grants_grantapplication_changelist")
    client.get(url)

    with django_assert_num_queries(7):
        response = client.get(url)

    assert response.status_code == 200
    assert response.context["cl"].result_count == count
