"""Square WebP thumbnails of people's photos, made with Pillow.

Imports and the admin make every size once the photo is stored (``make_thumbnails_on_commit``),
so building a static site does not pay for them; a request for one that is missing still makes
it then.

They are written next to the conference's other public files
(``MEDIA_ROOT/conferences/<slug>/thumbs/<folder>/<photo>-<size>.webp``) and remade when the
photo is newer than the thumbnail, so re-importing a photo under the same name is picked up.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

# Rendered sizes in CSS pixels times 1 and 2 (for high-density screens).
SIZES = frozenset({96, 180, 360, 540})
QUALITY = 80

logger = logging.getLogger(__name__)


def thumbnail_path(photo_name: str, conference_slug: str, folder: str, size: int) -> Path:
    stem = PurePosixPath(photo_name).stem
    return (
        Path(settings.MEDIA_ROOT)
        / "conferences"
        / conference_slug
        / "thumbs"
        / folder
        / f"{stem}-{size}.webp"
    )


def ensure_thumbnail(photo_path: Path, target: Path, size: int) -> Path:
    """``target``, (re)made from ``photo_path`` as a ``size``-pixel square if it is missing or
    older than the photo. Raises ``OSError`` when the photo cannot be read as an image."""
    if target.is_file() and target.stat().st_mtime >= photo_path.stat().st_mtime:
        return target
    with Image.open(photo_path) as original:
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        square = ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    square.save(temporary, format="WEBP", quality=QUALITY, method=6)
    # Rename is atomic: a concurrent request never serves a half-written file.
    temporary.replace(target)
    return target


def make_thumbnails(photo_name: str, conference_slug: str, folder: str) -> None:
    """Every size in ``SIZES`` of the stored photo ``photo_name``, unless already fresh.

    A photo that cannot be read is logged and skipped: requests for it answer 404, as before.
    """
    try:
        photo_path = Path(default_storage.path(photo_name))
        for size in sorted(SIZES):
            target = thumbnail_path(photo_name, conference_slug, folder, size)
            ensure_thumbnail(photo_path, target, size)
    except (OSError, ValueError):
        logger.warning("Cannot make thumbnails of %s", photo_name, exc_info=True)


def make_thumbnails_on_commit(photo_name: str, conference_slug: str, folder: str) -> None:
    """``make_thumbnails`` once the current transaction commits; never if it rolls back, so a
    failed import or admin save leaves no thumbnails behind."""
    transaction.on_commit(lambda: make_thumbnails(photo_name, conference_slug, folder))
