"""Square WebP thumbnails of people's photos, made with Pillow by a background task.

Imports and the admin queue every size once the photo is stored (``make_thumbnails_on_commit``);
a page request for a thumbnail that is not made yet never waits: it gets the original photo and
queues the work (hallway.people.views). So building a static site or a burst of visitors does
not pay for them.

They live in the public storage beside the conference's other public files
(``conferences/<slug>/thumbs/<folder>/<photo>-<size>.webp``), on local disk or a bucket alike,
and are remade when the photo is newer than the thumbnail, so re-importing a photo under the
same name is picked up.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime
from pathlib import PurePosixPath

from django.core.files.storage import Storage, default_storage
from PIL import Image, ImageOps

from hallway.core.storage import replace_file
from hallway.core.tasks import enqueue_on_commit

# Rendered sizes in CSS pixels times 1 and 2 (for high-density screens).
SIZES = frozenset({96, 180, 360, 540})
QUALITY = 80

try:  # S3Storage raises botocore's error for a missing object, not OSError
    from botocore.exceptions import ClientError as _StorageError
except ImportError:  # pragma: no cover (boto3 is in the lock file)
    _StorageError = OSError

logger = logging.getLogger(__name__)


def thumbnail_name(photo_name: str, conference_slug: str, folder: str, size: int) -> str:
    stem = PurePosixPath(photo_name).stem
    return f"conferences/{conference_slug}/thumbs/{folder}/{stem}-{size}.webp"


def _modified(storage: Storage, name: str) -> datetime | None:
    try:
        return storage.get_modified_time(name)
    except (OSError, NotImplementedError, _StorageError):
        return None


def is_fresh(photo_name: str, target: str, storage: Storage | None = None) -> bool:
    """Whether the thumbnail ``target`` exists and is not older than the photo."""
    storage = storage or default_storage
    made = _modified(storage, target)
    if made is None:
        return False
    photo = _modified(storage, photo_name)
    return photo is None or made >= photo


def square_webp(content: bytes, size: int) -> bytes:
    """``content`` (any image Pillow reads) as a ``size``-pixel square WebP.

    Raises ``OSError`` when it cannot be read as an image.
    """
    with Image.open(io.BytesIO(content)) as original:
        image = ImageOps.exif_transpose(original)
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        square = ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    square.save(buffer, format="WEBP", quality=QUALITY, method=6)
    return buffer.getvalue()


def make_thumbnails(photo_name: str, conference_slug: str, folder: str) -> list[str]:
    """Every size in ``SIZES`` of the stored photo ``photo_name``, unless already fresh.

    Idempotent (fixed names, whole files). Returns the names (re)made. Raises ``OSError`` when
    the photo is missing or not an image (the task logs it and retries).
    """
    storage = default_storage
    stale = [
        (size, target)
        for size in sorted(SIZES)
        if not is_fresh(
            photo_name, target := thumbnail_name(photo_name, conference_slug, folder, size), storage
        )
    ]
    if not stale:
        return []
    with storage.open(photo_name, "rb") as handle:
        content = handle.read()
    for size, target in stale:
        replace_file(storage, target, square_webp(content, size))
    return [target for _, target in stale]


def make_thumbnails_on_commit(photo_name: str, conference_slug: str, folder: str) -> None:
    """Queue ``make_thumbnails`` once the current transaction commits; never if it rolls back,
    so a failed import or admin save leaves no thumbnails behind."""
    from hallway.people.tasks import make_person_thumbnails

    enqueue_on_commit(make_person_thumbnails, photo_name, conference_slug, folder)
