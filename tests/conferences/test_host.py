import pytest

from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def test_conference_home_answers_under_its_slug(client, conference):
    response = client.get("/djangocon-us-2024/")

    assert response.status_code == 200


def test_conference_with_host_is_served_at_root(client, conference):
    conference.host = "2024.djangocon.example"
    conference.save()
    session = SessionFactory(conference=conference, slug="error-culture")

    response = client.get("/talks/error-culture/", HTTP_HOST="2024.djangocon.example")

    assert response.status_code == 200
    assert response.context["session"] == session


def test_unknown_conference_is_404(client, db):
    assert client.get("/nope/").status_code == 404
