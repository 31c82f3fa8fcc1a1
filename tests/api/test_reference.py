import re

from hallway.api.reference import Token, limits, type_tokens
from tests.html import attrs, has_class, parse, text, texts


def test_type_tokens_name_types_in_words():
    assert type_tokens({"type": "string", "format": "date"}) == [Token("string (date)")]
    assert type_tokens({"type": "array", "items": {"$ref": "#/components/schemas/TagOut"}}) == [
        Token("list of "),
        Token("TagOut", ref=True),
    ]
    assert type_tokens({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == [
        Token("integer"),
        Token(" or "),
        Token("null"),
    ]


def test_query_parameters_are_not_called_nullable():
    schema = {"anyOf": [{"type": "string"}, {"type": "null"}]}

    assert type_tokens(schema, nullable=False) == [Token("string")]


def test_limits_tell_bounds_pattern_and_default():
    assert limits({"type": "integer", "minimum": 1, "maximum": 200, "default": 50}) == (
        "1 to 200; default 50"
    )
    assert limits({"anyOf": [{"type": "string", "pattern": "^x$"}, {"type": "null"}]}) == (
        "pattern ^x$"
    )


def test_reference_page_documents_every_operation_from_the_schema(client, db):
    response = client.get("/api/docs/")

    page = parse(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    operations = f"//section[{has_class('api-ref__operation')}]"
    assert attrs(page, operations, "id") == [
        f"hallway_api_endpoints_{anchor}"
        for anchor in [
            "list_conferences",
            "get_conference",
            "list_sessions",
            "get_session",
            "list_presenters",
            "get_presenter",
            "list_rooms",
            "list_changes",
        ]
    ]
    assert text(page, "//li/a[@href='#hallway_api_endpoints_list_sessions']/code") == (
        "GET /api/conferences/{slug}/sessions/"
    )
    list_sessions = "//section[@id='hallway_api_endpoints_list_sessions']"
    assert texts(page, f"{list_sessions}//a[@href='#schema-PagedSessionOut']") == [
        "PagedSessionOut"
    ]
    assert text(page, "//section[@id='schema-SessionOut']/h3") == "SessionOut"


def test_reference_page_loads_nothing_from_elsewhere(client, db):
    page = client.get("/api/docs/").content.decode()

    assets = re.findall(r'<(?:script|link|img)\b[^>]*\s(?:src|data-src|href)="([^"]+)"', page)
    assert assets
    # Same origin only: a path, or an absolute URL of this host (the canonical link).
    assert [url for url in assets if not url.startswith(("/", "http://testserver/"))] == []
    assert page.count("<script>") == 1  # core/loader.js, the same on every page
    assert "style=" not in page
