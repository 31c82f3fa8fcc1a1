"""Read a conference website's content folder into plain data: the Eleventy layout of the
DjangoCon US sites from 2024 on here, the Jekyll layout of 2018-2023 in ``jekyll.py``.

The formats are described in docs/import-site.md. Everything is checked here, before the
database is touched: YAML syntax, required keys, times, presenter references and image files.
Data that cannot mean anything raises :class:`SiteImportError` naming the file and the key;
untidy data that a known convention explains, or that can be left out, is read and recorded
as a :class:`~hallway.interop.errors.Notice` (``strict`` turns warnings into errors).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zoneinfo
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml
from django.utils.text import slugify
from PIL import Image

from hallway.interop.errors import Notice
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
from hallway.interop.site.errors import SiteImportError
from hallway.people.models import is_placeholder_affiliation

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<meta>.*?)^---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.S | re.M
)
# Front matter whose opening --- line is missing: key: value lines, then a --- line.
OPENING_MISSING = re.compile(
    r"\A(?P<meta>[A-Za-z_][\w-]*:.*?)^---[ \t]*(?:\r?\n|\Z)(?P<body>.*)\Z", re.S | re.M
)
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
EXCERPT_SEPARATOR = "<!-- excerpt -->"
# Images a post body shows from the site's own assets folder (Eleventy) or static/img (Jekyll).
ASSET_IMAGE = re.compile(r"/(?:assets|static)/[^\s\"')]+?\.(?:jpe?g|png|gif|webp|svg)", re.I)
# A bare YouTube video id, as some sites put in video_url instead of a URL.
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
# Usual lengths in minutes, for a session without an end time whose kind has no other
# session with one in the same import.
USUAL_MINUTES = {
    "talk": 30, "tutorial": 210, "keynote": 45, "lightning": 60, "panel": 45, "sprint": 480,
    "remarks": 15, "orientation": 30, "break": 30, "meal": 60, "registration": 60,
    "social": 120, "other": 30,
}  # fmt: skip

# A Liquid output of a site.json value in a Markdown body, as Eleventy renders it:
# "[Buy your ticket]({{ site.ticket_link }})".
# What is between {% raw %} and {% endraw %} Liquid shows as it is, without the tags; so does
# the import.
SITE_VALUE = re.compile(
    r"\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|\{\{-?\s*site\.(?P<key>\w+)\s*-?\}\}",
    re.S,
)

PHASES = {"archived": "archived", "active": "live", "live": "live", "landing": "upcoming"}
# site.json keys that become Conference.links entries.
SITE_LINKS = {
    "ticket_link": "tickets",
    "photos_link": "photos",
    "youtube_link": "videos",
    "mailing_list": "mailing_list",
    "cfp_application": "cfp",
    "hotel_reservation_link": "hotel",
    "merchandise_link": "merchandise",
    "opportunity_grant_application": "opportunity_grants",
    "slack_link": "chat",
    "sponsorship_prospectus": "sponsorship_prospectus",
}
SESSION_FOLDERS = {"talks": "talk", "tutorials": "tutorial", "sprints": "sprint"}
SESSION_KINDS = {
    "talk", "tutorial", "keynote", "lightning", "panel", "sprint", "remarks", "orientation",
    "break", "meal", "registration", "social", "other",
}  # fmt: skip
# Schedule items without a category: their kind from words in the title, first match wins.
MANUAL_KINDS = [
    (re.compile(r"\b(breakfast|brunch|lunch|dinner|meal)\b", re.I), "meal"),
    (re.compile(r"\b(break|coffee)\b", re.I), "break"),
    (re.compile(r"\b(registration|check-in)\b", re.I), "registration"),
    (re.compile(r"\bsprints?\b", re.I), "sprint"),
    (re.compile(r"\b(game night|party|social|reception|meetup)\b", re.I), "social"),
]
IMAGE_FORMATS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
SOCIAL_NETWORKS = {
    "bluesky",
    "github",
    "instagram",
    "linkedin",
    "mastodon",
    "twitter",
    "website",
    "x",
}


def read_site(content_dir: Path | str, *, strict: bool = False) -> SiteContent:
    """Parse and check a whole content folder, of either layout (found from its files).

    Raises SiteImportError on the first problem; with ``strict``, also on the first warning.
    """
    root = Path(content_dir)
    if not root.is_dir():
        raise SiteImportError(str(content_dir), "", "not a folder")
    if site_layout(root) == "jekyll":
        from hallway.interop.site.jekyll import JekyllReader

        return JekyllReader(root, strict=strict).read()
    return _Reader(root, strict=strict).read()


def site_layout(root: Path) -> str:
    """``jekyll`` for a folder with ``_config.yml`` and ``_schedule/`` (DjangoCon US
    2018-2023), else ``eleventy`` (2024 on: ``_data/site.json`` and ``schedule/``)."""
    if (root / "_config.yml").is_file() and (root / "_schedule").is_dir():
        return "jekyll"
    return "eleventy"


class _Reader:
    layout = "eleventy"
    session_folders = SESSION_FOLDERS  # folder under the schedule: the kind it holds

    def __init__(self, root: Path, *, strict: bool = False):
        self.root = root
        self.strict = strict
        self.notices: list[Notice] = []
        self.time_zone = zoneinfo.ZoneInfo("UTC")
        self.site_values: dict[str, Any] = {}  # _data/site.json, for {{ site.key }} in bodies

    def warn(
        self, group: str, source: str, key: str, message: str, *, line: int | None = None
    ) -> None:
        """Record a warning; in a strict import it is an error."""
        if self.strict:
            raise SiteImportError(
                source, key, f"{message} (a warning; --strict refuses it)", line=line
            )
        self.notices.append(Notice(group, source, key, message, line=line))

    def company(self, meta: dict, source: str) -> str:
        """A presenter's company, without the placeholders sites put for none ("None", "-")."""
        company = _text(meta, "company", source)
        if company and is_placeholder_affiliation(company):
            self.warn(
                "placeholder company dropped",
                source,
                "company",
                f"{company!r} is a placeholder, not a company; the presenter has none",
            )
            return ""
        return company

    def place_category(self, meta: dict, source: str, name: str, description: str) -> str:
        """The front matter's category, else one read from the place's name and text (the
        DjangoCon sites have no category: every place was "other")."""
        category = _text(meta, "category", source)
        if category:
            if category not in PLACE_CATEGORIES:
                expected = ", ".join(PLACE_CATEGORIES)
                raise SiteImportError(source, "category", f"expected one of {expected}")
            return category
        for text in (name, description):
            for category, pattern in PLACE_CATEGORY_WORDS:
                match = pattern.search(text)
                if match:
                    self.note(
                        "place category from its words",
                        source,
                        "category",
                        f"none given; {category} (from {match[0].lower()!r})",
                    )
                    return category
        return "other"

    def note(self, group: str, source: str, key: str, message: str) -> None:
        """Record how a known convention was read (never an error, even when strict)."""
        self.notices.append(Notice(group, source, key, message, warning=False))

    # -- whole site -------------------------------------------------------------------------

    def read(self) -> SiteContent:
        conference = self.read_conference()
        presenters, references = self.read_presenters()
        sessions = self.read_sessions(references)
        return SiteContent(
            conference=conference,
            sessions=sessions,
            presenters=presenters,
            organizers=self.read_organizers(),
            sponsors=self.read_sponsors(conference.sponsor_levels),
            posts=self.read_posts(),
            places=self.read_places(),
            notices=self.notices,
            layout=self.layout,
        )

    def read_conference(self) -> ConferenceData:
        source = "_data/site.json"
        path = self.root / source
        if not path.is_file() and (self.root.parent / source).is_file():
            # In an Eleventy repository, src/_data/ sits next to src/_content/.
            source = f"../{source}"
            path = self.root / source
        if not path.is_file():
            hint = ""
            if (self.root / "_content" / source).is_file():
                hint = f" (is the content folder {self.root / '_content'}?)"
            raise SiteImportError(source, "", f"file not found{hint}")
        try:
            site = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            line = getattr(error, "lineno", None)
            raise SiteImportError(source, "", f"not valid JSON: {error}", line=line) from error
        if not isinstance(site, dict):
            raise SiteImportError(source, "", "expected a JSON object")
        self.site_values = site
        time_zone = self.read_time_zone(site, source)
        phase = _text(site, "phase", source) or "landing"
        if phase not in PHASES:
            raise SiteImportError(
                source, "phase", f"expected one of {', '.join(PHASES)}, not {phase!r}"
            )
        links = site_links(site)
        social = site.get("social") or {}
        if not isinstance(social, dict):
            raise SiteImportError(source, "social", "expected an object")
        if social:
            links["social"] = {
                key: value for key, value in social.items() if isinstance(value, str) and value
            }
        levels = site.get("sponsorsOrder") or []
        if not isinstance(levels, list) or not all(isinstance(level, str) for level in levels):
            raise SiteImportError(source, "sponsorsOrder", "expected a list of level names")
        return ConferenceData(
            name=_text(site, "name", source),
            time_zone=time_zone,
            phase=PHASES[phase],
            website_url=_text(site, "domain", source),
            links=links,
            sponsor_levels=levels,
            source=source,
        )

    def read_time_zone(self, values: dict, source: str) -> str:
        """The site's ``timezone`` (UTC when it names none), which times are read in."""
        time_zone = _text(values, "timezone", source) or "UTC"
        try:
            self.time_zone = zoneinfo.ZoneInfo(time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise SiteImportError(source, "timezone", f"unknown time zone {time_zone!r}") from error
        return time_zone

    # -- schedule -----------------------------------------------------------------------------

    def read_sessions(self, presenter_slugs: dict[str, str]) -> list[SessionData]:
        sessions = []
        for folder, default_kind in self.session_folders.items():
            for path in self.markdown_files(f"{self.folders['schedule']}/{folder}"):
                meta, body, source = self.front_matter(path)
                sessions.append(
                    self.session_from_file(meta, body, source, default_kind, presenter_slugs)
                )
        sessions.extend(self.read_manual())
        self.fill_missing_ends(sessions)
        _check_unique_session_slugs(sessions)
        return sessions

    def session_from_file(
        self, meta: dict, body: str, source: str, default_kind: str, presenter_slugs: dict[str, str]
    ) -> SessionData:
        title = html.unescape(_required_text(meta, "title", source))
        permalink = _text(meta, "permalink", source)
        slug = slug_from_permalink(permalink, source) if permalink else _file_slug(source)
        # Sessions name presenters by file slug; a presenter's URL slug may differ.
        presenters = self.session_presenters(meta, source, presenter_slugs)
        kind = _text(meta, "kind", source)
        if kind and kind not in SESSION_KINDS:
            raise SiteImportError(source, "kind", f"unknown kind {kind!r}")
        if not kind:
            kind = (
                talk_kind(_file_slug(source), slug, title)
                if default_kind == "talk"
                else default_kind
            )
        return self.session_data(
            meta,
            source,
            kind=kind,
            title=title,
            slug=slug,
            presenters=presenters,
            abstract=body.strip(),
            permalink=permalink,
            is_hidden=_bool(meta, "hidden", source),
        )

    def session_presenters(self, meta: dict, source: str, references: dict[str, str]) -> list[str]:
        """The URL slugs of a session's ``presenter_slugs``, each once, in order."""
        presenters = []
        for reference in _string_list(meta, "presenter_slugs", source):
            if reference not in references:
                raise SiteImportError(
                    source, "presenter_slugs", self.missing_presenter_message(reference)
                )
            if references[reference] not in presenters:
                presenters.append(references[reference])
        return presenters

    def missing_presenter_message(self, reference: str) -> str:
        return f"no presenter file presenters/{reference}.md"

    def session_data(self, meta: dict, source: str, **fields: Any) -> SessionData:
        """A session file's record: what the layouts share, then what the caller read."""
        start, end = self.times(meta, source)
        return SessionData(
            source=source,
            key="",
            start=start,
            end=end,
            room=_text(meta, "room", source),
            track=_text(meta, "track", source),
            tags=_string_list(meta, "tags", source),
            level=_text(meta, "difficulty", source) or _text(meta, "level", source),
            video_url=self.video_url(meta, source),
            slides_url=self.site_url(meta, "slides_url", source),
            **fields,
        )

    def read_manual(self) -> list[SessionData]:
        """``schedule/manual.yaml``: meals, breaks, rooms, sprints... in no particular order."""
        source = "schedule/manual.yaml"
        path = self.root / source
        if not path.is_file():
            return []
        text = _read_text(path, source)
        items = load_yaml(text, source, offset=0)
        try:
            lines = [node.start_mark.line + 1 for node in yaml.compose(text, Loader=Loader).value]
        except (yaml.YAMLError, AttributeError, TypeError):
            lines = []
        if items is None:
            return []
        if not isinstance(items, list):
            raise SiteImportError(source, "", "expected a list of schedule items")
        parsed = []
        for index, item in enumerate(items):
            key = f"[{index}]"
            if not isinstance(item, dict):
                raise SiteImportError(source, key, "expected a mapping", line=lines[index])
            try:
                title = html.unescape(_required_text(item, "title", source))
                permalink = _text(item, "permalink", source)
                kind = _text(item, "kind", source) or manual_kind(title)
                if kind not in SESSION_KINDS:
                    raise SiteImportError(source, "kind", f"unknown kind {kind!r}")
                start, end = self.times(item, source)
            except SiteImportError as error:
                raise SiteImportError(
                    source, f"{key}.{error.key}", error.message, line=lines[index]
                ) from error
            parsed.append(
                SessionData(
                    source=source,
                    key=key,
                    kind=kind,
                    title=title,
                    slug="",
                    start=start,
                    end=end,
                    room=_text(item, "room", source),
                    track=_text(item, "track", source),
                    link_url=permalink,
                    permalink=permalink,
                    is_hidden=_bool(item, "hidden", source),
                )
            )
        # Slugs (and the keys re-imports match on) from title and day, numbered by start time
        # within a day: stable whatever order the list is in.
        counts: dict[str, int] = defaultdict(int)
        for item in sorted(parsed, key=lambda s: (s.start, s.end or s.start, s.room, s.title)):
            day = item.start.astimezone(self.time_zone).date()
            base = f"{slugify(item.title) or 'item'}-{day:%Y-%m-%d}"
            counts[base] += 1
            item.slug = base if counts[base] == 1 else f"{base}-{counts[base]}"
            item.source = f"{source}#{item.slug}"
        return parsed

    start_key, end_key = "start_datetime", "end_datetime"

    def times(self, meta: dict, source: str) -> tuple[dt.datetime, dt.datetime | None]:
        """Start and end; the end is None when missing (``fill_missing_ends`` gives it one).

        An end on the start's month and day but in another year, before the start, is a typo
        seen on real sites (DjangoCon US 2023's sprints end in 2022): read in the start's
        year, with a warning. Any other end before the start is an error.
        """
        start_key, end_key = self.start_key, self.end_key
        start = self.datetime(meta, start_key, source)
        if meta.get(end_key) in (None, ""):
            return start, None
        end = self.datetime(meta, end_key, source)
        if end <= start and (end.month, end.day) == (start.month, start.day):
            fixed = end.replace(year=start.year)
            if fixed > start:
                self.warn(
                    "end in another year than the start",
                    source,
                    end_key,
                    f"{end:%Y-%m-%d %H:%M} is before the start ({start:%Y-%m-%d %H:%M});"
                    f" read as {fixed:%Y-%m-%d %H:%M}",
                )
                end = fixed
        if end <= start:
            raise SiteImportError(
                source,
                end_key,
                f"ends ({end:%Y-%m-%d %H:%M}) before it starts ({start:%Y-%m-%d %H:%M})",
            )
        return start, end

    def fill_missing_ends(self, sessions: list[SessionData]) -> None:
        """Sessions without an end get the length most sessions of their kind have here
        (else a usual length for the kind), said in a note."""
        lengths: dict[str, Counter] = defaultdict(Counter)
        for session in sessions:
            if session.end is not None:
                lengths[session.kind][session.end - session.start] += 1
        for session in sessions:
            if session.end is not None:
                continue
            if lengths[session.kind]:
                length = lengths[session.kind].most_common(1)[0][0]
                why = f"the usual length of a {session.kind} in this programme"
            else:
                length = dt.timedelta(minutes=USUAL_MINUTES.get(session.kind, 30))
                why = f"the usual length of a {session.kind}"
            session.end = session.start + length
            self.note(
                "no end time: given its kind's usual length",
                session.source.partition("#")[0],
                f"{session.key}.{self.end_key}" if session.key else self.end_key,
                f"missing; given {int(length.total_seconds() // 60)} minutes, {why}",
            )

    def video_url(self, meta: dict, source: str) -> str:
        """``video_url``; a bare YouTube id (``eALdLBOaQS0``) becomes its youtu.be URL."""
        value = _text(meta, "video_url", source)
        if YOUTUBE_ID.match(value):
            url = f"https://youtu.be/{value}"
            self.note(
                "bare YouTube id read as a YouTube URL", source, "video_url", f"{value} -> {url}"
            )
            return url
        return value

    def site_url(self, meta: dict, key: str, source: str) -> str:
        """A URL; a path on the old site (``/static/slides/x.pdf``) gets the site's domain."""
        value = _text(meta, key, source)
        domain = str(self.site_values.get(self.domain_key) or "").rstrip("/")
        if value.startswith("/") and not value.startswith("//") and domain:
            url = domain + value
            self.note("site path read as a URL on the old site", source, key, f"{value} -> {url}")
            return url
        return value

    domain_key = "domain"

    def datetime(self, meta: dict, key: str, source: str) -> dt.datetime:
        """An aware datetime; naive values are wall-clock times in the conference's zone."""
        value = meta.get(key)
        if value is None:
            raise SiteImportError(source, key, "required")
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value.strip())
            except ValueError as error:
                raise SiteImportError(source, key, f"not a date and time: {value!r}") from error
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time())
        if not isinstance(value, dt.datetime):
            raise SiteImportError(source, key, f"not a date and time: {value!r}")
        if value.tzinfo is None:
            value = value.replace(tzinfo=self.time_zone)
        return value

    # -- people ---------------------------------------------------------------------------------

    # Where each collection lives, and how a layout names its people's photos and profiles
    # (the Jekyll reader overrides these).
    folders = {
        "schedule": "schedule",
        "presenters": "presenters",
        "organizers": "organizers",
        "sponsors": "sponsors",
        "posts": "posts",
        "places": "places",
    }

    def read_presenters(self) -> tuple[list[PresenterData], dict[str, str]]:
        """The presenters, and their URL slugs by the name sessions give them."""
        presenters, references = [], {}
        for path in self.markdown_files(self.folders["presenters"]):
            meta, body, source = self.front_matter(path)
            reference = self.presenter_reference(meta, path, source)
            permalink = _text(meta, "permalink", source)
            slug = (
                slug_from_permalink(permalink, source)
                if permalink
                else _checked_slug(reference, source)
            )
            references[reference] = slug
            presenters.append(
                PresenterData(
                    source=source,
                    slug=slug,
                    name=_required_text(meta, "name", source),
                    company=self.company(meta, source),
                    pronouns=_text(meta, "pronouns", source),
                    role=_text(meta, "role", source),
                    bio=body.strip(),
                    social=self.social(meta, source),
                    photo=self.person_photo(
                        meta, source, "presenters", file_slug=reference, slug=slug
                    ),
                    permalink=permalink,
                    is_hidden=_bool(meta, "hidden", source),
                )
            )
        _check_unique_slugs(presenters)
        return presenters, references

    def read_organizers(self) -> list[OrganizerData]:
        organizers = []
        for path in self.markdown_files(self.folders["organizers"]):
            meta, _body, source = self.front_matter(path, expand=False)
            slug = _checked_slug(path.stem, source)
            organizers.append(
                OrganizerData(
                    source=source,
                    slug=slug,
                    name=_required_text(meta, "name", source),
                    role=_text(meta, "role", source),
                    social=self.social(meta, source),
                    photo=self.person_photo(meta, source, "organizers", file_slug=slug, slug=slug),
                    is_hidden=_bool(meta, "hidden", source),
                )
            )
        # The site lists organizers by name, case-insensitively.
        for position, organizer in enumerate(
            sorted(organizers, key=lambda o: (o.name.upper(), o.slug))
        ):
            organizer.position = position
        _check_unique_slugs(organizers)
        return organizers

    def presenter_reference(self, meta: dict, path: Path, source: str) -> str:
        """The name sessions' ``presenter_slugs`` use: the file's."""
        return _file_slug(source)

    def social(self, meta: dict, source: str) -> Social:
        return _social(meta, source)

    def person_photo(self, meta: dict, source: str, collection: str, *, file_slug: str, slug: str):
        # Organizers who also present keep their photo with the presenters.
        folders = ["organizers", "presenters"] if collection == "organizers" else ["presenters"]
        return self.image(meta, "photo", source, folders=folders, stem=file_slug)

    # -- content --------------------------------------------------------------------------------

    def read_sponsors(self, level_order: list[str]) -> list[SponsorData]:
        sponsors = []
        for path in self.markdown_files(self.folders["sponsors"]):
            meta, body, source = self.front_matter(path)
            slug = _checked_slug(_file_slug(source), source)
            logo = _mapping(meta, "logo", source)
            url = _mapping(meta, "url", source)
            orientation = _orientation(logo, "orientation", source, key="logo.orientation")
            added_on = meta.get("date")
            if isinstance(added_on, dt.datetime):
                added_on = added_on.date()
            if added_on is not None and not isinstance(added_on, dt.date):
                raise SiteImportError(source, "date", f"not a date: {added_on!r}")
            sponsors.append(
                SponsorData(
                    source=source,
                    slug=slug,
                    name=_required_text(meta, "name", source),
                    level=_required_text(meta, "level", source),
                    added_on=added_on,
                    url=_text(url, "target", source),
                    url_label=_text(url, "label", source),
                    hiring_url=_hiring_url(meta, source),
                    logo_orientation=orientation,
                    description=body.strip(),
                    logo=self.image(
                        logo,
                        "filename",
                        source,
                        folders=["sponsors"],
                        stem=slug,
                        key="logo.filename",
                    ),
                    is_hidden=_bool(meta, "hidden", source),
                )
            )
        _check_unique_slugs(sponsors)
        return sponsors

    def read_posts(self) -> list[PostData]:
        posts = []
        for path in self.markdown_files(self.folders["posts"]):
            meta, body, source = self.front_matter(path)
            slug = _checked_slug(_file_slug(source), source)
            cover = _mapping(meta, "cover", source)
            cover_url = _text(cover, "url", source)
            before, separator, after = body.partition(EXCERPT_SEPARATOR)
            text = (before.rstrip() + "\n\n" + after.lstrip()) if separator else body
            posts.append(
                PostData(
                    source=source,
                    slug=slug,
                    title=html.unescape(_required_text(meta, "title", source)),
                    published_at=self.datetime(meta, "published_datetime", source),
                    author=_text(meta, "author", source),
                    category=_text(meta, "category", source),
                    excerpt=before.strip() if separator else "",
                    body=text.strip(),
                    cover=self.asset_image(cover_url, source, "cover.url", stem=slug)
                    if cover_url
                    else None,
                    cover_alt=_text(cover, "alt", source),
                    inline_images=self.inline_images(text, source),
                    is_hidden=_bool(meta, "hidden", source),
                )
            )
        _check_unique_slugs(posts)
        return posts

    def read_places(self) -> list[PlaceData]:
        places = []
        for position, path in enumerate(self.markdown_files(self.folders["places"])):
            meta, body, source = self.front_matter(path)
            slug = _checked_slug(path.stem, source)
            name = _required_text(meta, "name", source)
            # Some places keep their text in front matter instead of the body.
            description = body.strip() or _text(meta, "description", source).strip()
            category = self.place_category(meta, source, name, description)
            map_url = _text(meta, "map", source)
            latitude, longitude = place_coordinates(meta, map_url, source)
            places.append(
                PlaceData(
                    source=source,
                    slug=slug,
                    name=name,
                    position=position,
                    category=category,
                    address=_text(meta, "location", source),
                    latitude=latitude,
                    longitude=longitude,
                    distance=_text(meta, "distance", source),
                    map_url=map_url,
                    website=_text(meta, "website", source),
                    description=description,
                    photo=self.place_photo(meta, source, stem=slug),
                    is_hidden=_bool(meta, "hidden", source),
                )
            )
        _check_unique_slugs(places)
        return places

    def place_photo(self, meta: dict, source: str, *, stem: str):
        return self.image(meta, "photo", source, folders=["places"], stem=stem)

    def inline_images(self, text: str, source: str) -> dict:
        """The site's own images that a body shows, by the address it uses."""
        inline = {}
        for url in sorted(set(ASSET_IMAGE.findall(text))):
            image = self.asset_image(url, source, "body", stem=Path(url).stem)
            if image is not None:
                inline[url] = image
        return inline

    # -- files ----------------------------------------------------------------------------------

    def markdown_files(self, folder: str) -> list[Path]:
        """The items of a folder: ``*.md`` files, skipping editor notes such as ``_PRESENTERS``."""
        directory = self.root / folder
        if not directory.is_dir():
            return []
        return sorted(
            p for p in directory.glob("*.md") if not p.name.startswith("_") and p.is_file()
        )

    def front_matter(self, path: Path, *, expand: bool = True) -> tuple[dict[str, Any], str, str]:
        """The front matter, the body (with ``{{ site.key }}`` expanded unless ``expand`` is
        False: a body the import does not keep cannot fail it) and the file's relative path."""
        source = path.relative_to(self.root).as_posix()
        text = _read_text(path, source)
        match = FRONT_MATTER.match(text)
        offset = 1  # the YAML starts on the file's second line, after the opening ---
        if not match and OPENING_MISSING.match(text):
            # "title: x\n...\n---\nbody": the closing line is there, the opening one is not.
            match = OPENING_MISSING.match(text)
            offset = 0
            self.warn(
                "no opening --- line",
                source,
                "front matter",
                "the file does not start with ---; read the lines before the first --- as "
                "its front matter",
                line=1,
            )
        if not match:
            raise SiteImportError(
                source, "front matter", "no front matter between --- lines at the top"
            )
        meta = load_yaml(match["meta"], source, offset=offset, key="front matter")
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise SiteImportError(source, "front matter", "expected key: value pairs")
        body = match["body"]
        if expand:
            first_line = text.count("\n", 0, match.start("body")) + 1
            body = self.expand_site_values(body, source, first_line)
        return meta, body, source

    def expand_site_values(self, body: str, source: str, first_line: int) -> str:
        """``{{ site.key }}`` in a body replaced by that value of ``_data/site.json``."""

        def value(match: re.Match) -> str:
            if match["key"] is None:
                return match["raw"]
            found = self.site_values.get(match["key"])
            if isinstance(found, bool) or not isinstance(found, str | int | float):
                line = first_line + body.count("\n", 0, match.start())
                raise SiteImportError(
                    source,
                    "body",
                    f"{match[0]} is not a text value of _data/site.json",
                    line=line,
                )
            if isinstance(found, float) and found.is_integer():
                found = int(found)  # JavaScript prints 2030.0 as 2030
            return str(found)

        return SITE_VALUE.sub(value, body)

    def image(
        self,
        meta: dict,
        field_key: str,
        source: str,
        *,
        folders: list[str],
        stem: str,
        key: str = "",
    ) -> ImageData | None:
        key = key or field_key
        name = meta.get(field_key)
        if name in (None, ""):
            return None
        if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
            raise SiteImportError(source, key, f"expected a file name, not {name!r}")
        for folder in folders:
            path = self.root / folder / name
            if path.is_file():
                return read_image(path, f"{folder}/{name}", source, key, stem=stem)
        also = "".join(f" (nor in {folder}/)" for folder in folders[1:])
        self.missing_image(source, key, f"{folders[0]}/{name}{also}")
        return None

    def missing_image(self, source: str, key: str, what: str) -> None:
        self.warn(
            "image file not found",
            source,
            key,
            f"image file not found: {what}; imported without it",
        )

    def asset_image(self, url: str, source: str, key: str, *, stem: str) -> ImageData | None:
        """An image the site serves from its own root (``/assets/...``), next to ``content/``."""
        relative = url.lstrip("/")
        if ".." in Path(relative).parts or url.startswith(("http:", "https:")):
            raise SiteImportError(source, key, f"expected a path inside the site, not {url!r}")
        for base in (self.root.parent, self.root):
            path = base / relative
            if path.is_file():
                return read_image(path, relative, source, key, stem=slugify(stem) or "image")
        self.missing_image(source, key, f"{url} (looked in {self.root.parent.name}/{relative})")
        return None


