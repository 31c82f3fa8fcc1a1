import datetime as dt

import pytest
from django.utils import timezone

from hallway.conferences.urls_helpers import conference_reverse
from hallway.sprints.models import SprintProject, SprintSignup
from tests.companion.factories import UserFactory
from tests.html import parse, texts

LIST = "/djangocon-us-2024/sprints/"
NEW = "/djangocon-us-2024/sprints/projects/new/"
VALID = {
    "name": "django-htmx",
    "repository_url": "https://github.com/adamchainz/django-htmx",
    "description": "Write docs for the new partials.",
    "skill_level": "beginner",
    "maintainer_name": "Adam Johnson",
}


def _projects(conference, count: int) -> None:
    projects = SprintProject.objects.bulk_create(
        SprintProject(
            conference=conference,
            name=f"Project {n:03d}",
            repository_url=f"https://example.com/p{n}",
            description="Help.",
            maintainer_name="M",
        )
        for n in range(count)
    )
    users = [UserFactory(username=f"sprinter{n}") for n in range(3)]
    SprintSignup.objects.bulk_create(
        SprintSignup(project=project, user=user) for project in projects for user in users[:2]
    )


@pytest.mark.parametrize("count", [3, 50])
def test_sprints_page_queries_are_constant(
    client, conference, sprints_feature, count, django_assert_num_queries
):
    _projects(conference, count)

    # Host, version, taken addresses (each cached after the first request), conference with
    # its features, the feature, the projects with their counts.
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert response.status_code == 200
    assert response.content.decode().count("<strong>2 contributors</strong>") == count


@pytest.mark.parametrize("count", [3, 50])
def test_sprints_page_queries_are_constant_signed_in(
    client, conference, sprints_feature, count, django_assert_num_queries, signed_cookie_sessions
):
    _projects(conference, count)
    client.force_login(UserFactory(username="sprinter0"))
    # The first signed-in look finds the page reads the visitor (the projects they joined), so
    # it is not one attendees can share; from then on it is rendered for each (member_pages.py).
    # It also leaves the conference's version and addresses in the cache.
    client.get(LIST)

    with django_assert_num_queries(4):
        response = client.get(LIST)

    assert response.content.decode().count("Leave Project") == count


def test_sprints_page_lists_projects_with_counts(client, project, sprints_feature):
    SprintSignup.objects.create(project=project, user=UserFactory(username="ada"))

    response = client.get(LIST)

    assert [(p.name, p.contributor_count) for p in response.context["projects"]] == [("Django", 1)]
    assert texts(parse(response), "//ul[contains(@class, 'sprint-projects')]/li/p[1]") == [
        "With Carlton Gibson · Everyone welcome"
    ]
    # Who signs up is not public.
    assert b"ada" not in response.content


def test_maintainer_lists_a_project(client, conference, sprints_feature, maintainer):
    client.force_login(maintainer)

    response = client.post(NEW, VALID)

    project = SprintProject.objects.get()
    assert response["Location"] == f"{LIST}#project-{project.pk}"
    assert (project.name, project.skill_level, project.maintainer) == (
        "django-htmx",
        "beginner",
        maintainer,
    )


def test_listing_a_project_needs_a_sign_in(client, conference, sprints_feature):
    response = client.post(NEW, VALID)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert SprintProject.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("repository_url", "ftp://example.com/repo", "Enter a valid URL."),
        ("repository_url", "javascript:alert(1)", "Enter a valid URL."),
        ("name", "", "This field is required."),
        ("name", "  DJANGO ", "A project called DJANGO is already listed."),
        (
            "skill_level",
            "wizard",
            "Select a valid choice. wizard is not one of the available choices.",
        ),
    ],
)
def test_invalid_project_names_the_field(
    client, project, sprints_feature, maintainer, field, value, message
):
    client.force_login(maintainer)

    response = client.post(NEW, {**VALID, field: value})

    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert SprintProject.objects.count() == 1


def test_repository_without_scheme_gets_https(client, conference, sprints_feature, maintainer):
    client.force_login(maintainer)

    client.post(NEW, {**VALID, "repository_url": "github.com/adamchainz/django-htmx"})

    assert SprintProject.objects.get().repository_url == "https://github.com/adamchainz/django-htmx"


def test_only_the_maintainer_edits_a_project(client, project, sprints_feature, maintainer):
    edit = f"/djangocon-us-2024/sprints/projects/{project.pk}/edit/"
    client.force_login(UserFactory(username="mallory"))
    assert client.post(edit, {**VALID, "name": "Hijacked"}).status_code == 404

    client.force_login(maintainer)
    client.post(edit, {**VALID, "name": "Django core"})

    assert SprintProject.objects.get().name == "Django core"


def test_attendee_joins_and_leaves(client, conference, project, sprints_feature):
    user = UserFactory(username="ada")
    client.force_login(user)
    join = conference_reverse(conference, "sprints:join", pk=project.pk)
    leave = conference_reverse(conference, "sprints:leave", pk=project.pk)

    client.post(join)
    client.post(join)  # a double click
    assert list(SprintSignup.objects.values_list("user__username", flat=True)) == ["ada"]
    assert "Leave Django" in client.get(LIST).content.decode()

    client.post(leave)
    assert SprintSignup.objects.count() == 0


def test_joining_is_a_post(client, conference, project, sprints_feature):
    client.force_login(UserFactory(username="ada"))

    response = client.get(conference_reverse(conference, "sprints:join", pk=project.pk))

    assert response.status_code == 405


def test_closed_sprints_refuse_changes_with_a_clear_message(
    client, conference, project, sprints_feature, maintainer
):
    sprints_feature.closes_at = timezone.now() - dt.timedelta(hours=1)
    sprints_feature.save()
    client.force_login(maintainer)

    joined = client.post(conference_reverse(conference, "sprints:join", pk=project.pk), follow=True)
    listed = client.post(NEW, {**VALID, "name": "Late"})

    assert [str(m) for m in joined.context["messages"]] == [
        "Sprint sign-ups are closed: nothing can be changed now."
    ]
    assert listed.context["form"].non_field_errors() == [
        "Sprint sign-ups are closed: nothing can be changed now."
    ]
    assert (SprintSignup.objects.count(), SprintProject.objects.count()) == (0, 1)
    assert "Sprint sign-ups are closed." in client.get(LIST).content.decode()


def test_sign_up_shows_on_the_anonymous_cached_page(client, conference, project, sprints_feature):
    assert "0 contributors" in client.get(LIST).content.decode()

    SprintSignup.objects.create(project=project, user=UserFactory(username="ada"))

    assert "1 contributor<" in client.get(LIST).content.decode()


def test_sprints_menu_link_only_while_the_feature_is_on(client, conference, sprints_feature):
    link = b'href="/djangocon-us-2024/sprints/"'
    assert link in client.get("/djangocon-us-2024/").content

    sprints_feature.is_enabled = False
    sprints_feature.save()

    assert link not in client.get("/djangocon-us-2024/").content
