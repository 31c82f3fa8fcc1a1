"""Build an attendee's recap of one conference as a Markdown post.

The shape follows real hand-written recaps: a title and intro, a table of contents, a section
for before the conference and one per day (sessions attended with their page, presenters,
"My points of interest" and the video; moments), the hallway track, then sightseeing and food.
Every section ends with a "back to top" link. Heading anchors follow GitHub's algorithm
(:func:`github_slug`), so the table of contents also works on GitHub Pages; unfinished notes
are left out (or kept as HTML comments) and listed for their owner instead of shipping empty.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import nh3
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from hallway.companion.extras import AgendaExtra, agenda_extras
from hallway.companion.models import Contact, Moment, Note, Photo, Recap, Star, Visit
from hallway.core.formats import format_as
from hallway.core.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from hallway.core.seams import session_extras
from hallway.core.storage import private_storage
from hallway.program.models import Session

BACK_TO_TOP = "<sub>[**back to top**](#table-of-contents)</sub>"
TOC_TITLE = "Table of Contents"


def clock(moment) -> str:
    """A time of day as the site writes it in the active language (2:30 PM in English)."""
    return format_as(moment, "time")


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading (github-slugger, without de-duplication).

    Lower-case; keep letters, marks, numbers, connector punctuation (``_``), ``-`` and spaces;
    drop everything else (punctuation, symbols, emoji); each space becomes ``-``.
    """
    kept = []
    for char in text.lower():
        category = unicodedata.category(char)
        if char in "- " or category[0] in "LMN" or category == "Pc":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


class Slugger:
    """GitHub's de-duplication: the second "Intro" is ``intro-1``, the third ``intro-2``."""

    def __init__(self) -> None:
        self.occurrences: dict[str, int] = {}

    def slug(self, text: str) -> str:
        base = result = github_slug(text)
        while result in self.occurrences:
            self.occurrences[base] += 1
            result = f"{base}-{self.occurrences[base]}"
        self.occurrences[result] = 0
        return result


_ESCAPE = re.compile(r"([\\`*_\[\]<>#|!~])")


def escape_inline(text: str) -> str:
    """Text shown as is in Markdown (titles, names): escape what Markdown would interpret."""
    return _ESCAPE.sub(r"\\\1", " ".join(text.split()))


def contained(markdown: str) -> str:
    """An attendee's Markdown made safe to embed in the recap without changing its shape.

    Their headings become bold lines (they would otherwise add sections that the table of
    contents does not list and that end without a back-to-top link), an unclosed code fence is
    closed and an unclosed HTML comment cannot hide the rest of the post.
    """
    text = markdown.strip().replace("<!--", "&lt;!--")
    if not text:
        return ""
    lines = text.splitlines()
    tokens = _block_parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            start, end = token.map
            words = tokens[index + 1].content.strip()
            lines[start:end] = [f"**{words}**"] + [""] * (end - start - 1)
        elif token.type == "fence" and token.map and token.map[1] >= len(lines):
            fence = token.markup
            if len(lines) - token.map[0] < 2 or not lines[-1].strip().startswith(fence):
                lines.append(fence)
    return "\n".join(lines).strip()


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def html_comment(text: str) -> str:
    # "--" may not appear inside an HTML comment; a comment must not end early.
    return "<!--\n" + text.replace("--", "- -").strip() + "\n-->"


@dataclass
class Heading:
    level: int
    text: str
    anchor: str


@dataclass
class Unfinished:
    kind: str
    title: str
    reason: str
    url: str = ""


@dataclass
class RecapImage:
    photo: Photo
    file_name: str


@dataclass
class RecapDocument:
    markdown: str
    headings: list[Heading]
    images: list[RecapImage]
    unfinished: list[Unfinished] = field(default_factory=list)

    @property
    def photo_ids(self) -> set[int]:
        return {image.photo.pk for image in self.images}


def image_file_name(photo: Photo) -> str:
    stem = slugify(photo.caption)[:50].strip("-") or "photo"
    return f"{stem}-{photo.pk}.{photo.extension}"


