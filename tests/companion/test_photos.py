import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from hallway.companion.models import Photo
from tests.companion.conftest import image_bytes, status_of, upload
from tests.companion.factories import MomentFactory, NoteFactory, StarFactory
from tests.factories import SessionFactory


def photos_url(conference):
    return reverse("companion:photos", kwargs={"conference_slug": conference.slug})


def post_photo(client, conference, file, **fields):
    data = {"image": file, "caption": "Opening keynote", "credit": "", **fields}
    return client.post(photos_url(conference), data)


@pytest.fixture
def signed_in(client, attendee):
    client.force_login(attendee)
    return client


def jpeg_with_gps_and_rotation() -> bytes:
    image = Image.new("RGB", (80, 40), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "Camera maker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (35.0, 59.0, 40.0)
    gps[3] = "W"
    gps[4] = (78.0, 53.0, 55.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_upload_stores_a_private_clean_copy_with_renditions(
    signed_in, conference, talk, django_capture_on_commit_callbacks, run_tasks
):
    original = jpeg_with_gps_and_rotation()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the input has GPS

    with django_capture_on_commit_callbacks(execute=True):
        response = post_photo(signed_in, conference, upload(content=original), session=talk.pk)
    assert Photo.objects.get().renditions == []  # queued, not made in the request
    run_tasks()

    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.image.name.startswith(f"private/photos/{photo.user_id}/")
    assert not photo.image.name.startswith("conferences/")
    with default_storage.open(photo.image.name) as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert stored.size == (40, 80)  # the orientation was applied, then dropped
    assert (photo.width, photo.height) == (40, 80)
    assert photo.renditions == [320]
    assert default_storage.exists(photo.rendition_name(320))


def test_large_photo_gets_every_rendition(
    signed_in, conference, talk, django_capture_on_commit_callbacks, run_tasks
):
    content = image_bytes(size=(2000, 1000))

    with django_capture_on_commit_callbacks(execute=True):
        post_photo(signed_in, conference, upload(content=content), session=talk.pk)
    run_tasks()

    photo = Photo.objects.get()
    assert photo.renditions == [320, 960, 1600]
    with default_storage.open(photo.rendition_name(960)) as handle:
        rendition = Image.open(io.BytesIO(handle.read()))
        assert (rendition.format, rendition.size) == ("WEBP", (960, 480))


@pytest.mark.parametrize(
    ("name", "content", "extension"),
    [
        ("p.png", image_bytes("PNG"), "png"),
        ("p.webp", image_bytes("WEBP"), "webp"),
        ("misnamed.jpg", image_bytes("PNG"), "png"),
    ],
)
def test_png_and_webp_are_accepted_by_content(
    signed_in, conference, talk, name, content, extension
):
    response = post_photo(signed_in, conference, upload(name, content), session=talk.pk)

    assert response.status_code == 302
    assert Photo.objects.get().extension == extension


def errors_of(response) -> list[str]:
    return response.context["form"].errors["image"]


def test_oversized_file_is_refused_with_its_size(signed_in, conference, talk, settings):
    settings.HALLWAY_PHOTO_MAX_BYTES = 1000
    content = image_bytes(size=(400, 400), colour=(1, 2, 3), quality=100)
    assert len(content) > 1000

    response = post_photo(signed_in, conference, upload("big.jpg", content), session=talk.pk)

    assert response.status_code == 400
    assert errors_of(response) == [
        f"big.jpg is {_kb(len(content))}; photos can be at most 1000\xa0bytes."
    ]
    assert Photo.objects.count() == 0


def _kb(size: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return filesizeformat(size)


def test_too_many_pixels_is_refused(signed_in, conference, talk, settings):
    settings.HALLWAY_PHOTO_MAX_PIXELS = 100 * 100
    content = image_bytes("PNG", size=(200, 100))

    response = post_photo(signed_in, conference, upload("wide.png", content), session=talk.pk)

    assert errors_of(response) == [
        "wide.png has too many pixels to be a photo (a decompression bomb?); "
        "the limit is 0 megapixels."
    ]


def test_decompression_bomb_is_refused_before_decoding(signed_in, conference, talk):
    # A tiny PNG whose header claims 20,000 × 20,000 pixels (400 Mpx): Pillow's own bomb
    # check fires when it reads the header, before a single pixel is decoded.
    content = png_claiming(20000, 20000)
    assert len(content) < 200

    response = post_photo(signed_in, conference, upload("bomb.png", content), session=talk.pk)

    assert response.status_code == 400
    assert errors_of(response) == [
        "bomb.png has too many pixels to be a photo (a decompression bomb?); "
        "the limit is 40 megapixels."
    ]
    assert Photo.objects.count() == 0


def png_claiming(width: int, height: int) -> bytes:
    content = bytearray(image_bytes("PNG", size=(1, 1)))
    # IHDR data sits at bytes 16-29 and its CRC at 29-33.
    content[16:24] = struct.pack(">II", width, height)
    content[29:33] = struct.pack(">I", zlib.crc32(bytes(content[12:29])))
    return bytes(content)


def test_text_renamed_to_jpg_is_refused(signed_in, conference, talk):
    content = b"#!/bin/sh\necho this is not a photo\n"

    response = post_photo(signed_in, conference, upload("holiday.jpg", content), session=talk.pk)

    assert errors_of(response) == [
        "holiday.jpg is not a JPEG, PNG or WebP image (whatever its name says)."
    ]


def test_gif_renamed_to_jpg_is_refused(signed_in, conference, talk):
    content = image_bytes("GIF")

    response = post_photo(signed_in, conference, upload("anim.jpg", content), session=talk.pk)

    assert errors_of(response) == ["anim.jpg is a GIF image; upload a JPEG, PNG or WebP photo."]


def test_svg_is_refused(signed_in, conference, talk):
    content = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    response = post_photo(
        signed_in, conference, upload("logo.svg", content, "image/svg+xml"), session=talk.pk
    )

    assert errors_of(response) == [
        "logo.svg is an SVG drawing; upload a JPEG, PNG or WebP photo instead."
    ]


def test_photo_must_belong_to_exactly_one_thing(signed_in, attendee, conference, talk):
    moment = MomentFactory(user=attendee, conference=conference)

    none = post_photo(signed_in, conference, upload())
    both = post_photo(signed_in, conference, upload(), session=talk.pk, moment=moment.pk)

    message = ["Attach the photo to exactly one session, moment or place."]
    assert none.context["form"].non_field_errors() == message
    assert both.context["form"].non_field_errors() == message


def test_cannot_attach_to_someone_elses_moment(signed_in, other_attendee, conference):
    theirs = MomentFactory(user=other_attendee, conference=conference)

    response = post_photo(signed_in, conference, upload(), moment=theirs.pk)

    assert response.status_code == 400
    assert "moment" in response.context["form"].errors


def file_url(photo, size="full"):
    return reverse(
        "companion:photo-file",
        kwargs={"conference_slug": photo.conference.slug, "pk": photo.pk, "size": size},
    )


def test_photo_files_are_served_to_their_owner_only(
    client,
    signed_in,
    attendee,
    other_attendee,
    organizer,
    conference,
    talk,
    django_capture_on_commit_callbacks,
    run_tasks,
):
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(signed_in, conference, upload(), session=talk.pk)
    run_tasks()
    photo = Photo.objects.get()

    owner = signed_in.get(file_url(photo))
    thumb = signed_in.get(file_url(photo, 320))

    assert b"".join(owner.streaming_content)[:2] == b"\xff\xd8"  # JPEG
    assert b"".join(thumb.streaming_content)[8:12] == b"WEBP"
    assert (owner.status_code, owner["Content-Type"]) == (200, "image/jpeg")
    assert owner["Cache-Control"] == "private, max-age=3600"
    assert (thumb.status_code, thumb["Content-Type"]) == (200, "image/webp")
    for user in (other_attendee, organizer, None):
        client.logout()
        if user:
            client.force_login(user)
        assert status_of(client, file_url(photo)) == 404
        assert status_of(client, file_url(photo, 320)) == 404


def test_deleting_a_photo_removes_its_files(
    signed_in, conference, talk, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_photo(
            signed_in, conference, upload(content=image_bytes(size=(1200, 800))), session=talk.pk
        )
    run_tasks()
    photo = Photo.objects.get()
    names = photo.file_names
    assert len(names) == 3
    assert all(default_storage.exists(n) for n in names)

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(
            reverse(
                "companion:photo-delete",
                kwargs={"conference_slug": conference.slug, "pk": photo.pk},
            )
        )

    assert not any(default_storage.exists(n) for n in names)


def test_deleting_a_moment_removes_its_photos_files(
    signed_in, attendee, conference, django_capture_on_commit_callbacks
):
    moment = MomentFactory(user=attendee, conference=conference)
    post_photo(signed_in, conference, upload(), moment=moment.pk)
    names = Photo.objects.get().file_names

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(
            reverse(
                "companion:moment-delete",
                kwargs={"conference_slug": conference.slug, "pk": moment.pk},
            )
        )

    assert Photo.objects.count() == 0
    assert not any(default_storage.exists(n) for n in names)


def test_photo_form_offers_my_sessions_and_the_preselected_one(
    signed_in, attendee, other_attendee, conference, talk
):
    mine = SessionFactory(conference=conference, title="Starred")
    noted = SessionFactory(conference=conference, title="Noted")
    theirs = SessionFactory(conference=conference, title="Someone else's")
    StarFactory(user=attendee, session=mine)
    NoteFactory(user=attendee, session=noted)
    StarFactory(user=other_attendee, session=theirs)

    response = signed_in.get(photos_url(conference), {"session": talk.pk})

    offered = {s.title for s in response.context["form"].fields["session"].queryset}
    assert offered == {"Starred", "Noted", "Error Culture"}
    assert response.context["form"]["session"].value() == str(talk.pk)