# -- helpers (module level so the facts fixture and tests can use them) -------------------------


PLACE_CATEGORIES = ("food", "coffee", "sweets", "drinks", "sight", "other")
# Words that tell a place's kind, tried on its name first, then on its text; first match wins
# (a "museum hotel and restaurant" is a sight, a "coffee shop with a bakery" is coffee).
PLACE_CATEGORY_WORDS = [
    (category, re.compile(rf"\b({words})\b", re.IGNORECASE))
    for category, words in [
        ("coffee", r"coffee|espresso|latte|caf[eé]|tea ?house|roaster"),
        ("sweets", r"ice cream|soft-serve|gelato|bakery|desserts?|donuts?|chocolate|sweets"),
        ("drinks", r"bar|pub|brewery|taproom|beers?|cocktail bar|wine bar|arcade"),
        ("sight", r"museum|gallery|park|garden|theat(?:er|re)|historic|art displays|library"),
        ("food", r"restaurant|food|kitchen|eatery|diner|fare|grill|pizza|tacos|bbq|empanadas?"),
    ]
]
# Coordinates in a map link: Google's /@35.99,-78.90, ?q= / ?ll= / ?query=, OpenStreetMap's
# #map=zoom/lat/lon or ?mlat=&mlon=.
MAP_URL_COORDINATES = [
    re.compile(r"@(-?\d+\.\d+),(-?\d+\.\d+)"),
    re.compile(r"[?&](?:q|ll|query|center)=(-?\d+\.\d+)(?:,|%2C)\s*(-?\d+\.\d+)"),
    re.compile(r"#map=\d+/(-?\d+\.\d+)/(-?\d+\.\d+)"),
    re.compile(r"[?&]mlat=(-?\d+\.\d+)&mlon=(-?\d+\.\d+)"),
]


