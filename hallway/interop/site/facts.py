"""The facts of a conference site, without its prose or pictures, as JSON.

The demo ships a DjangoCon US 2024 fixture in this format: names, titles, times, rooms,
tracks, tags, kinds, permalinks and links, but no abstracts, bios, post bodies, descriptions
or images, which belong to their authors. ``facts_from_content`` writes it from a parsed
content folder (``load_demo --write-fixture``); ``content_from_facts`` turns it back into
``SiteContent`` for the same importer, with generated initials avatars in place of photos.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from hallway.interop.site.content import (
    ConferenceData,
    ImageData,
    OrganizerData,
    PlaceData,
    PostData,
    PresenterData,
    SessionData,
    SiteContent,
    Social,
    SponsorData,
)

FORMAT = "hallway-site-facts"
VERSION = 1
# Authored text and images: never written to a facts file.
NOT_FACTS = frozenset(
    {"abstract", "bio", "description", "body", "excerpt", "cover", "cover_alt", "inline_images"}
    | {"photo", "logo"}
)
KINDS = {
    "sessions": SessionData,
    "presenters": PresenterData,
    "organizers": OrganizerData,
    "sponsors": SponsorData,
    "posts": PostData,
    "places": PlaceData,
}
# Written only when not empty, so facts files from before these fields existed stay current.
OPTIONAL_FACTS = frozenset({"redirect_from", "latitude", "longitude"})
AVATAR_COLOURS = ["#0c4b33", "#b8471a", "#1f4e79", "#6b2d5c", "#3d5a1e", "#7a4b00"]


def facts_from_content(content: SiteContent, *, name: str, source: str = "") -> dict[str, Any]:
    """The JSON-ready facts of ``content``: everything except authored text and images."""
    conference = dataclasses.asdict(content.conference)
    conference["name"] = name or conference["name"]
    facts: dict[str, Any] = {"format": FORMAT, "version": VERSION, "source": source}
    facts["conference"] = conference
    for kind in KINDS:
        facts[kind] = [_facts_of(item) for item in getattr(content, kind)]
    return facts


def content_from_facts(facts: dict[str, Any]) -> SiteContent:
    """``SiteContent`` from a facts file, with placeholder avatars and short stand-in texts."""
    if facts.get("format") != FORMAT or facts.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} version {VERSION} file")
    conference = ConferenceData(**facts["conference"])
    content = SiteContent(conference=conference)
    for kind, cls in KINDS.items():
        items = [_item_from(cls, values) for values in facts.get(kind, [])]
        setattr(content, kind, items)
    website = conference.website_url.rstrip("/")
    for person in [*content.presenters, *content.organizers]:
        person.photo = initials_avatar(person.name, stem=person.slug)
    for post in content.posts:
        if website:
            # A pointer, not the post: the demo carries only facts.
            post.body = (
                "This demo holds only the title and date of this post."
                f" Read it at <{website}/news/{post.slug}/>."
            )
    return content


def dump_facts(content: SiteContent, *, name: str, source: str = "") -> str:
    """The facts file's text: stable, so regenerating from unchanged content changes nothing."""
    facts = facts_from_content(content, name=name, source=source)
    return json.dumps(facts, indent=1, ensure_ascii=False, default=_json_default) + "\n"


def write_facts(content: SiteContent, path: Path, *, name: str, source: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_facts(content, name=name, source=source), encoding="utf-8")


def read_facts(path: Path) -> SiteContent:
    return content_from_facts(json.loads(path.read_text(encoding="utf-8")))


def initials_avatar(name: str, *, stem: str, size: int = 256) -> ImageData:
    """A square PNG with the person's initials; the same name always gives the same bytes."""
    initials = (
        "".join(word[0] for word in name.split()[:3] if word[:1].isalnum()).upper()[:2] or "?"
    )
    colour = AVATAR_COLOURS[
        int(hashlib.sha256(name.encode()).hexdigest(), 16) % len(AVATAR_COLOURS)
    ]
    image = Image.new("RGB", (size, size), colour)
    font = ImageFont.load_default(size=size * 3 // 8)
    ImageDraw.Draw(image).text(
        (size / 2, size / 2), initials, font=font, fill="#ffffff", anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return ImageData(source="generated avatar", stem=stem, extension="png", data=buffer.getvalue())


def _facts_of(item) -> dict[str, Any]:
    values = {}
    for field in dataclasses.fields(item):
        if field.name in NOT_FACTS:
            continue
        value = getattr(item, field.name)
        if field.name in OPTIONAL_FACTS and not value:
            continue
        if isinstance(value, Social):
            value = {key: handle for key, handle in dataclasses.asdict(value).items() if handle}
        values[field.name] = value
    return values


def _item_from(cls, values: dict[str, Any]):
    values = {key: value for key, value in values.items() if key not in NOT_FACTS}
    for key in ("start", "end", "published_at"):
        if key in values:
            values[key] = dt.datetime.fromisoformat(values[key])
    if values.get("added_on"):
        values["added_on"] = dt.date.fromisoformat(values["added_on"])
    if "social" in values:
        values["social"] = Social(**values["social"])
    return cls(**values)


def _json_default(value):
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
