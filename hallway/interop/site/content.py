"""What an Eleventy conference site holds, as plain data, before it touches the database.

The reader (``reader.py``) builds these from a content folder; the facts fixture
(``facts.py``) builds them from JSON. The importer (``services.py``) writes them, so both
sources go through the same validation and the same idempotent writes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ImageData:
    """An image file's bytes, with the extension its content really has (not its name's)."""

    source: str  # path relative to the content folder, for error messages
    stem: str  # the base of the stored file name (usually the owner's slug)
    extension: str  # "jpg", "png", "webp", "gif" or "svg"
    data: bytes = field(repr=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()[:12]

    @property
    def file_name(self) -> str:
        """Content-addressed: the same bytes always get the same name, new bytes a new one."""
        return f"{self.stem}.{self.digest}.{self.extension}"


@dataclass
class Social:
    bluesky: str = ""
    github: str = ""
    instagram: str = ""
    linkedin: str = ""
    mastodon: str = ""
    twitter: str = ""
    website: str = ""


@dataclass
class ConferenceData:
    name: str
    time_zone: str
    phase: str  # a Conference.Phase value
    website_url: str = ""
    links: dict = field(default_factory=dict)
    sponsor_levels: list[str] = field(default_factory=list)
    source: str = "_data/site.json"


@dataclass
class SessionData:
    source: str  # e.g. "schedule/talks/error-culture.md" or "schedule/manual.yaml#breakfast-..."
    key: str  # the key errors name for this item inside its file ("" for whole files)
    kind: str
    title: str
    slug: str
    start: dt.datetime
    end: dt.datetime | None  # None only while reading: the reader gives it the usual length
    room: str = ""
    track: str = ""
    tags: list[str] = field(default_factory=list)
    presenters: list[str] = field(default_factory=list)  # presenter slugs, in order
    abstract: str = ""
    level: str = ""
    video_url: str = ""
    slides_url: str = ""
    link_url: str = ""
    permalink: str = ""
    # Older addresses of the page (Jekyll's redirect_from), redirected to the session.
    redirect_from: list[str] = field(default_factory=list)
    is_hidden: bool = False


@dataclass
class PresenterData:
    source: str
    slug: str
    name: str
    company: str = ""
    pronouns: str = ""
    role: str = ""
    bio: str = ""
    social: Social = field(default_factory=Social)
    photo: ImageData | None = None
    permalink: str = ""
    is_hidden: bool = False


@dataclass
class OrganizerData:
    source: str
    slug: str
    name: str
    role: str = ""
    position: int = 0
    social: Social = field(default_factory=Social)
    photo: ImageData | None = None
    is_hidden: bool = False


@dataclass
class SponsorData:
    source: str
    slug: str
    name: str
    level: str
    added_on: dt.date | None = None
    url: str = ""
    url_label: str = ""
    hiring_url: str = ""
    logo_orientation: str = "landscape"
    description: str = ""
    logo: ImageData | None = None
    is_hidden: bool = False


@dataclass
class PostData:
    source: str
    slug: str
    title: str
    published_at: dt.datetime
    author: str = ""
    category: str = ""
    excerpt: str = ""
    body: str = ""
    cover: ImageData | None = None
    cover_alt: str = ""
    # Images the body shows, by the path the body uses (rewritten to their stored URLs).
    inline_images: dict[str, ImageData] = field(default_factory=dict)
    is_hidden: bool = False


@dataclass
class PlaceData:
    source: str
    slug: str
    name: str
    position: int = 0
    category: str = "other"
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    distance: str = ""
    map_url: str = ""
    website: str = ""
    description: str = ""
    photo: ImageData | None = None
    is_hidden: bool = False


@dataclass
class PageData:
    """A free page of the old site (Jekyll's ``_pages``), or only its address when Hallway
    serves that address itself (``redirect_to`` names Hallway's page for it)."""

    source: str
    permalink: str
    slug: str
    title: str
    body: str = ""
    redirect_from: list[str] = field(default_factory=list)
    redirect_to: str = ""  # a path inside the conference; no page is written then
    is_hidden: bool = False


@dataclass
class SiteContent:
    conference: ConferenceData
    sessions: list[SessionData] = field(default_factory=list)
    presenters: list[PresenterData] = field(default_factory=list)
    organizers: list[OrganizerData] = field(default_factory=list)
    sponsors: list[SponsorData] = field(default_factory=list)
    posts: list[PostData] = field(default_factory=list)
    places: list[PlaceData] = field(default_factory=list)
    pages: list[PageData] = field(default_factory=list)
    # What the reader interpreted or left out (hallway.interop.errors.Notice), for the report.
    notices: list = field(default_factory=list)
    layout: str = "eleventy"