def place_coordinates(meta: dict, map_url: str, source: str) -> tuple[float | None, float | None]:
    """A place's latitude and longitude: from ``latitude``/``longitude`` (or ``lat``/``lng``/
    ``lon``) in its front matter, else from its map link when the link holds them."""
    keys = [("latitude", "longitude"), ("lat", "lng"), ("lat", "lon")]
    for lat_key, lon_key in keys:
        if meta.get(lat_key) is not None and meta.get(lon_key) is not None:
            try:
                latitude, longitude = float(meta[lat_key]), float(meta[lon_key])
            except (TypeError, ValueError):
                raise SiteImportError(source, lat_key, "expected a number of degrees") from None
            return _checked_coordinates(latitude, longitude, source, lat_key)
    for pattern in MAP_URL_COORDINATES:
        match = pattern.search(map_url)
        if match:
            return _checked_coordinates(float(match[1]), float(match[2]), source, "map")
    return None, None


def _checked_coordinates(
    latitude: float, longitude: float, source: str, key: str
) -> tuple[float, float]:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise SiteImportError(
            source, key, f"{latitude}, {longitude} is not a latitude and a longitude"
        )
    return latitude, longitude


def slug_from_permalink(permalink: str, source: str) -> str:
    """``/talks/keynote-monday/`` -> ``keynote-monday``: the URL the old site used wins over
    the file name."""
    segments = [s for s in permalink.split("#")[0].split("?")[0].split("/") if s]
    if not segments or not SLUG.match(segments[-1]):
        raise SiteImportError(source, "permalink", f"cannot take a URL slug from {permalink!r}")
    return segments[-1]


