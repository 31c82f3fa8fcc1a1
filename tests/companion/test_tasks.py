"""Photo renditions made by the worker: idempotent, and nothing for a deleted photo."""

import pytest

from hallway.companion.services import store_photo
from hallway.companion.tasks import make_photo_renditions
from hallway.core.storage import private_storage
from tests.companion.conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


def stored(photo) -> dict[str, bytes]:
    out = {}
    for name in photo.file_names:
        with private_storage().open(name) as handle:
            out[name] = handle.read()
    return out


def test_renditions_task_is_idempotent(attendee, conference, talk):
    photo = store_photo(
        attendee,
        conference,
        upload(content=image_bytes(size=(1200, 800))),
        caption="A",
        session=talk,
    )

    assert make_photo_renditions.call(photo.pk) == [320, 960]
    photo.refresh_from_db()
    first = stored(photo)
    assert make_photo_renditions.call(photo.pk) == [320, 960]
    photo.refresh_from_db()

    assert photo.renditions == [320, 960]
    assert stored(photo) == first
    folder = private_storage().path(photo.image.name).rsplit("/", 1)[0]
    assert len(private_storage().listdir(folder)[1]) == 3  # the image and two renditions


def test_renditions_of_a_deleted_photo_are_not_made(attendee, conference, talk):
    photo = store_photo(attendee, conference, upload(), caption="A", session=talk)
    pk, name = photo.pk, photo.rendition_name(320)
    photo.delete()

    assert make_photo_renditions.call(pk) == []
    assert not private_storage().exists(name)