class _Writer:
    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.headings: list[Heading] = []
        self.slugger = Slugger()
        self.slugger.slug(TOC_TITLE)
        self.open_section = False

    def heading(self, level: int, text: str) -> None:
        self.end_section()
        anchor = self.slugger.slug(text)
        self.headings.append(Heading(level, text, anchor))
        self.blocks.append(f"{'#' * level} {escape_inline(text)}")
        self.open_section = True
        self.has_body = False

    def add(self, block: str) -> None:
        if block:
            self.blocks.append(block)
            self.has_body = True

    def end_section(self) -> None:
        """Close the current section with a back-to-top link, unless it is only a parent heading."""
        if self.open_section and self.has_body:
            self.blocks.append(BACK_TO_TOP)
        self.open_section = False

    def finish(self, title: str) -> str:
        self.end_section()
        toc = [f"## {TOC_TITLE}", ""]
        for heading in self.headings:
            indent = "    " * (heading.level - 2)
            toc.append(f"{indent}- [{escape_inline(heading.text)}](#{heading.anchor})")
        return "\n\n".join([f"# {escape_inline(title)}", "\n".join(toc), *self.blocks]) + "\n"


class RecapBuilder:
    """Collects one attendee's data for one conference and writes the recap.

    ``image_url(photo, file_name)`` says where the Markdown points for each image:
    ``images/<file>`` for the download, a permission-checked URL for the HTML page.
    ``absolute(path)`` turns a site path into the absolute URL the post links to.
    """

    def __init__(
        self,
        recap: Recap,
        *,
        absolute: Callable[[str], str],
        image_url: Callable[[Photo, str], str] | None = None,
        for_owner: bool = True,
    ) -> None:
        self.recap = recap
        self.user = recap.user
        self.conference = recap.conference
        self.absolute = absolute
        self.image_url = image_url or (lambda photo, name: f"images/{name}")
        self.images: list[RecapImage] = []
        self.unfinished: list[Unfinished] = []
        self.for_owner = for_owner

    # Data ---------------------------------------------------------------------------------

    def _load(self) -> None:
        user, conference = self.user, self.conference
        photos = Photo.objects.filter(user=user, conference=conference).order_by(
            "taken_position", "pk"
        )
        self.photos_by: dict[tuple[str, int], list[Photo]] = defaultdict(list)
        for photo in photos:
            if photo.session_id:
                self.photos_by["session", photo.session_id].append(photo)
            elif photo.moment_id:
                self.photos_by["moment", photo.moment_id].append(photo)
            else:
                self.photos_by["visit", photo.visit_id].append(photo)
        notes = {
            note.session_id: note
            for note in Note.objects.filter(user=user, session__conference=conference)
        }
        label_id = self.recap.label_id
        starred = (
            set(
                Star.objects.filter(
                    user=user, session__conference=conference, label_id=label_id
                ).values_list("session_id", flat=True)
            )
            if label_id
            else set()
        )
        wanted = starred | {pk for pk, note in notes.items() if note.is_finished}
        self.sessions = list(
            Session.objects.filter(pk__in=wanted)
            .with_people()
            .select_related("conference")
            .order_by("start", "end", "title")
        )
        # What higher apps add to these sessions (a lightning session's accepted talks).
        self.session_extras = session_extras.for_sessions(conference, self.sessions)
        self.notes = notes
        self.moments = list(Moment.objects.filter(user=user, conference=conference))
        self.contacts = list(Contact.objects.filter(user=user, conference=conference))
        self.visits = list(
            Visit.objects.filter(user=user, conference=conference).select_related("guide_place")
        )
        # Volunteer shifts and side events: only what the attendee took part in, not what
        # they waited for.
        self.extras = [
            extra for extra in agenda_extras.for_user(user, conference) if extra.is_confirmed
        ]

    # Pieces -------------------------------------------------------------------------------

    def _photos(self, kind: str, pk: int) -> str:
        lines = []
        for photo in self.photos_by.get((kind, pk), []):
            name = image_file_name(photo)
            self.images.append(RecapImage(photo, name))
            caption = escape_inline(photo.caption)
            if photo.credit:
                caption += " " + _("(photo credit: %(credit)s)") % {
                    "credit": escape_inline(photo.credit)
                }
            # The caption is a paragraph of its own: screen readers then do not hear it twice
            # (caption text and alt text) as one block.
            lines.append(
                f"{caption}\n\n![{escape_inline(photo.caption)}]({self.image_url(photo, name)})"
            )
        return "\n\n".join(lines)

    def _session(self, writer: _Writer, session: Session) -> None:
        writer.heading(3, session.title)
        link = f"[{escape_inline(session.title)}]({self.absolute(session.get_absolute_url())})"
        presenters = [escape_inline(p.name) for p in session.ordered_presenters]
        if presenters:
            names = (
                ", ".join(presenters[:-1]) + " " + _("and") + " " + presenters[-1]
                if len(presenters) > 1
                else presenters[0]
            )
            link += " " + _("by %(names)s") % {"names": names}
        writer.add(link)
        time = session.local_start
        if time:
            where = f" · {escape_inline(session.room.name)}" if session.room_id else ""
            writer.add(f"{date_format(time, 'l')} {clock(time)}{where}")
        for extra in self.session_extras.get(session.pk, []):
            writer.add(f"**{escape_inline(extra.heading)}**")
            writer.add(
                "\n".join(
                    f"{n}. {escape_inline(line)}" for n, line in enumerate(extra.lines, start=1)
                )
            )
        note = self.notes.get(session.pk)
        if note and note.is_finished:
            writer.add(_("My points of interest"))
            writer.add(contained(note.body))
        else:
            reason = _("draft") if note and note.is_draft else _("no points of interest yet")
            self.unfinished.append(
                Unfinished(_("Session"), session.title, reason, self._note_url(session))
            )
            if note and note.body.strip() and self.recap.drafts_as_comments:
                writer.add(html_comment(note.body))
        if session.video_url:
            writer.add(
                _("Video: [%(title)s](%(url)s)")
                % {"title": _("watch the recording"), "url": session.video_url}
            )
        writer.add(self._photos("session", session.pk))

    def _note_url(self, session: Session) -> str:
        from hallway.conferences.urls_helpers import conference_reverse

        return conference_reverse(self.conference, "companion:session-notes", pk=session.pk)

    def _moment(self, writer: _Writer, moment: Moment) -> None:
        writer.heading(3, moment.title)
        details = []
        if moment.time:
            details.append(clock(moment.time))
        if moment.place:
            details.append(escape_inline(moment.place))
        if details:
            writer.add(" · ".join(details))
        writer.add(contained(moment.body))
        writer.add(self._photos("moment", moment.pk))

    # Document -----------------------------------------------------------------------------

    def build(self) -> RecapDocument:
        self._load()
        writer = _Writer()
        conference = self.conference
        writer.heading(2, _("Intro"))
        writer.add(contained(self.recap.intro) or self._default_intro())

        days: dict[dt.date, list[tuple[tuple, str, object]]] = defaultdict(list)
        for session in self.sessions:
            day = session.local_start.date() if session.start else conference.starts_on
            days[day].append(
                ((session.local_start.time() if session.start else dt.time()), "session", session)
            )
        for moment in self.moments:
            if not moment.is_finished:
                self.unfinished.append(
                    Unfinished(
                        _("Moment"),
                        moment.title,
                        _("draft") if moment.is_draft else _("no notes yet"),
                        self._moment_url(moment),
                    )
                )
                if self.recap.drafts_as_comments and moment.body.strip():
                    days[moment.date].append((moment.time or dt.time(), "comment", moment))
                continue
            days[moment.date].append((moment.time or dt.time(), "moment", moment))

        tz = conference.tzinfo
        for extra in self.extras:
            local = extra.start.astimezone(tz)
            days[local.date()].append((local.time(), "extra", extra))

        before = sorted(d for d in days if d < conference.starts_on)
        if before:
            writer.heading(2, _("Pre-conference"))
            for day in before:
                self._day_items(writer, days[day])
        for day in sorted(d for d in days if d >= conference.starts_on):
            writer.heading(2, format_as(day, "agenda_day"))
            self._day_items(writer, days[day])

        if self.contacts:
            writer.heading(2, _("Hallway track"))
            writer.heading(3, _("People I met"))
            writer.add("\n".join(self._contact_line(c) for c in self.contacts))
        visits = sorted(self.visits, key=lambda v: (v.category != "sight", v.pk))
        if visits:
            writer.heading(2, _("Sightseeing and food"))
            for visit in visits:
                self._visit(writer, visit)
        markdown = writer.finish(self.recap.display_title)
        return RecapDocument(markdown, writer.headings, self.images, self.unfinished)

    def _moment_url(self, moment: Moment) -> str:
        from hallway.conferences.urls_helpers import conference_reverse

        return conference_reverse(self.conference, "companion:moment-edit", pk=moment.pk)

    def _day_items(self, writer: _Writer, items: list) -> None:
        for _time, kind, item in sorted(
            items, key=lambda entry: (entry[0], entry[1] != "session", str(entry[2]))
        ):
            if kind == "session":
                self._session(writer, item)
            elif kind == "moment":
                self._moment(writer, item)
            elif kind == "extra":
                self._extra(writer, item)
            else:
                writer.add(html_comment(f"{item.title}\n\n{item.body}"))

    def _extra(self, writer: _Writer, extra: AgendaExtra) -> None:
        writer.heading(3, extra.title)
        local = extra.start.astimezone(self.conference.tzinfo)
        details = [f"{date_format(local, 'l')} {clock(local)}"]
        if extra.label:
            details.insert(0, escape_inline(str(extra.label)))
        if extra.location:
            details.append(escape_inline(extra.location))
        writer.add(" · ".join(details))
        if extra.url:
            writer.add(f"[{escape_inline(extra.title)}]({self.absolute(extra.url)})")

    def _default_intro(self) -> str:
        conference = self.conference
        first = format_as(conference.starts_on, "month_day")
        last = format_as(conference.ends_on, "month_day_year")
        where = f" in {escape_inline(conference.city)}" if conference.city else ""
        return _("%(name)s ran from %(first)s to %(last)s%(where)s. These are my notes.") % {
            "name": escape_inline(conference.name),
            "first": first,
            "last": last,
            "where": where,
        }

    def _contact_line(self, contact: Contact) -> str:
        name = escape_inline(contact.name)
        line = f"- [{name}]({contact.url})" if contact.url else f"- **{name}**"
        if contact.met_where:
            line += f" ({escape_inline(contact.met_where)})"
        if contact.talked_about.strip():
            line += ": " + " ".join(contact.talked_about.split())
        return line

    def _visit(self, writer: _Writer, visit: Visit) -> None:
        writer.heading(3, visit.display_name)
        if visit.link:
            writer.add(f"[{escape_inline(visit.display_name)}]({visit.link})")
        if visit.what_i_had:
            writer.add(_("What I had: %(what)s") % {"what": escape_inline(visit.what_i_had)})
        writer.add(contained(visit.notes))
        writer.add(self._photos("visit", visit.pk))