def talk_kind(file_slug: str, slug: str, title: str) -> str:
    """What a file in ``schedule/talks`` is, from its names and title."""
    words = f"{file_slug} {slug} {title}".lower().replace("-", " ")
    if re.search(r"\bkeynote\b", words):
        return "keynote"
    if re.search(r"\blightning talks?\b", words):
        return "lightning"
    if re.search(r"\b(opening|closing|welcome) remarks\b", words):
        return "remarks"
    if title.lower().startswith("panel") or file_slug.startswith("panel"):
        return "panel"
    if title.strip().lower() == "orientation":
        return "orientation"
    return "talk"


def manual_kind(title: str) -> str:
    for pattern, kind in MANUAL_KINDS:
        if pattern.search(title):
            return kind
    return "other"


def read_image(path: Path, name: str, source: str, key: str, *, stem: str) -> ImageData:
    """Read an image and find its real type: several files lie about theirs in their names."""
    data = path.read_bytes()
    extension = sniff_image(data)
    if extension is None:
        raise SiteImportError(
            source, key, f"{name} is not a JPEG, PNG, GIF, WebP or safe SVG image"
        )
    return ImageData(source=name, stem=stem, extension=extension, data=data)


def sniff_image(data: bytes) -> str | None:
    """The extension for an image's real format, or None if it is none we accept."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "svg" if is_safe_svg(data) else None
    return IMAGE_FORMATS.get(image_format or "")


def is_safe_svg(data: bytes) -> bool:
    """An SVG without script: no <script>, <foreignObject>, event handlers or javascript: links."""
    from lxml import etree

    if b"<svg" not in data[:4096]:
        return False
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return False
    if etree.QName(root).localname != "svg":
        return False
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname.lower() in ("script", "foreignobject"):
            return False
        for attribute, value in element.attrib.items():
            if etree.QName(attribute).localname.lower().startswith("on"):
                return False
            if "javascript:" in value.replace(" ", "").lower():
                return False
    return True


def site_links(values: dict) -> dict:
    """The site's links (tickets, proposals...) and e-mail addresses (``*_email`` keys)."""
    links = {
        name: values[key]
        for key, name in SITE_LINKS.items()
        if isinstance(values.get(key), str) and values[key]
    }
    emails = {
        key.removesuffix("_email"): value
        for key, value in values.items()
        if key.endswith("_email") and isinstance(value, str) and value
    }
    if emails:
        links["emails"] = emails
    return links


