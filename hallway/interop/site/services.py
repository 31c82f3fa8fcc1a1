"""Write a conference site's content into Hallway: idempotent, atomic, URL-preserving.

``import_site`` reads a content folder (see reader.py) and hands the result to
``import_site_content``, which the demo's facts fixture uses too. Every item is matched to
what an earlier import created by its ``source_key`` (the file it came from), compared field
by field, and written only when something differs, so a second run of the same content
changes nothing. Image files are stored under content-addressed names and written only when
their bytes change; files written by an import that fails are removed again.
"""

from __future__ import annotations

import html
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify

from hallway.conferences.models import Conference, Room, Tag, Track
from hallway.conferences.signals import path_in_conference, record_path_change
from hallway.content.models import Page, Place, Post, Sponsor, SponsorLevel
from hallway.content.navigation import refresh_menu_links
from hallway.content.page_templates import PAGE_TEMPLATES
from hallway.interop.report import ImportReport, KindReport
from hallway.interop.services import publish_conference
from hallway.interop.site.content import ImageData, SessionData, SiteContent
from hallway.interop.site.errors import SiteImportError
from hallway.interop.site.reader import read_site
from hallway.people.models import Organizer, Presenter
from hallway.people.photos import make_thumbnails_on_commit
from hallway.people.services import link_presenters
from hallway.program.changes import record_added, recording_changes
from hallway.program.models import Session, SessionPresenter

# Which front-matter key a model field came from, so validation errors name the key.
FIELD_KEYS = {
    "sessions": {
        "start": "start_datetime",
        "end": "end_datetime",
        "level": "difficulty",
        "link_url": "permalink",
    },
    "sponsors": {
        "url": "url.target",
        "url_label": "url.label",
        "added_on": "date",
        "logo": "logo.filename",
    },
    "posts": {"published_at": "published_datetime", "cover": "cover.url", "cover_alt": "cover.alt"},
    "places": {"address": "location", "map_url": "map"},
}
SOCIAL_FIELDS = ("bluesky", "github", "instagram", "linkedin", "mastodon", "twitter", "website")
IMPORT_SOURCE = "import_site"
# Kinds whose photos get square thumbnails, kept in a folder named after the kind (as the
# photo views in hallway.people.views expect).
THUMBNAILED_KINDS = frozenset({"presenters", "organizers"})
# Each kind's source keys start with its folder; rows with other keys came from elsewhere
# (the admin, another importer) and an import never hides or removes them.
SESSION_PREFIX = "schedule/"
PAGE_PREFIX = "permalink:"
SITE_PAGE_PREFIX = "_pages/"


def import_site(
    content_dir: Path | str,
    *,
    slug: str,
    name: str | None = None,
    strict: bool = False,
    publish: bool = False,
) -> ImportReport:
    """Import a content folder (Eleventy or Jekyll layout) as the conference ``slug``
    (created if needed).

    Raises SiteImportError naming the file and key of the first problem (with ``strict``,
    also of the first warning); the database and the media storage are then exactly as they
    were. The report lists the warnings and notes of what was imported anyway. A new
    conference is a draft (not public) unless ``publish``.
    """
    return import_site_content(
        read_site(content_dir, strict=strict), slug=slug, name=name, publish=publish
    )


def import_site_content(
    content: SiteContent, *, slug: str, name: str | None = None, publish: bool = False
) -> ImportReport:
    """Create or update conference ``slug`` from parsed site content, in one transaction.

    ``name`` overrides the conference name; without it an existing conference keeps its name
    and a new one gets the content's, or one made from the slug.
    """
    files = _Files()
    try:
        with transaction.atomic(), recording_changes("import_site"):
            report = _Importer(content, slug=slug, name=name, files=files).run()
            report.notices = list(content.notices)
            # Presenters written in bulk skipped the match to one person across years.
            link_presenters(report.conference.presenters.filter(person__isnull=True))
            # Pages written in bulk skipped the signal that lists them in the menus.
            refresh_menu_links(report.conference.pk)
            if publish:
                publish_conference(report.conference)
            transaction.on_commit(files.delete_replaced)
    except BaseException:
        files.delete_written()
        raise
    return report


