"""Attendees' photos on object storage: a real S3-compatible server (SeaweedFS), no mock."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from hallway.companion.models import Photo
from hallway.companion.services import delete_photo_files, store_photo
from hallway.companion.tasks import make_photo_renditions
from hallway.core.storage import private_storage, signed_url
from tests import s3server
from tests.companion.conftest import image_bytes, upload
from tests.core.test_storage import http_get

pytestmark = pytest.mark.django_db


def file_url(photo, size="full"):
    return reverse(
        "companion:photo-file",
        kwargs={"conference_slug": photo.conference.slug, "pk": photo.pk, "size": size},
    )


def test_attendee_photo_lands_in_the_private_bucket_and_only_its_owner_sees_it(
    s3_storage,
    s3_server,
    client,
    attendee,
    other_attendee,
    organizer,
    conference,
    talk,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    client.force_login(attendee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("companion:photos", kwargs={"conference_slug": conference.slug}),
            {
                "image": upload(content=image_bytes(size=(800, 600))),
                "caption": "Keynote",
                "credit": "",
                "session": talk.pk,
            },
        )
    run_tasks()
    photo = Photo.objects.get()
    bucket = s3server.client(s3_server)
    key = f"{s3_storage}/{photo.image.name}"

    # In the private bucket, with its rendition; nothing in the public one.
    assert response.status_code == 302
    assert photo.renditions == [320]
    stored = bucket.get_object(Bucket=s3server.PRIVATE_BUCKET, Key=key)["Body"].read()
    assert Image.open(io.BytesIO(stored)).size == (800, 600)
    assert bucket.head_object(
        Bucket=s3server.PRIVATE_BUCKET, Key=f"{s3_storage}/{photo.rendition_name(320)}"
    )
    public = bucket.list_objects_v2(Bucket=s3server.PUBLIC_BUCKET, Prefix=s3_storage)
    assert public["KeyCount"] == 0

    # Anyone with the object's address but no signature: refused by the storage itself.
    plain_url = f"{s3_server}/{s3server.PRIVATE_BUCKET}/{key}"
    assert http_get(plain_url) == (403, b"")
    assert http_get(signed_url(photo.image.name, seconds=30)) == (200, stored)

    # Through Hallway: streamed to its owner, 404 for everyone else.
    owner = client.get(file_url(photo))
    assert (owner.status_code, b"".join(owner.streaming_content)) == (200, stored)
    rendition = client.get(file_url(photo, 320))
    assert b"".join(rendition.streaming_content)[8:12] == b"WEBP"
    for user in (other_attendee, organizer, None):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(file_url(photo)).status_code == 404
        assert client.get(file_url(photo, 320)).status_code == 404


def test_deleted_photo_leaves_no_object_behind(
    s3_storage, s3_server, attendee, conference, talk, run_tasks
):
    photo = store_photo(attendee, conference, upload(), caption="Stage", session=talk)
    make_photo_renditions.call(photo.pk)
    photo.refresh_from_db()

    delete_photo_files(photo)

    listing = s3server.client(s3_server).list_objects_v2(
        Bucket=s3server.PRIVATE_BUCKET, Prefix=s3_storage
    )
    assert listing["KeyCount"] == 0
    assert not private_storage().exists(photo.image.name)