def _check_unique_session_slugs(sessions: list[SessionData]) -> None:
    seen: dict[str, str] = {}
    for session in sessions:
        if session.slug in seen:
            raise SiteImportError(
                session.source.partition("#")[0],
                session.key or "permalink",
                f"the URL slug {session.slug!r} is also used by {seen[session.slug]}",
            )
        seen[session.slug] = session.source


def _hiring_url(meta: dict, source: str) -> str:
    """A sponsor's jobs page: a URL, or ``false``/nothing for none."""
    hiring_url = meta.get("hiring_url")
    if hiring_url in (False, None):
        return ""
    if not isinstance(hiring_url, str):
        raise SiteImportError(source, "hiring_url", "expected a URL or false")
    return hiring_url


def _orientation(meta: dict, name: str, source: str, *, key: str) -> str:
    orientation = _text(meta, name, source) or "landscape"
    if orientation not in ("landscape", "portrait"):
        raise SiteImportError(source, key, "expected landscape or portrait")
    return orientation


def _check_unique_slugs(items) -> None:
    seen: dict[str, str] = {}
    for item in items:
        if item.slug in seen:
            raise SiteImportError(
                item.source,
                "permalink",
                f"the URL slug {item.slug!r} is also used by {seen[item.slug]}",
            )
        seen[item.slug] = item.source


