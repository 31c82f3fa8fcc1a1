"""The pages a conference needs (code of conduct, venue, travel and visas, childcare, FAQ):
created from templates in the admin, and listed in the menus organizers choose."""

import pytest
from django.urls import reverse

from hallway.conferences.models import Conference
from hallway.content.models import Page
from tests.factories import PageFactory
from tests.html import parse, select, text

pytestmark = pytest.mark.django_db

STANDARD = reverse("admin:content_page_standard")


def test_standard_pages_are_created_from_templates_and_listed_in_the_footer(
    superuser_client, client, conference
):
    PageFactory(conference=conference, title="Our conduct", slug="conduct", in_navigation=True)

    response = superuser_client.post(
        STANDARD,
        {"conference": conference.pk, "kinds": ["conduct", "venue", "travel", "childcare", "faq"]},
    )

    assert response.status_code == 302
    # The imported code of conduct (at /conduct/) counts: no second one.
    assert list(conference.pages.order_by("position").values_list("slug", "in_navigation")) == [
        ("conduct", True),
        ("venue", True),
        ("travel-and-visas", True),
        ("childcare", True),
        ("faq", True),
    ]
    venue = conference.pages.get(slug="venue")
    assert venue.body.splitlines()[0] == (
        f"{conference.name} takes place at **[the venue]**, Durham, NC."
    )
    footer = parse(client.get("/djangocon-us-2024/childcare/"))
    assert [(text(a), a.get("aria-current")) for a in select(footer, ".footer-links a")] == [
        ("Organizers", None),
        ("Our conduct", None),
        ("Venue", None),
        ("Travel and visas", None),
        ("Childcare", "page"),
        ("FAQ", None),
        ("Style guide", None),
    ]


def test_standard_pages_twice_creates_nothing_more(superuser_client, conference):
    data = {"conference": conference.pk, "kinds": ["faq"]}
    superuser_client.post(STANDARD, data)

    response = superuser_client.post(STANDARD, data, follow=True)

    assert conference.pages.count() == 1
    assert [str(m) for m in response.context["messages"]][-1] == (
        f"{conference.name} already has those pages."
    )


def test_standard_pages_form_names_the_missing_field(superuser_client, conference):
    response = superuser_client.post(STANDARD, {"conference": conference.pk})

    assert response.context["form"].errors == {"kinds": ["This field is required."]}
    assert Page.objects.count() == 0


def test_standard_pages_need_the_add_permission(staff_client, conference):
    response = staff_client.post(STANDARD, {"conference": conference.pk, "kinds": ["faq"]})

    assert response.status_code == 403
    assert Page.objects.count() == 0


def test_page_in_the_main_menu_shows_on_every_page_without_a_query_more(
    client, conference, django_assert_num_queries
):
    PageFactory(conference=conference, title="FAQ", slug="faq", in_header=True)
    PageFactory(
        conference=conference, title="Hidden", slug="hidden", in_header=True, is_hidden=True
    )
    PageFactory(conference=conference, title="Draft", slug="draft")

    # The sponsor page's own queries: the menus read the conference, already fetched.
    with django_assert_num_queries(4):
        page = parse(client.get("/djangocon-us-2024/sponsors/"))

    assert [text(a) for a in select(page, ".site-nav__list a")][-1] == "FAQ"
    assert "Hidden" not in [text(a) for a in select(page, ".site-nav__list a, .footer-links a")]
    assert Conference.objects.get(pk=conference.pk).menu_links == [
        {"menu": "main", "label": "FAQ", "slug": "faq"}
    ]


def test_deleting_a_page_takes_it_out_of_the_menus(client, conference):
    page = PageFactory(conference=conference, title="FAQ", slug="faq", in_navigation=True)

    page.delete()

    assert Conference.objects.get(pk=conference.pk).menu_links == []
