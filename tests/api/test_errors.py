import pytest

API = "/api/conferences/djangocon-us-2024"


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        (
            "day=2024-13-45",
            "day",
            "Input should be a valid date or datetime, "
            "month value is outside expected range of 1-12",
        ),
        ("day=monday", "day", "Value error, Input should be a date as YYYY-MM-DD"),
        ("day=0", "day", "Value error, Input should be a date as YYYY-MM-DD"),
        ("page=0", "page", "Input should be greater than or equal to 1"),
        (
            "page=two",
            "page",
            "Input should be a valid integer, unable to parse string as an integer",
        ),
        ("page_size=1000", "page_size", "Input should be less than or equal to 200"),
        ("page_size=0", "page_size", "Input should be greater than or equal to 1"),
        ("room=Main%20Hall", "room", "String should match pattern '^[-a-zA-Z0-9_]+$'"),
        ("tag=%00", "tag", "String should match pattern '^[-a-zA-Z0-9_]+$'"),
        ("q=%00", "q", "String should match pattern '^[^\\x00]*$'"),
    ],
)
def test_bad_parameter_is_a_422_naming_it(client, program, query, parameter, message):
    response = client.get(f"{API}/sessions/?{query}")

    assert response.status_code == 422
    assert response.json() == {
        "detail": f"Invalid parameters: {parameter}: {message}",
        "errors": [{"parameter": parameter, "location": "query", "message": message}],
    }


def test_bad_kind_lists_the_kinds(client, program):
    response = client.get(f"{API}/sessions/?kind=bogus")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "parameter": "kind",
            "location": "query",
            "message": "Input should be 'talk', 'tutorial', 'keynote', 'lightning', 'panel', "
            "'sprint', 'remarks', 'orientation', 'break', 'meal', 'registration', 'social' "
            "or 'other'",
        }
    ]


def test_every_bad_parameter_is_reported(client, program):
    response = client.get(f"{API}/sessions/?day=2024-13-45&page=0&page_size=1000")

    assert [error["parameter"] for error in response.json()["errors"]] == [
        "day",
        "page",
        "page_size",
    ]


def test_too_many_values_of_a_filter_is_a_422(client, program):
    response = client.get(f"{API}/sessions/?" + "&".join(["kind=talk"] * 21))

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "parameter": "kind",
            "location": "query",
            "message": "List should have at most 20 items after validation, not 21",
        }
    ]


def test_malformed_guid_is_a_422(client, program):
    response = client.get(f"{API}/sessions/not-a-guid/")

    assert response.status_code == 422
    assert response.json()["errors"][0]["parameter"] == "guid"
    assert response.json()["errors"][0]["location"] == "path"


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        ("/api/conferences/nope/", "No public conference with the slug 'nope'."),
        ("/api/conferences/nope/sessions/", "No public conference with the slug 'nope'."),
        (
            "/api/conferences/not%20a%20slug/rooms/",
            "No public conference with the slug 'not a slug'.",
        ),
        (
            f"{API}/sessions/00000000-0000-0000-0000-000000000000/",
            "No session with the GUID 00000000-0000-0000-0000-000000000000.",
        ),
        (f"{API}/presenters/nobody/", "No presenter with the slug 'nobody'."),
        ("/api/no/such/endpoint/", "Not found."),
    ],
)
def test_unknown_things_are_a_json_404(client, program, path, detail):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": detail, "errors": []}


def test_missing_trailing_slash_redirects_like_the_rest_of_the_site(client, program):
    response = client.get(f"{API}/sessions?kind=talk")

    assert response.status_code == 301
    assert response["Location"] == f"{API}/sessions/?kind=talk"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_not_allowed(client, program, method):
    response = getattr(client, method)(f"{API}/sessions/")

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_head_answers_like_get_without_a_body(client, program):
    get = client.get(f"{API}/sessions/")

    head = client.head(f"{API}/sessions/")

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
