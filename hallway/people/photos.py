"""Square WebP thumbnails of people's photos, made with Pillow on first request.

They are written next to the conference's other public files
(``MEDIA_ROOT/conferences/<slug>/thumbs/<folder>/<photo>-<size>.webp``) and remade when the
photo is newer than the thumbnail, so re-importing a photo under the same name is picked up.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from django.conf import settings
from PIL import Image, ImageOps

# Rendered sizes in CSS pixels times 1 and 2 (for high-density screens).
SIZES = frozenset({96, 180, 360, 540})
QUALITY = 80


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
