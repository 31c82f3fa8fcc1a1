"""Read a Jekyll conference site (the DjangoCon US layout of 2018-2023) into plain data.

The layout differs from the Eleventy one in names, not in meaning: ``_config.yml`` instead of
``_data/site.json``; collections in ``_schedule/``, ``_presenters/``, ``_organizers/``,
``_sponsors/``, ``_places/`` and ``_posts/``; ``date``/``end_date`` for times; flat social keys;
images as site paths (``/static/img/...``); sponsors' and places' text in front matter; posts
at ``/news/<file name without its date>/``; free pages in ``_pages/``. Every address the old
site had is kept: the same URL in Hallway, or a redirect from it (``redirect_from`` too).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.text import slugify

from hallway.interop.site.content import (
    ConferenceData,
    PageData,
    PostData,
    SessionData,
    SiteContent,
    Social,
    SponsorData,
)
from hallway.interop.site.errors import SiteImportError
from hallway.interop.site.reader import (
    SESSION_KINDS,
    SOCIAL_NETWORKS,
    _bool,
    _check_unique_slugs,
    _checked_slug,
    _hiring_url,
    _orientation,
    _Reader,
    _required_text,
    _social,
    _string_list,
    _text,
    load_yaml,
    manual_kind,
    site_links,
    slug_from_permalink,
    talk_kind,
)

SESSION_FOLDERS = {"talks": "talk", "tutorials": "tutorial", "sprints": "sprint"}
# ``category`` of a schedule item without presenters: what it is.
CATEGORY_KINDS = {"lunch": "meal", "social-event": "social", "tutorials": "tutorial"}
# Dates and times at the start of file names: 2023-10-16-09-45-t0-name.md.
DATE_PREFIX = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?:\d{2}-\d{2}-)?(?:t\d+-)?")
# The level order the 2018-2023 templates hard-code.
SPONSOR_LEVELS = [
    "Diamond", "Platinum", "Gold", "Silver", "Bronze", "Coffee", "Opportunity Grant",
    "Opportunity Grants", "Community",
]  # fmt: skip
# Pages of the old site that are lists Hallway builds itself: their address leads there.
SERVED_PAGES = {
    "/": "/",
    "/homepage/": "/",
    "/splashpage/": "/",
    "/styleguide/": "/",
    "/schedule/": "/schedule/",
    "/talks/": "/schedule/",
    "/tutorials/": "/schedule/",
    "/sprints/": "/schedule/",
    "/presenters/": "/presenters/",
    "/organizers/": "/organizers/",
    "/sponsors/": "/sponsors/",
    "/news/": "/news/",
}
LIQUID_TAG = re.compile(r"\{%-?.*?-?%\}", re.S)
LIQUID_OUTPUT = re.compile(r"\{\{-?(?P<expression>.*?)-?\}\}", re.S)
SITE_KEY = re.compile(r"^\s*site\.(?P<key>\w+)\s*$")
META_REFRESH = re.compile(
    r"<meta\s+http-equiv=[\"']refresh[\"']\s+content=[\"']\d+;\s*url=(?P<url>[^\"']*)[\"']", re.I
)


class JekyllReader(_Reader):
    layout = "jekyll"
    start_key, end_key = "date", "end_date"
    domain_key = "url"
    session_folders = SESSION_FOLDERS
    folders = {
        "schedule": "_schedule",
        "presenters": "_presenters",
        "organizers": "_organizers",
        "sponsors": "_sponsors",
        "posts": "_posts",
        "places": "_places",
    }

    def read(self) -> SiteContent:
        conference = self.read_conference()
        presenters, references = self.read_presenters()
        sessions = self.read_sessions(references)
        if sessions:
            last = max(s.end for s in sessions)
            conference.phase = "archived" if last < dt.datetime.now(dt.UTC) else "upcoming"
        return SiteContent(
            conference=conference,
            sessions=sessions,
            presenters=presenters,
            organizers=self.read_organizers(),
            sponsors=self.read_jekyll_sponsors(),
            posts=self.read_jekyll_posts(),
            places=self.read_places(),
            pages=self.read_pages(),
            notices=self.notices,
            layout=self.layout,
        )

    def read_conference(self) -> ConferenceData:
        source = "_config.yml"
        config = load_yaml(self.read_text(source), source, offset=0)
        if not isinstance(config, dict):
            raise SiteImportError(source, "", "expected key: value pairs")
        self.site_values = config
        time_zone = self.read_time_zone(config, source)
        name = _text(config, "title", source)
        year = _text(config, "conf_year", source)
        if name and year and year not in name:
            name = f"{name} {year}"
        links = site_links(config)
        return ConferenceData(
            name=name,
            time_zone=time_zone,
            phase="upcoming",
            website_url=_text(config, "url", source),
            links=links,
            sponsor_levels=list(SPONSOR_LEVELS),
            source=source,
        )

    def read_text(self, source: str) -> str:
        from hallway.interop.site.reader import _read_text

        path = self.root / source
        if not path.is_file():
            raise SiteImportError(source, "", "file not found")
        return _read_text(path, source)

    # -- schedule -----------------------------------------------------------------------------

    def read_manual(self) -> list[SessionData]:
        return []  # Jekyll sites keep every item, breaks included, in _schedule/

    def session_from_file(
        self, meta: dict, body: str, source: str, folder_kind: str, references: dict[str, str]
    ) -> SessionData:
        from hallway.program.models import Session

        title = html.unescape(_required_text(meta, "title", source))
        name = Path(source).stem
        permalink = _text(meta, "permalink", source)
        # Jekyll's rule: the front-matter permalink, else the collection's /:collection/:name/.
        own_path = permalink or f"/schedule/{slugify(name)}/"
        slug = slug_from_permalink(own_path, source)
        presenters = self.session_presenters(meta, source, references)
        kind = self.kind(meta, source, folder_kind, name, slug, title, bool(presenters))
        redirect_from = _string_list(meta, "redirect_from", source)
        if kind in Session.PROGRAM_KINDS:
            page, redirect_from = own_path, redirect_from
        else:
            # Breaks and meals have no page in Hallway: their old one leads to their day.
            page, redirect_from = "", [own_path, *redirect_from]
        abstract = body.strip() or _text(meta, "abstract", source)
        return self.session_data(
            meta,
            source,
            kind=kind,
            title=title,
            slug=slug,
            presenters=presenters,
            abstract=abstract,
            link_url=_text(meta, "link", source),
            permalink=page,
            redirect_from=redirect_from,
            is_hidden=_bool(meta, "hidden", source) or meta.get("published") is False,
        )

    def missing_presenter_message(self, reference: str) -> str:
        return f"no presenter with slug {reference!r}"

    def kind(
        self,
        meta: dict,
        source: str,
        folder_kind: str,
        name: str,
        slug: str,
        title: str,
        has_presenters: bool,
    ) -> str:
        """What an item is. ``category`` names breaks, meals and socials, but the main
        lunch of 2023 says ``talks``: an item is a session when it has presenters."""
        kind = _text(meta, "kind", source)
        if kind:
            if kind not in SESSION_KINDS:
                raise SiteImportError(source, "kind", f"unknown kind {kind!r}")
            return kind
        if folder_kind != "talk":
            return folder_kind
        category = _text(meta, "category", source)
        if has_presenters:
            if title.lower().startswith("orientation"):
                return "orientation"
            return talk_kind(DATE_PREFIX.sub("", name), slug, title)
        if category in CATEGORY_KINDS:
            return CATEGORY_KINDS[category]
        return manual_kind(title)

    # -- people ---------------------------------------------------------------------------------

    def presenter_reference(self, meta: dict, path: Path, source: str) -> str:
        """Sessions name presenters by their ``slug`` key, else by the file's name."""
        return _text(meta, "slug", source) or path.stem

    def person_photo(self, meta: dict, source: str, collection: str, *, file_slug: str, slug: str):
        return self.site_image(meta, "photo_url", source, stem=slug)

    def place_photo(self, meta: dict, source: str, *, stem: str):
        return self.site_image(meta, "photo_url", source, stem=stem)

    def social(self, meta: dict, source: str) -> Social:
        """Jekyll sites keep social profiles as flat keys (``twitter: name``)."""
        flat = {key: meta[key] for key in sorted(SOCIAL_NETWORKS) if key in meta}
        linkedin = flat.get("linkedin")
        if isinstance(linkedin, str) and linkedin and not linkedin.startswith("http"):
            url = f"https://www.linkedin.com/in/{linkedin.strip().lstrip('@')}/"
            self.note(
                "LinkedIn name read as a profile URL", source, "linkedin", f"{linkedin} -> {url}"
            )
            flat["linkedin"] = url
        return _social({"social": flat}, source)

    # -- content --------------------------------------------------------------------------------

    def read_jekyll_sponsors(self) -> list[SponsorData]:
        sponsors = []
        for path in self.markdown_files(self.folders["sponsors"]):
            meta, body, source = self.front_matter(path)
            slug = _checked_slug(DATE_PREFIX.sub("", path.stem) or path.stem, source)
            sponsors.append(
                SponsorData(
                    source=source,
                    slug=slug,
                    name=_required_text(meta, "name", source),
                    level=_required_text(meta, "level", source),
                    added_on=self.file_date(path, source),
                    url=_text(meta, "url_target", source),
                    url_label=_text(meta, "url_friendly", source),
                    hiring_url=_hiring_url(meta, source),
                    logo_orientation=_orientation(
                        meta, "logo_orientation", source, key="logo_orientation"
                    ),
                    # The blurb is in front matter; the body is empty.
                    description=body.strip() or _text(meta, "description", source),
                    logo=self.site_image(meta, "logo", source, stem=slug),
                    is_hidden=_bool(meta, "hidden", source),
                )
            )
        _check_unique_slugs(sponsors)
        return sponsors

    def read_jekyll_posts(self) -> list[PostData]:
        posts = []
        for path in self.markdown_files(self.folders["posts"]):
            meta, body, source = self.front_matter(path)
            # _config.yml's news/:title/: the file name without its date, capitals kept.
            slug = _checked_slug(DATE_PREFIX.sub("", path.stem) or path.stem, source)
            if meta.get("date") in (None, ""):
                published = dt.datetime.combine(
                    self.file_date(path, source), dt.time(), tzinfo=self.time_zone
                )
            else:
                published = self.datetime(meta, "date", source)
            posts.append(
                PostData(
                    source=source,
                    slug=slug,
                    title=html.unescape(_required_text(meta, "title", source)),
                    published_at=published,
                    author=_text(meta, "author", source) or _text(meta, "author_name", source),
                    category=_text(meta, "category", source),
                    body=body.strip(),
                    cover=self.site_image(meta, "post_photo_url", source, stem=slug),
                    cover_alt=_text(meta, "post_photo_alt", source),
                    inline_images=self.inline_images(body, source),
                    is_hidden=_bool(meta, "hidden", source) or meta.get("published") is False,
                )
            )
        _check_unique_slugs(posts)
        return posts

    def read_pages(self) -> list[PageData]:
        """``_pages``: free pages keep their address; list pages lead to Hallway's own."""
        pages = []
        folder = self.root / "_pages"
        paths = (
            sorted(folder.glob("*.md")) + sorted(folder.glob("*.html")) if folder.is_dir() else []
        )
        for path in sorted(paths):
            meta, body, source = self.front_matter(path, expand=False)
            permalink = _text(meta, "permalink", source)
            if meta.get("published") is False or not permalink or not permalink.endswith("/"):
                if permalink and not permalink.endswith("/") and "." not in permalink:
                    permalink += "/"  # /presenters: Jekyll wrote /presenters/index.html
                else:
                    continue  # not built (published: false) or not a page (/404.html)
            redirect_from = _string_list(meta, "redirect_from", source)
            segments = [s for s in permalink.split("/") if s]
            slug = slugify("-".join(segments))
            title = (_text(meta, "title", source) or _text(meta, "heading", source) or slug).strip()
            if permalink in SERVED_PAGES or not slug:
                pages.append(
                    PageData(
                        source=source,
                        permalink=permalink,
                        slug=slug,
                        title=title,
                        redirect_from=redirect_from,
                        redirect_to=SERVED_PAGES.get(permalink, "/"),
                    )
                )
                continue
            if not free_page_slug(slug):
                taken = f"{slug}-page"
                self.note(
                    "page moved off a built-in address",
                    source,
                    "permalink",
                    f"/{slug}/ is one of Hallway's own addresses; the page is at /{taken}/",
                )
                slug = taken
            text = self.without_liquid(body).strip()
            refresh = META_REFRESH.search(text)
            if refresh:
                # A redirect stub (/merch/ -> the shop): the page links where it led.
                url = html.unescape(refresh["url"].strip())
                text = f"This page moved to <{url}>." if url else ""
            pages.append(
                PageData(
                    source=source,
                    permalink=permalink,
                    slug=slug,
                    title=html.unescape(title)[:300],
                    body=text,
                    redirect_from=redirect_from,
                )
            )
        return pages

    def without_liquid(self, body: str) -> str:
        """A page body without its template code: ``{{ site.key }}`` becomes its value, other
        Liquid goes (the loops of list pages need Hallway's own pages instead)."""

        def output(match: re.Match) -> str:
            key = SITE_KEY.match(match["expression"])
            value = self.site_values.get(key["key"]) if key else None
            return str(value) if isinstance(value, str | int | float) else ""

        return LIQUID_OUTPUT.sub(output, LIQUID_TAG.sub("", body))

    # -- helpers --------------------------------------------------------------------------------

    def site_image(self, meta: dict, key: str, source: str, *, stem: str):
        """An image named by its path on the site (``/static/img/x.jpg``) or by a full URL
        on the site's own domain."""
        value = _text(meta, key, source)
        if not value:
            return None
        if value.startswith(("http://", "https://")):
            value = urlsplit(value).path
        value = "/" + value.lstrip("/")
        return self.asset_image(value, source, key, stem=stem)

    def file_date(self, path: Path, source: str) -> dt.date | None:
        match = DATE_PREFIX.match(path.stem)
        if not match:
            return None
        try:
            return dt.date.fromisoformat(match["date"])
        except ValueError:
            raise SiteImportError(
                source, "", f"the file name's date {match['date']!r} is not a real date"
            ) from None


def free_page_slug(slug: str) -> bool:
    """True if ``/<slug>/`` reaches a free page on a conference's own host name."""
    from django.conf import settings
    from django.urls import Resolver404, resolve

    try:
        match = resolve(f"/{slug}/", urlconf=settings.HALLWAY_HOST_URLCONF)
        return match.view_name == "content:page-detail"
    except Resolver404:
        return False
