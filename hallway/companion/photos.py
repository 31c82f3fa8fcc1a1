"""Checking and re-encoding attendees' photo uploads with Pillow.

Uploads are judged by their content, never their name: the file must be a JPEG, PNG or WebP
within the size and pixel limits. The stored image is re-encoded from pixels only, so EXIF (GPS
location included), XMP and comments are gone; the EXIF orientation is applied first so the
photo still stands the right way up.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from hallway.companion.models import PHOTO_WIDTHS

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def max_bytes() -> int:
    return getattr(settings, "HALLWAY_PHOTO_MAX_BYTES", 10 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "HALLWAY_PHOTO_MAX_PIXELS", 40_000_000)


@dataclass
class ProcessedPhoto:
    content: bytes
    extension: str
    width: int
    height: int


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text[:1024]


def process_upload(upload) -> ProcessedPhoto:
    """Validate an uploaded file and return the re-encoded image (renditions come later, from
    ``make_renditions`` in a background task).

    Raises ValidationError with a message naming the problem (too big, too many pixels,
    SVG, not an image, unsupported type).
    """
    size = upload.size
    if size > max_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; photos can be at most %(limit)s."),
            params={
                "name": upload.name,
                "size": filesizeformat(size),
                "limit": filesizeformat(max_bytes()),
            },
            code="too_big",
        )
    upload.seek(0)
    data = upload.read()
    if _looks_like_svg(data[:2048]):
        raise ValidationError(
            _("%(name)s is an SVG drawing; upload a JPEG, PNG or WebP photo instead."),
            params={"name": upload.name},
            code="svg",
        )
    image = _open_checked(data, upload.name)
    image_format = image.format
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("%(name)s could not be read as an image: it may be damaged."),
            params={"name": upload.name},
            code="damaged",
        ) from error
    extension = ALLOWED_FORMATS[image_format]
    content = _encode(image, image_format)
    return ProcessedPhoto(
        content=content, extension=extension, width=image.width, height=image.height
    )


def make_renditions(content: bytes) -> dict[int, bytes]:
    """WebP renditions of a stored (already checked and cleaned) image, by width: every width
    in PHOTO_WIDTHS narrower than the image, and at least the smallest. Same input, same output.
    """
    with Image.open(io.BytesIO(content)) as image:
        image.load()
        renditions: dict[int, bytes] = {}
        for width in PHOTO_WIDTHS:
            if width >= image.width and renditions:
                break
            renditions[width] = _encode(_resized(image, width), "WEBP")
    return renditions


def _open_checked(data: bytes, name: str) -> Image.Image:
    """Open the image lazily (pixels are not decoded yet) and check type and pixel count."""
    too_many = ValidationError(
        _(
            "%(name)s has too many pixels to be a photo (a decompression bomb?); "
            "the limit is %(limit)s megapixels."
        ),
        params={"name": name, "limit": max_pixels() // 1_000_000},
        code="too_many_pixels",
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; treat it as the error it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise too_many from error
    except UnidentifiedImageError as error:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG or WebP image (whatever its name says)."),
            params={"name": name},
            code="not_an_image",
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("%(name)s could not be read as an image: it may be damaged."),
            params={"name": name},
            code="damaged",
        ) from error
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(name)s is a %(format)s image; upload a JPEG, PNG or WebP photo."),
            params={"name": name, "format": image.format},
            code="wrong_type",
        )
    width, height = image.size
    if width * height > max_pixels():
        raise too_many
    # verify() leaves the image unusable: open it again for decoding.
    return Image.open(io.BytesIO(data))


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Pixels only: no EXIF, XMP, ICC comments or text chunks survive."""
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "WEBP": {"quality": 80}, "PNG": {}}
    clean = Image.new(image.mode, image.size)
    if image.mode == "P":
        clean.putpalette(image.getpalette())
    clean.paste(image)
    clean.save(buffer, format=image_format, **options[image_format])
    return buffer.getvalue()
