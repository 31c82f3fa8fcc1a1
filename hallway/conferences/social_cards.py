"""Social card images (Open Graph / Twitter, 1200x630 PNG) drawn by Hallway with Pillow.

No screenshot service and no font file: Pillow's built-in scalable font draws the text. The
PNG bytes are cached under the conference's version, so any edit to the conference (which
bumps the version) gives new cards, and an unchanged card is drawn once.

Drawing takes a tenth of a second of CPU, too much for a request that a link shared on social
media may bring in by the thousand: a request that misses the cache queues the drawing
(``hallway.conferences.tasks.draw_social_card``, once across servers) and answers a plain card
in the brand's default colours that nobody caches (``no-store``), until the worker has stored
the real one. ``build_site``, which is not a request, draws in process
(:func:`drawing_in_process`).
"""

from __future__ import annotations

import hashlib
import io
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import cache as memoize
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation
from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

from hallway.core import cache_keys
from hallway.core.reuse import reuse
from hallway.core.tasks import enqueue_once

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from hallway.conferences.models import Conference

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
PHOTO = 300
CACHE_SECONDS = 7 * 24 * 3600
# Answered while the real card is being drawn: 1200x630, the default brand colours, no text.
PENDING_CARD = Path(__file__).parent / "static" / "conferences" / "card-pending.png"
# How long one request's queued drawing holds off the next requests' (across servers).
QUEUED_SECONDS = 300

# Set while build_site runs: cards are drawn in process, as no worker may be running.
_draw_here = [0]


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


def card_cache_key(conference_id: int, version: int, key: str) -> str:
    return cache_keys.SOCIAL_CARD.format(id=conference_id, version=version, key=key)


def cached_card(conference: Conference, key: str, describe: Callable[[], Card]) -> bytes | None:
    """The PNG for ``key`` (e.g. ``session:42``) of ``conference``, or None while it is drawn.

    ``describe`` is only called on a cache miss (a hit costs no query); it raises Http404 for
    what does not exist, before anything is queued. A miss queues the drawing, once per card
    across every app server, and returns None: answer :func:`card_response` either way.
    """
    # Cards carry dates and words in the active language.
    key = f"{key}:{translation.get_language()}"
    cache_key = card_cache_key(conference.pk, conference.version, key)
    png = cache.get(cache_key)
    if png is not None:
        return png
    card = describe()
    if _draw_here[0]:
        png = reuse(
            "social-card", card_inputs(conference, card), lambda: draw_card(conference, card)
        )
        cache.set(cache_key, png, CACHE_SECONDS)
        return png
    from hallway.conferences.tasks import draw_social_card

    enqueue_once(
        f"card:{cache_key}",
        draw_social_card,
        conference.pk,
        conference.version,
        key,
        asdict(card),
        seconds=QUEUED_SECONDS,
    )
    return None


def card_response(png: bytes | None) -> HttpResponse:
    """The card's answer: cached for a day, or the pending card that no one may keep."""
    response = HttpResponse(png or pending_card(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400" if png else "no-store"
    return response


def card_inputs(conference: Conference, card: Card) -> tuple:
    """Everything :func:`draw_card` draws ``card`` from, for :func:`hallway.core.reuse.reuse`
    (``build_site`` keeps the cards between builds): its words, the brand's colours and the
    portrait's bytes (by hash)."""
    tokens = conference.theme_tokens
    colours = tuple(
        tokens[name] for name in ("color-brand", "color-brand-contrast", "color-accent")
    )
    portrait = None
    try:
        if card.photo_path:
            portrait = Path(card.photo_path).read_bytes()
        elif card.photo_name:
            stored = _stored(card.photo_name)
            portrait = stored.getvalue() if stored is not None else None
    except OSError:
        portrait = None
    photo = hashlib.blake2b(portrait, digest_size=16).hexdigest() if portrait else None
    return (
        colours,
        card.kicker,
        card.title,
        tuple(card.lines),
        card.photo_path,
        card.photo_name,
        photo,
    )


@memoize
def pending_card() -> bytes:
    return PENDING_CARD.read_bytes()


@contextmanager
def drawing_in_process() -> Iterator[None]:
    """Draw missing cards inside the caller (``build_site``) rather than queueing them."""
    _draw_here[0] += 1
    try:
        yield
    finally:
        _draw_here[0] -= 1


def store_card(conference: Conference, version: int, key: str, card: Card) -> bool:
    """Draw ``card`` and store it under ``version``; False when it was already stored (a
    second run of the same task, or a card another request has queued too)."""
    cache_key = card_cache_key(conference.pk, version, key)
    if cache.get(cache_key) is not None:
        return False
    cache.set(cache_key, draw_card(conference, card), CACHE_SECONDS)
    return True


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
