"""The API against its own OpenAPI schema, fuzzed by schemathesis with data in the database.

Every operation gets generated requests, valid and invalid; each answer must be no server
error, and must have a documented status, content type and body shape.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from hallway.api.api import api

# From the API object rather than over HTTP: collection runs before the test database exists.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def _keep_the_test_connection():
    """Keep the database connection open across the WSGI requests, as Django's test client does.

    Each request ends by closing connections older than CONN_MAX_AGE; with PostgreSQL that
    would close the connection that holds the test's transaction and its data.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@pytest.mark.usefixtures("_keep_the_test_connection")
def test_api_conforms_to_its_schema(case, program):
    # Identity: the WSGI transport does not decompress what GZipMiddleware compresses.
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


def test_schema_lists_every_endpoint(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]

    assert sorted(paths) == [
        "/api/conferences/",
        "/api/conferences/{slug}/",
        "/api/conferences/{slug}/changes/",
        "/api/conferences/{slug}/presenters/",
        "/api/conferences/{slug}/presenters/{presenter_slug}/",
        "/api/conferences/{slug}/rooms/",
        "/api/conferences/{slug}/sessions/",
        "/api/conferences/{slug}/sessions/{guid}/",
    ]
    assert {method for operations in paths.values() for method in operations} == {"get"}
