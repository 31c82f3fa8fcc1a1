"""Request bodies over the limit are refused before they are read (413)."""

import socket
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ConferenceFactory, SessionFactory
from tests.html import parse, texts

FIFTY_MB = 50 * 1024 * 1024


@pytest.fixture
def photos_url(db):
    ConferenceFactory(slug="djangocon-us-2024")
    return reverse("companion:photos", kwargs={"conference_slug": "djangocon-us-2024"})


def test_a_declared_body_over_the_limit_is_refused_with_a_clear_message(photos_url):
    response = Client().generic(
        "POST",
        photos_url,
        b"only the start of it",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(FIFTY_MB),
    )

    assert response.status_code == 413
    assert response["Cache-Control"] == "no-store"
    assert texts(parse(response), "//main/h1 | //main/p[@data-fault]") == [
        "The upload is too large",
        "This request is 50 MB; the most this site accepts is 12 MB. "
        "Choose a smaller file and try again.",
    ]


def test_htmx_gets_the_message_as_a_fragment(photos_url, settings):
    settings.HALLWAY_MAX_REQUEST_BYTES = 1024 * 1024

    response = Client().generic(
        "POST", photos_url, b"x", CONTENT_LENGTH="1572864", headers={"HX-Request": "true"}
    )

    assert response.status_code == 413
    assert response.content.decode() == (
        '<p class="fault-message" role="alert" data-fault>This request is 1.5 MB; the most '
        "this site accepts is 1 MB. Choose a smaller file and try again.</p>\n"
    )


def test_a_body_at_the_limit_goes_through(photos_url, settings):
    settings.HALLWAY_MAX_REQUEST_BYTES = 1000

    response = Client().generic("POST", photos_url, b"x" * 1000)

    assert response.status_code == 302  # to the sign-in page: the limit let it pass


def test_a_body_of_unknown_length_is_refused(photos_url):
    response = Client().generic("POST", photos_url, b"", HTTP_TRANSFER_ENCODING="chunked")

    assert response.status_code == 411
    assert texts(parse(response), "//main/h1") == ["The upload needs a length"]


def test_form_fields_over_djangos_limit_are_413_not_400(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    session = SessionFactory(conference=ConferenceFactory(slug="djangocon-us-2024"))
    url = reverse(
        "companion:star", kwargs={"conference_slug": "djangocon-us-2024", "pk": session.pk}
    )

    response = Client().post(url, {"next": "/" + "x" * 200})

    assert response.status_code == 413
    assert texts(parse(response), "//main/h1") == ["The upload is too large"]


def test_the_server_answers_413_before_the_body_is_sent(live_server, photos_url):
    """A raw socket declares 50 MB, sends 64 KB and waits: the answer comes without the rest."""
    sent = 0
    with socket.create_connection((live_server.thread.host, live_server.thread.port)) as sock:
        sock.settimeout(10)
        sock.sendall(
            (
                f"POST {photos_url} HTTP/1.1\r\nHost: localhost\r\n"
                "Content-Type: multipart/form-data; boundary=x\r\n"
                f"Content-Length: {FIFTY_MB}\r\n\r\n"
            ).encode()
        )
        chunk = b"x" * 65536
        sock.sendall(chunk)
        sent += len(chunk)
        started = time.monotonic()
        answer = sock.recv(65536)
        waited = time.monotonic() - started

    assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.1 413 Request Entity Too Large"
    assert sent < FIFTY_MB // 100
    assert waited < 5
