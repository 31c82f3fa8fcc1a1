import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.companion.factories import UserFactory
from tests.factories import SessionFactory


@pytest.fixture
def attendee(db):
    return UserFactory(username="ada")


@pytest.fixture
def other_attendee(db):
    return UserFactory(username="grace")


@pytest.fixture
def organizer(db):
    return UserFactory(username="organizer", is_staff=True, is_superuser=True)


@pytest.fixture
def talk(conference):
    return SessionFactory(conference=conference, title="Error Culture", slug="error-culture")


def image_bytes(format="JPEG", size=(64, 48), colour=(200, 80, 40), **save_options) -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if format == "PNG" else "RGB"
    Image.new(mode, size, colour).save(buffer, format=format, **save_options)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else image_bytes(), content_type)


def status_of(client, url: str) -> int:
    """GET ``url``, reading a file response to the end: the test client closes it (and its
    file) then. Calling ``close()`` by hand would also close the database connection."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code