def load_yaml(text: str, source: str, *, offset: int, key: str = ""):
    """YAML through the safe loader; syntax errors and values no calendar has (a 30 February)
    raise SiteImportError naming the line, key and value."""
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 (Loader is a safe loader)
    except yaml.YAMLError as error:
        raise _yaml_error(source, error, offset=offset) from error
    except ValueError as error:
        # PyYAML checks a timestamp's syntax, then datetime() refuses it: find which one.
        raise _bad_value(text, source, error, offset=offset, key=key) from error


def _bad_value(text: str, source: str, error: ValueError, *, offset: int, key: str):
    constructor = Loader(text)
    try:
        root = constructor.get_single_node()
    finally:
        constructor.dispose()
    found = _find_bad_scalar(root, constructor, "")
    if found is None:
        return SiteImportError(source, key, f"invalid value: {error}")
    path, node = found
    return SiteImportError(
        source,
        path,
        f"not a real date and time: {node.value!r} ({error})",
        line=node.start_mark.line + 1 + offset,
    )


def _find_bad_scalar(node, constructor, path: str):
    """The first scalar under ``node`` that cannot be constructed, with its key path."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = f"{path}.{key_node.value}" if path else str(key_node.value)
            found = _find_bad_scalar(value_node, constructor, child)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found = _find_bad_scalar(item, constructor, f"{path}[{index}]")
            if found:
                return found
    elif isinstance(node, yaml.ScalarNode):
        try:
            constructor.construct_object(node, deep=True)
        except ValueError:
            return path, node
    return None


def _yaml_error(source: str, error: yaml.YAMLError, *, offset: int) -> SiteImportError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 + offset if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and context_mark is not None:
        # Where the broken construct starts is often the line to fix (an unclosed bracket).
        problem = f"{problem} ({context} started on line {context_mark.line + 1 + offset})"
    return SiteImportError(
        source, "front matter" if offset else "", f"invalid YAML: {problem}", line=line
    )


def _read_text(path: Path, source: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SiteImportError(source, "", f"not UTF-8 text: {error}") from error


def _file_slug(source: str) -> str:
    return Path(source.partition("#")[0]).stem


def _checked_slug(slug: str, source: str) -> str:
    if SLUG.match(slug):
        return slug
    fixed = slugify(slug)
    if not fixed:
        raise SiteImportError(source, "", "cannot make a URL slug from the file name")
    return fixed


def _text(meta: dict, key: str, source: str) -> str:
    value = meta.get(key)
    if value is None or value is False:
        return ""
    if isinstance(value, bool | dict | list):
        raise SiteImportError(source, key, f"expected text, not {type(value).__name__}")
    return str(value).strip()


def _required_text(meta: dict, key: str, source: str) -> str:
    value = _text(meta, key, source)
    if not value:
        raise SiteImportError(source, key, "required")
    return value


def _bool(meta: dict, key: str, source: str) -> bool:
    value = meta.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise SiteImportError(source, key, f"expected true or false, not {value!r}")
    return value


def _mapping(meta: dict, key: str, source: str) -> dict:
    value = meta.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SiteImportError(source, key, "expected key: value pairs")
    return value


def _string_list(meta: dict, key: str, source: str) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if not isinstance(value, list) or not all(
        isinstance(item, str | int | float) for item in value
    ):
        raise SiteImportError(source, key, "expected a list of names")
    return [str(item).strip() for item in value if str(item).strip()]


def _social(meta: dict, source: str) -> Social:
    """Social profiles; handles stay handles, Mastodon ``@user@host`` becomes a URL."""
    raw = _mapping(meta, "social", source)
    social = Social()
    for key, value in raw.items():
        network = str(key).lower()
        if network not in SOCIAL_NETWORKS:
            raise SiteImportError(
                source,
                f"social.{key}",
                f"unknown network (use one of {', '.join(sorted(SOCIAL_NETWORKS))})",
            )
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise SiteImportError(source, f"social.{key}", "expected text")
        value = value.strip()
        if network == "x":
            network = "twitter"
        if network in ("twitter", "github", "instagram", "bluesky"):
            value = _handle(value)
        elif network == "mastodon" and re.fullmatch(r"@?[\w.]+@[\w.-]+\.\w+", value):
            user, host = value.lstrip("@").split("@")
            value = f"https://{host}/@{user}"
        setattr(social, network, value)
    return social


def _handle(value: str) -> str:
    """``@name``, ``https://x.com/name`` and ``name`` all mean the handle ``name``."""
    if value.startswith(("http://", "https://")):
        value = value.rstrip("/").rsplit("/", 1)[-1]
    return value.lstrip("@")
