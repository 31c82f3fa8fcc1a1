"""Thumbnails made by the worker: idempotent, remade when the photo changes, on disk and S3."""

import io

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from hallway.people.photos import SIZES, thumbnail_name
from hallway.people.tasks import make_person_thumbnails
from tests.factories import PresenterFactory
from tests.people.test_views import jpeg

pytestmark = pytest.mark.django_db


def thumbnails(presenter) -> dict[str, bytes]:
    names = [
        thumbnail_name(presenter.photo.name, "djangocon-us-2024", "presenters", s) for s in SIZES
    ]
    found = {}
    for name in sorted(names):
        if default_storage.exists(name):
            with default_storage.open(name) as handle:
                found[name] = handle.read()
    return found


@pytest.fixture
def grace(conference):
    return PresenterFactory(conference=conference, slug="grace", photo=jpeg(300, 200))


def test_thumbnails_task_is_idempotent(grace):
    made = make_person_thumbnails.call(grace.photo.name, "djangocon-us-2024", "presenters")
    first = thumbnails(grace)

    again = make_person_thumbnails.call(grace.photo.name, "djangocon-us-2024", "presenters")

    assert sorted(made) == sorted(first)
    assert len(first) == len(SIZES)
    assert again == []  # all fresh: nothing remade
    assert thumbnails(grace) == first
    with Image.open(io.BytesIO(first[sorted(first)[0]])) as image:
        assert (image.format, image.size[0] == image.size[1]) == ("WEBP", True)


def test_thumbnails_on_s3_are_public_and_served_by_redirect(
    s3_storage, client, conference, run_tasks
):
    from tests.core.test_storage import http_get

    grace = PresenterFactory(conference=conference, slug="grace", photo=jpeg(300, 200))
    fallback = client.get("/djangocon-us-2024/presenters/grace/photo-96.webp")
    run_tasks()
    made = client.get("/djangocon-us-2024/presenters/grace/photo-96.webp")

    assert (fallback.status_code, fallback["Cache-Control"]) == (302, "public, max-age=60")
    assert http_get(fallback["Location"])[0] == 200  # the original photo, publicly readable
    assert made.status_code == 302
    assert made["Location"] == default_storage.url(
        thumbnail_name(grace.photo.name, "djangocon-us-2024", "presenters", 96)
    )
    status, body = http_get(made["Location"])
    with Image.open(io.BytesIO(body)) as image:
        assert (status, image.format, image.size) == (200, "WEBP", (96, 96))