def write_recap(document: RecapDocument, out: Path) -> list[Path]:
    """Write ``recap.md`` and every image it references under ``out``; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "images").mkdir(exist_ok=True)
    written = [out / "recap.md"]
    written[0].write_text(document.markdown, encoding="utf-8")
    for image in document.images:
        target = out / "images" / image.file_name
        with private_storage().open(image.photo.image.name, "rb") as source:
            target.write_bytes(source.read())
        written.append(target)
    return written


def recap_zip(document: RecapDocument) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("recap.md", document.markdown)
        for image in document.images:
            with private_storage().open(image.photo.image.name, "rb") as source:
                archive.writestr(f"images/{image.file_name}", source.read())
    return buffer.getvalue()


def recap_for(user, conference) -> Recap:
    """The user's recap settings for ``conference`` (created with defaults the first time)."""
    from hallway.companion.services import primary_label

    recap = Recap.objects.filter(user=user, conference=conference).select_related("label").first()
    if recap is None:
        recap = Recap.objects.create(user=user, conference=conference, label=primary_label(user))
    recap.user, recap.conference = user, conference
    return recap


def _heading_text(inline) -> str:
    return "".join(
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    )


def recap_html(markdown: str) -> SafeString:
    """The recap as sanitised HTML with GitHub's heading ids, so the same anchors work."""
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    tokens = parser.parse(markdown)
    slugger = Slugger()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            token.attrSet("id", slugger.slug(_heading_text(tokens[index + 1])))
    html = parser.renderer.render(tokens, parser.options, {})
    attributes = {
        **ALLOWED_ATTRIBUTES,
        "img": {"src", "alt", "title", "width", "height", "loading"},
    }
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 (nh3 sanitised it)
