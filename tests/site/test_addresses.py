"""Feature pages at /<conference>/<segment>/ give way to an imported page at that address."""

import pytest

from hallway.conferences.models import Feature
from hallway.conferences.urls_helpers import conference_reverse
from hallway.sprints.models import SprintProject, SprintSignup
from tests.companion.factories import UserFactory
from tests.factories import PageFactory
from tests.html import outer, parse


@pytest.fixture
def sprints_feature(conference):
    return Feature.objects.create(conference=conference, key="sprints", is_enabled=True)


@pytest.fixture
def project(conference):
    return SprintProject.objects.create(
        conference=conference,
        name="Django",
        repository_url="https://github.com/django/django",
        description="Triage tickets.",
        maintainer_name="Carlton Gibson",
    )


@pytest.fixture
def sprints_page(conference):
    return PageFactory(conference=conference, title="Sprints 2024", slug="sprints", body="Ours.")


def test_feature_answers_at_its_address_and_aside(client, conference, project, sprints_feature):
    at_address = client.get("/djangocon-us-2024/sprints/")
    aside = client.get("/djangocon-us-2024/hallway/sprints/")

    assert (at_address.status_code, aside.status_code) == (200, 200)
    assert at_address.templates[0].name == aside.templates[0].name == "sprints/project_list.html"
    assert conference_reverse(conference, "sprints:project-list") == "/djangocon-us-2024/sprints/"


def test_imported_page_wins_the_address_and_the_feature_moves_aside(
    client, conference, project, sprints_feature, sprints_page
):
    page = client.get("/djangocon-us-2024/sprints/")
    feature = client.get("/djangocon-us-2024/hallway/sprints/")

    assert page.templates[0].name == "content/page_detail.html"
    assert page.context["page"] == sprints_page
    assert feature.templates[0].name == "sprints/project_list.html"
    assert (
        conference_reverse(conference, "sprints:project-list")
        == "/djangocon-us-2024/hallway/sprints/"
    )
    assert conference_reverse(conference, "sprints:join", pk=7) == (
        "/djangocon-us-2024/hallway/sprints/projects/7/join/"
    )
    # The menu follows the feature aside.
    assert outer(parse(page), "//nav[@class='site-nav']//a[@aria-current='page']") == (
        '<a href="/djangocon-us-2024/hallway/sprints/" aria-current="page">Sprints</a>'
    )


def test_deeper_paths_redirect_aside_and_writes_are_refused(
    client, conference, project, sprints_feature, sprints_page
):
    client.force_login(UserFactory(username="ada"))

    deeper = client.get("/djangocon-us-2024/sprints/projects/new/?from=mail")
    write = client.post(f"/djangocon-us-2024/sprints/projects/{project.pk}/join/")
    aside_write = client.post(f"/djangocon-us-2024/hallway/sprints/projects/{project.pk}/join/")

    assert (deeper.status_code, deeper["Location"]) == (
        302,
        "/djangocon-us-2024/hallway/sprints/projects/new/?from=mail",
    )
    assert write.status_code == 404
    assert aside_write.status_code == 302
    assert SprintSignup.objects.count() == 1


def test_hidden_page_does_not_take_the_address(client, conference, sprints_feature):
    PageFactory(conference=conference, slug="sprints", is_hidden=True)

    response = client.get("/djangocon-us-2024/sprints/")

    assert response.templates[0].name == "sprints/project_list.html"


def test_feature_moves_back_when_the_page_goes(client, conference, sprints_feature, sprints_page):
    assert client.get("/djangocon-us-2024/sprints/").context["page"] == sprints_page

    sprints_page.delete()

    assert client.get("/djangocon-us-2024/sprints/").templates[0].name == (
        "sprints/project_list.html"
    )


def test_switched_off_feature_is_404_at_both_addresses(client, conference):
    Feature.objects.create(conference=conference, key="sprints", is_enabled=False)

    assert client.get("/djangocon-us-2024/sprints/").status_code == 404
    assert client.get("/djangocon-us-2024/hallway/sprints/").status_code == 404


def test_addresses_on_a_conference_host(client, conference, sprints_feature, sprints_page):
    conference.host = "2024.djangocon.test"
    conference.save()

    page = client.get("/sprints/", headers={"host": "2024.djangocon.test"})
    feature = client.get("/hallway/sprints/", headers={"host": "2024.djangocon.test"})

    assert page.context["page"] == sprints_page
    assert feature.templates[0].name == "sprints/project_list.html"
