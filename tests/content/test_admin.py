import datetime as dt

import pytest

from hallway.content.models import Page, Place, Post, Sponsor, SponsorLevel
from tests.admin_utils import (
    add_url,
    bulk,
    changelist_url,
)
from tests.factories import (
    ConferenceFactory,
    PageFactory,
    PlaceFactory,
    PostFactory,
    SponsorFactory,
    SponsorLevelFactory,
)

pytestmark = pytest.mark.django_db

CASES = {
    SponsorLevel: (SponsorLevelFactory, 6),
    Post: (PostFactory, 9),
    Place: (PlaceFactory, 6),
    Page: (PageFactory, 6),
}


@pytest.mark.parametrize("rows", [10, 100])
@pytest.mark.parametrize("model", list(CASES), ids=lambda m: m._meta.model_name)
def test_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, model, rows
):
    factory, queries = CASES[model]
    bulk(factory, rows, conference=conference)

    with django_assert_num_queries(queries):
        response = superuser_client.get(changelist_url(model))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [10, 100])
def test_sponsor_changelist_queries_are_constant(
    superuser_client, conference, django_assert_num_queries, rows
):
    levels = [SponsorLevelFactory(conference=conference) for _ in range(3)]
    for n, level in enumerate(levels):
        bulk(SponsorFactory, rows // 3 + (n < rows % 3), conference=conference, level=level)

    with django_assert_num_queries(7):
        response = superuser_client.get(changelist_url(Sponsor))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("model", [Sponsor, *CASES], ids=lambda m: m._meta.model_name)
def test_staff_without_permission_gets_403(staff_client, model):
    assert staff_client.get(changelist_url(model)).status_code == 403


def test_sponsor_levels_are_listed_in_their_order(superuser_client, conference):
    gold = SponsorLevelFactory(conference=conference, name="Gold", position=2)
    diamond = SponsorLevelFactory(conference=conference, name="Diamond", position=1)

    response = superuser_client.get(changelist_url(SponsorLevel))

    assert list(response.context["cl"].result_list) == [diamond, gold]


def test_post_form_prepopulates_the_slug_from_the_title(superuser_client):
    response = superuser_client.get(add_url(Post))

    field = response.context["adminform"].form.fields
    assert "slug" in field
    assert response.context["prepopulated_fields"][0]["dependencies"][0].name == "title"


def test_post_admin_can_publish_a_post(superuser_client, conference):
    response = superuser_client.post(
        add_url(Post),
        {
            "conference": conference.pk,
            "title": "Tickets on sale",
            "slug": "tickets-on-sale",
            "published_at_0": "2024-03-01",
            "published_at_1": "10:00:00",
            "body": "Hurry.",
        },
    )

    assert response.status_code == 302
    post = Post.objects.get(slug="tickets-on-sale")
    # 10:00 in the conference's time zone (New York, UTC-5 in March)
    assert post.published_at == dt.datetime(2024, 3, 1, 15, 0, tzinfo=dt.UTC)


def test_sponsor_form_refuses_a_level_of_another_conference(superuser_client, conference):
    other_level = SponsorLevelFactory(conference=ConferenceFactory(slug="elsewhere"))

    response = superuser_client.post(
        add_url(Sponsor),
        {
            "conference": conference.pk,
            "level": other_level.pk,
            "name": "REVSYS",
            "slug": "revsys",
            "logo_orientation": "landscape",
        },
    )

    assert response.context["adminform"].form.errors == {
        "level": ["This level belongs to another conference."]
    }
