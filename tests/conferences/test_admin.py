import pytest

from hallway.conferences.models import Conference, Redirect, Room, Tag, Track
from tests.admin_utils import (
    add_url,
    bulk,
    changelist_url,
)
from tests.factories import (
    ConferenceFactory,
    RedirectFactory,
    RoomFactory,
    SeriesFactory,
    TagFactory,
    TrackFactory,
)
from tests.html import attrs, parse, texts

pytestmark = pytest.mark.django_db

CASES = {
    # model: (factory, queries for its change list whatever the number of rows)
    Room: (RoomFactory, 6),
    Track: (TrackFactory, 6),
    Tag: (TagFactory, 6),
    Redirect: (RedirectFactory, 8),
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

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("rows", [10, 100])
def test_conference_changelist_queries_are_constant(
    superuser_client, django_assert_num_queries, rows
):
    series = SeriesFactory()
    for n in range(rows):
        ConferenceFactory(slug=f"conf-{n}", series=series if n % 2 else None)

    # The series filter lists the series: one query more than the conferences themselves.
    with django_assert_num_queries(8):
        response = superuser_client.get(changelist_url(Conference))

    assert response.context["cl"].result_count == rows


@pytest.mark.parametrize("model", [Conference, *CASES], ids=lambda m: m._meta.model_name)
def test_staff_without_permission_gets_403(staff_client, model):
    assert staff_client.get(changelist_url(model)).status_code == 403


def test_conference_form_shows_the_theme_as_indented_json(superuser_client, conference):
    conference.theme = {"color-brand": "#44b78b"}
    conference.save()

    response = superuser_client.get(f"/admin/conferences/conference/{conference.pk}/change/")

    assert response.context["adminform"].form["theme"].value() == '{\n  "color-brand": "#44b78b"\n}'
    link = "//div[contains(@class, 'field-style_guide_link')]//a"
    assert attrs(parse(response), link, "href") == ["/djangocon-us-2024/styleguide/"]
    assert texts(parse(response), link) == [
        "The style guide shows every token and component with this theme."
    ]


def conference_form(**changes):
    data = {
        "name": "PyGotham 2025",
        "slug": "pygotham-2025",
        "starts_on": "2025-10-01",
        "ends_on": "2025-10-02",
        "time_zone": "America/New_York",
        "phase": "upcoming",
        "is_public": "on",
        "language": "en",
        "theme": '{"color-brand": "#123456"}',
        "links": "{}",
        "host": "  2025.PyGotham.example. ",
        # The features inline, empty.
        "features-TOTAL_FORMS": "0",
        "features-INITIAL_FORMS": "0",
    }
    return {**data, **changes}


def test_conference_add_form_saves_theme_and_normalised_host(superuser_client):
    response = superuser_client.post(add_url(Conference), conference_form())

    assert response.status_code == 302
    conference = Conference.objects.get(slug="pygotham-2025")
    assert conference.theme == {"color-brand": "#123456"}
    assert conference.host == "2025.pygotham.example"


def test_conference_add_form_stores_an_empty_host_as_none(superuser_client):
    superuser_client.post(add_url(Conference), conference_form(host=""))

    assert Conference.objects.get(slug="pygotham-2025").host is None


def test_conference_add_form_rejects_unknown_theme_tokens(superuser_client):
    response = superuser_client.post(
        add_url(Conference), conference_form(theme='{"colour": "red"}')
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["theme"] == ["Unknown theme tokens: colour."]


@pytest.mark.parametrize(
    ("old_path", "new_path", "errors"),
    [
        (
            "coc/",
            "/conduct/",
            {"old_path": ["Give a path inside the conference, starting with /."]},
        ),
        (
            "/coc/",
            "//evil.example/",
            {"new_path": ["Give a path inside the conference, starting with /."]},
        ),
        ("/coc/", "/coc/", {"new_path": ["A redirect must lead somewhere else."]}),
    ],
)
def test_redirect_form_refuses_bad_paths(superuser_client, conference, old_path, new_path, errors):
    response = superuser_client.post(
        add_url(Redirect),
        {"conference": conference.pk, "old_path": old_path, "new_path": new_path},
    )

    assert response.context["adminform"].form.errors == errors
    assert Redirect.objects.count() == 0


def test_redirect_form_saves_a_redirect_that_then_answers(superuser_client, client, conference):
    superuser_client.post(
        add_url(Redirect),
        {"conference": conference.pk, "old_path": "/coc/", "new_path": "/conduct/"},
    )

    response = client.get("/djangocon-us-2024/coc/")

    assert response.status_code == 301
    assert response["Location"] == "/djangocon-us-2024/conduct/"