def name_from_slug(slug: str) -> str:
    """``djangocon-us-2024`` -> ``DjangoCon US 2024``."""
    known = {
        "djangocon": "DjangoCon",
        "pycon": "PyCon",
        "europython": "EuroPython",
        "djangoday": "DjangoDay",
    }
    words = []
    for word in slug.split("-"):
        if word in known:
            words.append(known[word])
        elif len(word) <= 2 and word.isalpha():
            words.append(word.upper())
        else:
            words.append(word.capitalize())
    return " ".join(words)


class _Files:
    """Media writes of one import: undone if it fails, old versions dropped once it commits."""

    def __init__(self):
        self.storage = default_storage
        self.written: list[str] = []
        self.replaced: list[str] = []

    def store(self, name: str, image: ImageData) -> str:
        # Names carry a hash of the bytes, so an existing file with this name is this image.
        if self.storage.exists(name):
            return name
        saved = self.storage.save(name, ContentFile(image.data))
        self.written.append(saved)
        return saved

    def delete_written(self) -> None:
        for name in self.written:
            self.storage.delete(name)
        self.written = []

    def delete_replaced(self) -> None:
        for name in self.replaced:
            self.storage.delete(name)


class _Importer:
    def __init__(self, content: SiteContent, *, slug: str, name: str | None, files: _Files):
        self.content = content
        self.slug = slug
        self.name = name
        self.files = files
        self.conference: Conference
        self.report: ImportReport
        self.redirects: dict[str, str] = {}
        self.created_keys: set[str] = set()
        self.updated_keys: set[str] = set()
        self.conference_report = KindReport()

    def run(self) -> ImportReport:
        self.conference = self.sync_conference()
        self.report = ImportReport(self.conference)
        self.report.kinds["conference"] = self.conference_report
        rooms = self.sync_rooms()
        tracks = self.sync_tracks()
        tags = self.sync_tags()
        levels = self.sync_sponsor_levels()
        presenters = self.sync_presenters()
        self.sync_sessions(rooms, tracks, tags, presenters)
        self.sync_organizers()
        self.sync_sponsors(levels)
        self.sync_posts()
        self.sync_places()
        self.sync_site_pages()
        self.sync_pages()
        self.sync_redirects()
        if self.report.changes:
            self.conference.bump_version()
        return self.report

    # -- conference and its vocabularies ------------------------------------------------------

    def sync_conference(self) -> Conference:
        data = self.content.conference
        try:
            tz = zoneinfo.ZoneInfo(data.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise SiteImportError(
                data.source, "timezone", f"unknown time zone {data.time_zone!r}"
            ) from error
        starts = [s.start.astimezone(tz).date() for s in self.content.sessions]
        ends = [s.end.astimezone(tz).date() for s in self.content.sessions]
        today = timezone.now().astimezone(tz).date()
        conference = Conference.objects.filter(slug=self.slug).first()
        values: dict[str, Any] = {
            "time_zone": data.time_zone,
            "phase": data.phase,
            "website_url": data.website_url,
            "links": data.links,
            "starts_on": min(starts) if starts else (conference.starts_on if conference else today),
            "ends_on": max(ends) if ends else (conference.ends_on if conference else today),
        }
        if self.name or conference is None:
            values["name"] = self.name or data.name or name_from_slug(self.slug)
        if conference is None:
            conference = Conference(slug=self.slug, **values)
            self.clean(conference, data.source, "conference", exclude=["slug"])
            conference.save()
            self.conference_report.created = 1
        elif _assign(conference, values):
            self.clean(conference, data.source, "conference", exclude=["slug"])
            conference.save()
            self.conference_report.updated = 1
        else:
            self.conference_report.unchanged = 1
        return conference

    def sync_rooms(self) -> dict[str, Room]:
        # Rooms in the order the programme first uses them; positions set only on creation,
        # so an organizer's reordering in the admin survives a re-import.
        names: list[str] = []
        for session in sorted(self.content.sessions, key=lambda s: (s.start, s.track, s.room)):
            if session.room and session.room not in names:
                names.append(session.room)
        existing = {room.name: room for room in self.conference.rooms.all()}
        taken = {room.slug for room in existing.values()}
        position = max((room.position for room in existing.values()), default=-1) + 1
        new = []
        for name in names:
            if name in existing:
                continue
            slug = _unique_slug(slugify(name.replace("/", "-")) or "room", taken)
            room = Room(
                conference=self.conference,
                name=name,
                slug=slug,
                position=position,
                is_online="online" in name.lower(),
            )
            position += 1
            new.append(room)
            existing[name] = room
        Room.objects.bulk_create(new)
        self.count("rooms", created=len(new), unchanged=len(names) - len(new))
        return existing

    def sync_tracks(self) -> dict[str, Track]:
        keys = sorted({s.track for s in self.content.sessions if s.track})
        existing = {track.slug: track for track in self.conference.tracks.all()}
        new = []
        for position, key in enumerate(keys):
            slug = slugify(key)
            if slug in existing:
                continue
            number = key[1:] if key[:1] == "t" and key[1:].isdigit() else ""
            name = f"Track {int(number) + 1}" if number else key
            track = Track(conference=self.conference, name=name, slug=slug, position=position)
            new.append(track)
            existing[slug] = track
        Track.objects.bulk_create(new)
        self.count("tracks", created=len(new), unchanged=len(keys) - len(new))
        return {key: existing[slugify(key)] for key in keys}

    def sync_tags(self) -> dict[str, Tag]:
        names = sorted({tag for s in self.content.sessions for tag in s.tags})
        existing = {tag.slug: tag for tag in self.conference.tags.all()}
        new = []
        for name in names:
            slug = slugify(name)
            if not slug:
                source = next(s for s in self.content.sessions if name in s.tags)
                raise SiteImportError(
                    source.source, "tags", f"cannot make a URL slug from the tag {name!r}"
                )
            if slug not in existing:
                tag = Tag(conference=self.conference, name=name, slug=slug)
                new.append(tag)
                existing[slug] = tag
        Tag.objects.bulk_create(new)
        self.count("tags", created=len(new), unchanged=len(names) - len(new))
        return {name: existing[slugify(name)] for name in names}

    def sync_sponsor_levels(self) -> dict[str, SponsorLevel]:
        names = list(self.content.conference.sponsor_levels)
        for sponsor in self.content.sponsors:
            if sponsor.level not in names:
                names.append(sponsor.level)
        existing = {level.slug: level for level in self.conference.sponsor_levels.all()}
        levels = {}
        for position, name in enumerate(names):
            slug = slugify(name)
            if not slug:
                raise SiteImportError(
                    self.content.conference.source,
                    "sponsorsOrder",
                    f"cannot make a URL slug from {name!r}",
                )
            level = existing.get(slug)
            if level is None:
                level = SponsorLevel.objects.create(
                    conference=self.conference, name=name, slug=slug, position=position
                )
                self.count("sponsor levels", created=1)
            elif _assign(level, {"name": name, "position": position}):
                level.save()
                self.count("sponsor levels", updated=1)
            else:
                self.count("sponsor levels", unchanged=1)
            levels[name] = level
        return levels

    # -- people ----------------------------------------------------------------------------------

    def sync_presenters(self) -> dict[str, Presenter]:
        rows = []
        for item in self.content.presenters:
            values = {
                "name": item.name,
                "slug": item.slug,
                "company": item.company,
                "pronouns": item.pronouns,
                "role": item.role,
                "bio": item.bio,
                "is_hidden": item.is_hidden,
                **{name: getattr(item.social, name) for name in SOCIAL_FIELDS},
            }
            rows.append(_Row(item.source, item.slug, values, {"photo": item.photo}))
        objects = self.sync(
            Presenter, "presenters", rows, self.conference.presenters.all(), prefix="presenters/"
        )
        for item in self.content.presenters:
            if item.permalink:
                self.redirect(item.permalink, objects[item.source])
        return {obj.slug: obj for obj in objects.values()}

    def sync_organizers(self) -> None:
        rows = []
        for item in self.content.organizers:
            values = {
                "name": item.name,
                "slug": item.slug,
                "role": item.role,
                "position": item.position,
                "is_hidden": item.is_hidden,
                **{name: getattr(item.social, name) for name in SOCIAL_FIELDS},
            }
            rows.append(_Row(item.source, item.slug, values, {"photo": item.photo}))
        self.sync(
            Organizer, "organizers", rows, self.conference.organizers.all(), prefix="organizers/"
        )

    # -- programme -------------------------------------------------------------------------------

    def sync_sessions(self, rooms, tracks, tags, presenters) -> None:
        rows = []
        for item in self.content.sessions:
            values = {
                "kind": item.kind,
                "title": item.title,
                "slug": item.slug,
                "abstract": item.abstract,
                "start": item.start,
                "end": item.end,
                "room_id": rooms[item.room].pk if item.room else None,
                "track_id": tracks[item.track].pk if item.track else None,
                "level": item.level,
                "video_url": item.video_url,
                "slides_url": item.slides_url,
                "link_url": item.link_url,
                "is_hidden": item.is_hidden,
                "is_cancelled": False,
            }
            rows.append(_Row(item.source, item.slug, values, {}, key=item.key))
        queryset = self.conference.sessions.all()
        objects = self.sync(
            Session, "sessions", rows, queryset, prefix=SESSION_PREFIX, remove=False
        )
        # As import_schedule does: a session joining a programme attendees already saw is
        # logged as added (the change log shows it; starred or not, nothing else is lost).
        created = [key for key in objects if key in self.created_keys]
        if created and len(created) < len(objects) and self.conference_report.created == 0:
            for key in created:
                if objects[key].start is not None and not objects[key].is_hidden:
                    record_added(objects[key])
        changed = self.sync_session_links(objects, tags, presenters)
        counts = self.report.kinds["sessions"]
        moved = len(changed - self.created_keys - self.updated_keys)
        counts.updated += moved
        counts.unchanged -= moved
        tz = self.conference.tzinfo
        for item in self.content.sessions:
            session = objects[item.source]
            if item.permalink and item.kind in Session.PROGRAM_KINDS:
                self.redirect(item.permalink, session)
            for old_path in item.redirect_from:
                if item.kind in Session.PROGRAM_KINDS:
                    self.redirect(old_path, session)
                else:
                    # A break or a meal has no page of its own: its day of the schedule.
                    day = item.start.astimezone(tz).date()
                    self.redirect_path(old_path, f"/schedule/{day:%Y-%m-%d}/")
        gone = queryset.filter(source_key__startswith=SESSION_PREFIX, is_cancelled=False).exclude(
            source_key__in=objects.keys()
        )
        removed = gone.count()
        if removed:
            from hallway.program.services import remove_sessions

            remove_sessions(gone, source=IMPORT_SOURCE)
            counts.removed += removed

    def sync_session_links(self, objects: dict[str, Session], tags, presenters) -> set[str]:
        """Tags and ordered presenters of imported sessions; returns keys whose links changed."""
        by_id = {session.pk: key for key, session in objects.items()}
        items = {item.source: item for item in self.content.sessions}
        changed: set[str] = set()

        through = Session.tags.through
        wanted = {
            (objects[key].pk, tags[name].pk) for key, item in items.items() for name in item.tags
        }
        have = set(through.objects.filter(session_id__in=by_id).values_list("session_id", "tag_id"))
        through.objects.bulk_create([through(session_id=s, tag_id=t) for s, t in wanted - have])
        stale = have - wanted
        for session_id, tag_id in stale:
            through.objects.filter(session_id=session_id, tag_id=tag_id).delete()
        changed |= {by_id[s] for s, _ in wanted ^ have}

        wanted_people = {
            (objects[key].pk, presenters[slug].pk): position
            for key, item in items.items()
            for position, slug in enumerate(item.presenters)
        }
        have_people = {
            (row.session_id, row.presenter_id): row
            for row in SessionPresenter.objects.filter(session_id__in=by_id)
        }
        new_links = []
        for pair, position in wanted_people.items():
            row = have_people.get(pair)
            if row is None:
                new_links.append(
                    SessionPresenter(session_id=pair[0], presenter_id=pair[1], position=position)
                )
                changed.add(by_id[pair[0]])
            elif row.position != position:
                row.position = position
                row.save(update_fields=["position"])
                changed.add(by_id[pair[0]])
        SessionPresenter.objects.bulk_create(new_links)
        for pair, row in have_people.items():
            if pair not in wanted_people:
                row.delete()
                changed.add(by_id[pair[0]])
        return changed

    # -- content ---------------------------------------------------------------------------------

    def sync_sponsors(self, levels: dict[str, SponsorLevel]) -> None:
        rows = []
        for item in self.content.sponsors:
            values = {
                "level_id": levels[item.level].pk,
                "name": item.name,
                "slug": item.slug,
                "logo_orientation": item.logo_orientation,
                "url": item.url,
                "url_label": item.url_label,
                "description": item.description,
                "hiring_url": item.hiring_url,
                "added_on": item.added_on,
                "is_hidden": item.is_hidden,
            }
            rows.append(_Row(item.source, item.slug, values, {"logo": item.logo}))
        self.sync(Sponsor, "sponsors", rows, self.conference.sponsors.all(), prefix="sponsors/")

    def sync_posts(self) -> None:
        rows = []
        for item in self.content.posts:
            body = item.body
            for url, image in item.inline_images.items():
                name = self.files.store(_upload_name(Post, self.conference, image.file_name), image)
                body = body.replace(url, self.files.storage.url(name))
            values = {
                "title": item.title,
                "slug": item.slug,
                "author": item.author,
                "category": item.category,
                "published_at": item.published_at,
                "cover_alt": item.cover_alt,
                "excerpt": item.excerpt,
                "body": body,
                "is_hidden": item.is_hidden,
            }
            rows.append(_Row(item.source, item.slug, values, {"cover": item.cover}))
        self.sync(Post, "posts", rows, self.conference.posts.all(), prefix="posts/")

    def sync_places(self) -> None:
        rows = []
        for item in self.content.places:
            values = {
                "name": item.name,
                "slug": item.slug,
                "category": item.category,
                "address": item.address,
                "latitude": item.latitude,
                "longitude": item.longitude,
                "distance": item.distance,
                "map_url": item.map_url,
                "website": item.website,
                "description": item.description,
                "position": item.position,
                "is_hidden": item.is_hidden,
            }
            rows.append(_Row(item.source, item.slug, values, {"photo": item.photo}))
        self.sync(Place, "places", rows, self.conference.places.all(), prefix="places/")

    def sync_pages(self) -> None:
        """Pages the schedule links to but the content folder does not hold (a catering menu,
        the hackathon): generated from the items that link there, so those links still work."""
        targets: dict[str, list[SessionData]] = defaultdict(list)
        for item in self.content.sessions:
            path = item.link_url.partition("#")[0]
            segments = [s for s in path.split("/") if s]
            if len(segments) == 1 and path.startswith("/") and self.is_free_page_path(path):
                targets[segments[0]].append(item)
        others = self.conference.pages.exclude(source_key__startswith=PAGE_PREFIX).values_list(
            "slug", flat=True
        )
        written_by_hand = set(others) | {page.slug for page in self.content.pages}
        rows = []
        for slug, items in sorted(targets.items()):
            if slug in written_by_hand:
                continue
            values = {
                "title": slug.replace("-", " ").capitalize(),
                "slug": slug,
                "body": self.page_body(items),
                "is_hidden": False,
            }
            rows.append(_Row(f"{PAGE_PREFIX}/{slug}/", slug, values, {}))
        self.sync(
            Page,
            "pages",
            rows,
            self.conference.pages.filter(source_key__startswith=PAGE_PREFIX),
            prefix=PAGE_PREFIX,
        )

    def sync_site_pages(self) -> None:
        """The old site's own free pages (Jekyll's ``_pages``) at their old addresses; pages
        whose address Hallway serves itself (the schedule, the news) only redirect there."""
        if self.content.layout != "jekyll":
            return  # Eleventy sites keep their pages in templates, not content
        rows = []
        for item in self.content.pages:
            if item.redirect_to:
                for old_path in [item.permalink, *item.redirect_from]:
                    self.redirect_path(old_path, item.redirect_to)
                continue
            values = {
                "title": item.title,
                "slug": item.slug,
                "body": item.body,
                "is_hidden": item.is_hidden,
            }
            rows.append(_Row(item.source, item.slug, values, {}))
        before = set(self.conference.pages.values_list("pk", flat=True))
        objects = self.sync(
            Page,
            "pages",
            rows,
            self.conference.pages.filter(source_key__startswith=SITE_PAGE_PREFIX),
            prefix=SITE_PAGE_PREFIX,
        )
        # A new code of conduct, venue, visas or FAQ page goes in the footer, as on the old
        # site; organizers decide from then on (a re-import leaves the flag alone).
        standard = {slug for t in PAGE_TEMPLATES for slug in (t.slug, *t.aliases)}
        Page.objects.filter(
            pk__in=[page.pk for page in objects.values() if page.pk not in before],
            slug__in=standard,
        ).update(in_navigation=True)
        for item in self.content.pages:
            if item.source in objects:
                for old_path in [item.permalink, *item.redirect_from]:
                    self.redirect(old_path, objects[item.source])

    def page_body(self, items: list[SessionData]) -> str:
        tz = self.conference.tzinfo
        sections: dict[str, list[str]] = defaultdict(list)
        for item in sorted(items, key=lambda s: (s.start, s.title)):
            start, end = item.start.astimezone(tz), item.end.astimezone(tz)
            line = f"- {item.title}: {start:%A} {start.day} {start:%B}, {start:%H:%M}–{end:%H:%M}"
            line += f", {item.room}" if item.room else ""
            sections[item.link_url.partition("#")[2]].append(line)
        parts = []
        for anchor, lines in sections.items():
            if anchor:
                # Raw HTML keeps the exact id the old links use.
                title = html.escape(anchor.replace("-", " ").capitalize())
                parts.append(f'<h2 id="{html.escape(anchor)}">{title}</h2>')
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    def is_free_page_path(self, path: str) -> bool:
        """True if ``/<slug>/`` would reach a free page rather than another view."""
        try:
            match = resolve(f"/{self.conference.slug}{path}")
        except Resolver404:
            return False
        return match.view_name == "content:page-detail"

    # -- redirects -------------------------------------------------------------------------------

    def redirect(self, permalink: str, obj: models.Model) -> None:
        """Remember that an old URL must keep working: a redirect if the new one differs."""
        self.redirect_path(permalink, path_in_conference(obj))

    def redirect_path(self, permalink: str, new_path: str) -> None:
        old_path = permalink.partition("#")[0]
        if not old_path.startswith("/"):
            old_path = f"/{old_path}"
        if old_path != new_path:
            self.redirects[old_path] = new_path

    def sync_redirects(self) -> None:
        existing = {r.old_path: r for r in self.conference.redirects.all()}
        for old_path, new_path in sorted(self.redirects.items()):
            redirect = existing.get(old_path)
            if redirect is not None and redirect.new_path == new_path:
                self.count("redirects", unchanged=1)
                continue
            # The shared rule: no chains, and no redirect away from a live path.
            record_path_change(self.conference.pk, old_path, new_path)
            self.count(
                "redirects", created=int(redirect is None), updated=int(redirect is not None)
            )

    # -- the generic part ------------------------------------------------------------------------

    def sync(
        self,
        model: type[models.Model],
        kind: str,
        rows: list[_Row],
        queryset: models.QuerySet,
        *,
        prefix: str,
        remove: bool = True,
    ) -> dict[str, Any]:
        """Create, update or leave each row's object; returns them by source key.

        Rows match earlier imports by source key, else by slug (adopting an object made by
        hand). With ``remove``, earlier imported objects missing from the rows are hidden.
        """
        existing = list(queryset)
        by_key = {obj.source_key: obj for obj in existing if obj.source_key}
        by_slug = {obj.slug: obj for obj in existing}
        result: dict[str, Any] = {}
        matched: set[int] = set()
        new = []
        for row in rows:
            obj = by_key.get(row.source) or by_slug.get(row.slug)
            if obj is not None and obj.pk in matched:
                raise SiteImportError(
                    row.source, "", f"its URL slug {row.slug!r} is already used by another item"
                )
            created = obj is None
            if created:
                obj = model(conference=self.conference)
            else:
                # A renamed item keeps its old URL: saving it records a redirect
                # (hallway.conferences.signals).
                matched.add(obj.pk)
            changed = _assign(obj, {**row.values, "source_key": row.source})
            for field_name, image in row.images.items():
                if self.assign_image(obj, field_name, image):
                    changed = True
                    photo = getattr(obj, field_name)
                    if kind in THUMBNAILED_KINDS and photo:
                        # Made now so the first page view (or site build) does not wait.
                        make_thumbnails_on_commit(photo.name, self.conference.slug, kind)
            if created or changed:
                self.clean(obj, row.source.partition("#")[0], kind, key=row.key)
            if created:
                new.append(obj)
                self.created_keys.add(row.source)
                self.count(kind, created=1)
            elif changed:
                obj.save()
                self.updated_keys.add(row.source)
                self.count(kind, updated=1)
            else:
                self.count(kind, unchanged=1)
            result[row.source] = obj
        model.objects.bulk_create(new)
        if remove:
            gone = [
                obj
                for obj in existing
                if obj.source_key.startswith(prefix)
                and obj.source_key not in result
                and not obj.is_hidden
            ]
            for obj in gone:
                obj.is_hidden = True
                obj.save(update_fields=["is_hidden"])
            self.count(kind, removed=len(gone))
        return result

    def assign_image(self, obj, field_name: str, image: ImageData | None) -> bool:
        current = getattr(obj, field_name).name or ""
        if image is None:
            if not current:
                return False
            self.files.replaced.append(current)
            setattr(obj, field_name, "")
            return True
        name = _upload_name(type(obj), self.conference, image.file_name, field_name)
        if current == name:
            return False
        stored = self.files.store(name, image)
        if current:
            self.files.replaced.append(current)
        setattr(obj, field_name, stored)
        return True

    def clean(self, obj, source: str, kind: str, *, exclude=(), key: str = "") -> None:
        """Model validation (lengths, URLs, choices) reported as file and key."""
        file_fields = [f.name for f in obj._meta.fields if isinstance(f, models.FileField)]
        relations = [f.name for f in obj._meta.fields if f.is_relation]
        try:
            obj.full_clean(
                exclude=[*exclude, *file_fields, *relations],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as error:
            field_name, messages = next(iter(error.message_dict.items()))
            field_key = FIELD_KEYS.get(kind, {}).get(field_name, field_name)
            if field_name in SOCIAL_FIELDS:
                field_key = f"social.{field_name}"
            if field_key == "__all__":
                field_key = ""
            full_key = f"{key}.{field_key}" if key and field_key else (key or field_key)
            raise SiteImportError(source, full_key, " ".join(messages)) from error

    def count(self, kind: str, *, created=0, updated=0, unchanged=0, removed=0) -> None:
        counts = self.report.kinds[kind]
        counts.created += created
        counts.updated += updated
        counts.unchanged += unchanged
        counts.removed += removed


@dataclass
class _Row:
    source: str
    slug: str
    values: dict[str, Any]
    images: dict[str, ImageData | None]
    key: str = ""


def _assign(obj, values: dict[str, Any]) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in taken:
        candidate, number = f"{slug}-{number}", number + 1
    taken.add(candidate)
    return candidate


def _upload_name(model, conference: Conference, file_name: str, field_name: str = "") -> str:
    """Where the model's upload_to puts ``file_name`` for this conference."""
    field_name = field_name or next(
        f.name for f in model._meta.fields if isinstance(f, models.FileField)
    )
    instance = model(conference=conference)
    return model._meta.get_field(field_name).generate_filename(instance, file_name)
