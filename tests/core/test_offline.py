import pytest

from tests.html import attrs, parse

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_at_the_conference_root(client, conference):
    response = client.get("/djangocon-us-2024/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert b'addEventListener("fetch"' in response.content


def test_pages_register_the_service_worker_of_their_conference(client, conference):
    response = client.get("/djangocon-us-2024/")

    page = parse(response)
    assert attrs(page, "//script[@data-sw]", "data-sw") == ["/djangocon-us-2024/sw.js"]
    assert attrs(page, "//p[@data-last-updated]", "hidden") == [""]


def test_a_conference_on_its_own_host_has_its_worker_at_the_root(client, conference):
    conference.host = "2024.djangocon.example"
    conference.save()

    response = client.get("/", HTTP_HOST="2024.djangocon.example")

    assert attrs(parse(response), "//script[@data-sw]", "data-sw") == ["/sw.js"]
    assert client.get("/sw.js", HTTP_HOST="2024.djangocon.example").status_code == 200
