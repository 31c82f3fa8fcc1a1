"""The storages against a real S3-compatible server (SeaweedFS), and on local disk."""

import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from hallway.core.storage import is_local, private_storage, replace_file, signed_url
from hallway.settings import s3_storages


def http_get(url: str) -> tuple[int, bytes]:
    """A plain GET, with no credentials: what anyone on the internet can do."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_s3_settings_keep_private_files_in_their_own_signed_bucket():
    storages = s3_storages({"HALLWAY_S3_BUCKET": "media", "HALLWAY_S3_ENDPOINT_URL": "http://s3"})

    public, private = storages["default"]["OPTIONS"], storages["private"]["OPTIONS"]
    assert (public["bucket_name"], public["querystring_auth"]) == ("media", False)
    assert (private["bucket_name"], private["querystring_auth"]) == ("media-private", True)
    assert (private["default_acl"], private["custom_domain"]) == ("private", None)
    assert private["querystring_expire"] == 300
    assert public["addressing_style"] == private["addressing_style"] == "path"


def test_local_disk_has_no_signed_urls():
    assert is_local(private_storage())
    assert signed_url("private/photos/1/a.jpg") is None


@pytest.mark.django_db
def test_private_object_is_refused_without_a_signature_and_served_with_one(s3_storage):
    name = private_storage().save("private/letters/1/letter.pdf", ContentFile(b"%PDF-1.7 secret"))
    plain_url = private_storage().url(name).split("?", 1)[0]

    assert http_get(plain_url) == (403, b"")
    assert http_get(signed_url(name, seconds=60)) == (200, b"%PDF-1.7 secret")


@pytest.mark.django_db
def test_public_object_is_readable_by_anyone(s3_storage):
    name = default_storage.save("conferences/demo/logo.txt", ContentFile(b"public logo"))

    assert "X-Amz-Signature" not in default_storage.url(name)
    assert http_get(default_storage.url(name)) == (200, b"public logo")


@pytest.mark.django_db
def test_replace_file_on_s3_keeps_the_name_and_the_last_content(s3_storage):
    storage = default_storage

    first = replace_file(storage, "conferences/demo/thumbs/a-96.webp", b"one")
    second = replace_file(storage, "conferences/demo/thumbs/a-96.webp", b"two")

    assert first == second == "conferences/demo/thumbs/a-96.webp"
    with storage.open(second) as handle:
        assert handle.read() == b"two"
    _, files = storage.listdir("conferences/demo/thumbs")
    assert files == ["a-96.webp"]


def test_replace_file_on_disk_keeps_the_name_and_the_last_content(settings):
    replace_file(default_storage, "conferences/demo/thumbs/a-96.webp", b"one")
    replace_file(default_storage, "conferences/demo/thumbs/a-96.webp", b"two")

    folder = settings.MEDIA_ROOT / "conferences/demo/thumbs"
    assert [p.name for p in folder.iterdir()] == ["a-96.webp"]
    assert (folder / "a-96.webp").read_bytes() == b"two"


@pytest.mark.django_db
def test_old_media_links_redirect_to_the_bucket(s3_storage, client):
    name = default_storage.save("conferences/demo/logo.txt", ContentFile(b"public logo"))

    response = client.get(f"/media/{name}")

    assert response.status_code == 301
    assert response["Location"] == default_storage.url(name)
    assert http_get(response["Location"]) == (200, b"public logo")
    assert client.get("/media/private/photos/1/a.jpg").status_code == 404
