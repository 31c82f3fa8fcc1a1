"""Social card images (Open Graph / Twitter, 1200x630 PNG) drawn by Hallway with Pillow.

No screenshot service and no font file: Pillow's built-in scalable font draws the text. The
PNG bytes are cached under the conference's version, so any edit to the conference (which
bumps the version) gives new cards, and an unchanged card is drawn once.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils import translation
from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

from hallway.core import cache_keys

if TYPE_CHECKING:
    from collections.abc import Callable

    from hallway.conferences.models import Conference

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
PHOTO = 300
CACHE_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Card:
    """What a card says: a kicker line above the title, the title, and up to two lines below."""

    kicker: str
    title: str
    lines: tuple[str, ...] = ()
    # A portrait drawn as a circle on the right (a presenter's photo), if readable: a file path,
    # or the name of an upload in the public storage (local disk or a bucket).
    photo_path: str | None = None
    photo_name: str | None = None


def cached_card(conference: Conference, key: str, describe: Callable[[], Card]) -> bytes:
    """The PNG for ``key`` (e.g. ``session:42``) of ``conference``, drawn on a cache miss.

    ``describe`` is only called when the card has to be drawn, so a cache hit costs no query.
    """
    # Cards carry dates and words in the active language.
    key = f"{key}:{translation.get_language()}"
    cache_key = cache_keys.SOCIAL_CARD.format(id=conference.pk, version=conference.version, key=key)
    png = cache.get(cache_key)
    if png is None:
        png = draw_card(conference, describe())
        cache.set(cache_key, png, CACHE_SECONDS)
    return png


def _colour(value: str, fallback: str) -> tuple[int, int, int]:
    try:
        return ImageColor.getrgb(value)[:3]
    except ValueError:
        return ImageColor.getrgb(fallback)[:3]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; the last line ends with an ellipsis if cut."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + "…"
    return lines


def _stored(name: str) -> io.BytesIO | None:
    """The upload ``name`` from the public storage, or None when it cannot be read."""
    from django.core.files.storage import default_storage

    try:
        with default_storage.open(name, "rb") as handle:
            return io.BytesIO(handle.read())
    except Exception:  # noqa: BLE001 (any storage's "missing" or "unreachable": no portrait)
        return None


def _paste_portrait(image: Image.Image, path, ring: tuple[int, int, int]) -> bool:
    """Put the photo at ``path`` in a circle on the right; False if it cannot be read."""
    try:
        with Image.open(path) as original:
            portrait = ImageOps.fit(
                ImageOps.exif_transpose(original).convert("RGB"), (PHOTO, PHOTO)
            )
    except (OSError, ValueError):
        return False
    mask = Image.new("L", (PHOTO, PHOTO), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, PHOTO - 1, PHOTO - 1), fill=255)
    left, top = WIDTH - MARGIN - PHOTO, (HEIGHT - PHOTO) // 2
    ImageDraw.Draw(image).ellipse((left - 6, top - 6, left + PHOTO + 5, top + PHOTO + 5), fill=ring)
    image.paste(portrait, (left, top), mask)
    return True


def draw_card(conference: Conference, card: Card) -> bytes:
    """A 1200x630 PNG in the conference's brand colours."""
    tokens = conference.theme_tokens
    background = _colour(tokens["color-brand"], "#0c4b33")
    foreground = _colour(tokens["color-brand-contrast"], "#ffffff")
    accent = _colour(tokens["color-accent"], "#b8471a")

    image = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(image)
    text_width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 16), fill=accent)
    portrait = card.photo_path or (card.photo_name and _stored(card.photo_name))
    if portrait and _paste_portrait(image, portrait, foreground):
        text_width -= PHOTO + MARGIN // 2

    kicker_font = ImageFont.load_default(size=34)
    draw.text((MARGIN, MARGIN), card.kicker, font=kicker_font, fill=foreground)

    # The longest titles get a smaller size so that they still fit in four lines.
    for size in (76, 64, 54, 46):
        title_font = ImageFont.load_default(size=size)
        title_lines = _wrap(draw, card.title, title_font, text_width, 4)
        if not title_lines or not title_lines[-1].endswith("…"):
            break
    y = MARGIN + 80
    for line in title_lines:
        # A thin stroke in the text colour stands in for a bold face (the built-in font has none).
        draw.text(
            (MARGIN, y),
            line,
            font=title_font,
            fill=foreground,
            stroke_width=1,
            stroke_fill=foreground,
        )
        y += int(size * 1.2)

    detail_font = ImageFont.load_default(size=34)
    y = HEIGHT - MARGIN - 44 * len(card.lines[:2])
    for line in card.lines[:2]:
        shown = _wrap(draw, line, detail_font, text_width, 1)
        draw.text((MARGIN, y), shown[0] if shown else "", font=detail_font, fill=foreground)
        y += 44

    buffer = io.BytesIO()
    # Not optimize=True: 5x slower for 4% fewer bytes, and build_site draws every card.
    image.save(buffer, format="PNG")
    return buffer.getvalue()
