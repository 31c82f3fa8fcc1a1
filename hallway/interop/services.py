"""Importing a schedule (frab XML, schedule JSON, any registered format) into a conference.

``import_schedule`` is the entry point for the command, the admin and scheduled pulls alike:
it takes the bytes of a file (or text, or already parsed ScheduleData) and returns the same
:class:`~hallway.interop.report.ImportReport` as ``import_site``; errors are the same
:class:`~hallway.interop.errors.ImportDataError`, changes go to the same change log.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from hallway.conferences.models import Conference, Room, Track
from hallway.interop.export import UNASSIGNED_ROOM_GUID, slug_part
from hallway.interop.report import ImportReport
from hallway.interop.schedule_data import ScheduleData, ScheduleFormatError, SessionData
from hallway.people.models import Presenter
from hallway.program.changes import record_added, recording_changes
from hallway.program.models import Session, SessionPresenter
from hallway.program.services import remove_sessions

# Event types of pretalx/frab files, matched by keyword, to Hallway's session kinds.
KIND_KEYWORDS = [
    ("keynote", Session.Kind.KEYNOTE),
    ("tutorial", Session.Kind.TUTORIAL),
    ("workshop", Session.Kind.TUTORIAL),
    ("lightning", Session.Kind.LIGHTNING),
    ("panel", Session.Kind.PANEL),
    ("sprint", Session.Kind.SPRINT),
    ("remarks", Session.Kind.REMARKS),
    ("orientation", Session.Kind.ORIENTATION),
    ("break", Session.Kind.BREAK),
    ("lunch", Session.Kind.MEAL),
    ("breakfast", Session.Kind.MEAL),
    ("dinner", Session.Kind.MEAL),
    ("registration", Session.Kind.REGISTRATION),
    ("social", Session.Kind.SOCIAL),
    ("party", Session.Kind.SOCIAL),
]
VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "media.ccc.de")
_url_validator = URLValidator(schemes=["http", "https"])


DRAFT_NOTE = (
    "{slug} is a draft: only staff see it. Publish it in the admin (Conferences, action "
    '"Publish") or import again with --publish.'
)


def publish_conference(conference: Conference) -> None:
    """Make a draft conference public (imports create drafts); its save bumps the version."""
    if not conference.is_public:
        conference.is_public = True
        conference.save(update_fields=["is_public", "updated_at"])


def session_kind(type_name: str) -> str:
    """A session kind for an event type: a kind's value or label, else by keyword, else talk."""
    value = type_name.strip().lower()
    labels = {str(label).lower(): kind for kind, label in Session.Kind.choices}
    if value in Session.Kind.values:
        return value
    if value in labels:
        return labels[value]
    for keyword, kind in KIND_KEYWORDS:
        if keyword in value:
            return kind
    return Session.Kind.TALK


def local_slug(item: SessionData, acronym: str) -> str:
    """The session's own slug from an event slug written as ``<acronym>-<id>-<slug>`` (pretalx,
    Hallway) or ``<acronym>-<slug>``; falls back to the title."""
    slug = item.slug.lower()
    for prefix in {acronym.lower(), export_acronym_text(acronym)}:
        if prefix and slug.startswith(f"{prefix}-"):
            slug = slug[len(prefix) + 1 :]
            if item.source_id is not None:
                head, _, rest = slug.partition("-")
                if head.isdigit() and int(head) == item.source_id and rest:
                    slug = rest
            break
    return slugify(slug) or slugify(item.title) or f"session-{item.source_id or 1}"


def export_acronym_text(acronym: str) -> str:
    return slug_part(acronym).replace("-", "_")


class _DryRun(Exception):
    pass


def import_schedule(
    data: ScheduleData | bytes | str,
    *,
    slug: str | None = None,
    conference: Conference | None = None,
    format: str | None = None,
    source: str = "import_schedule",
    remove_missing: bool = True,
    dry_run: bool = False,
) -> ImportReport:
    """Create or update a conference's programme from a schedule, atomically.

    ``data`` is a file's bytes (or text) in any registered format, found from its content
    unless ``format`` names it, or ScheduleData already parsed. The conference is
    ``conference``, or the one with ``slug`` (created when there is none). ``source`` labels
    the changes in the change log (``import_schedule``, ``sync_schedules``...). With
    ``dry_run`` the report says what would change and nothing is written.

    Rooms, tracks, presenters and sessions are matched so that importing the same file twice
    changes nothing: sessions by GUID, then by slug; rooms by GUID, then name; presenters by
    GUID, then name. Existing sessions keep their GUID and slug (their URLs), and everything
    attendees attached to them. Changes to sessions are logged as coming from ``source``.
    With ``remove_missing``, listed scheduled sessions absent from ``data`` are removed (or
    kept as cancelled when attendee data is attached; see ``program.services.remove_sessions``).
    Raises ScheduleFormatError (an ImportDataError), naming the event, when the data cannot
    be read or stored; nothing is written then.
    """
    from hallway.interop import registry

    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, bytes):
        if format:
            data = registry.get_format(format).parse(data)
        else:
            data = registry.parse_schedule(data)[1]
    if conference is not None:
        slug = conference.slug
    if not slug:
        raise TypeError("import_schedule() needs slug= or conference=")
    if not dry_run:
        return _import_schedule(data, slug=slug, source=source, remove_missing=remove_missing)
    try:
        with transaction.atomic():
            report = _import_schedule(data, slug=slug, source=source, remove_missing=remove_missing)
            raise _DryRun
    except _DryRun:
        report.dry_run = True
        report.conference = Conference.objects.filter(slug=slug).first() or report.conference
    return report


def _import_schedule(
    data: ScheduleData, *, slug: str, source: str, remove_missing: bool
) -> ImportReport:
    with transaction.atomic(), recording_changes(source):
        # Everything written besides sessions; nothing at all means no cache to invalidate.
        touched: list = []
        conference, created = _conference(data, slug, touched)
        result = ImportReport.for_schedule(conference, conference_created=created)
        counts = result.kinds["sessions"]
        announce = not created and conference.sessions.listed().scheduled().exists()
        rooms = _rooms(conference, data, touched)
        tracks = _tracks(conference, data, touched)
        importer = _SessionImporter(conference, data, rooms, tracks, touched)
        for item in data.sessions:
            session, state = importer.save(item)
            result.sessions.append(session)
            setattr(counts, state, getattr(counts, state) + 1)
            if state == "created" and announce:
                record_added(session)
        if remove_missing:
            missing = (
                conference.sessions.listed()
                .scheduled()
                .filter(is_cancelled=False)
                .exclude(pk__in=[s.pk for s in result.sessions])
            )
            removal = remove_sessions(missing, source=source)
            counts.removed, counts.cancelled = removal.removed, removal.cancelled
        _count_others(result, data, touched, created)
        if (
            created
            or touched
            or result.created
            or result.updated
            or result.removed
            or result.cancelled
        ):
            conference.bump_version()
    return result


def _count_others(
    report: ImportReport, data: ScheduleData, touched: list, conference_created: bool
) -> None:
    """Conference, rooms, tracks and presenters: what was written (``touched``) or left."""
    from hallway.conferences.models import Room, Track

    kinds = report.kinds
    kinds["conference"].created = int(conference_created)
    kinds["conference"].updated = int(
        not conference_created and any(isinstance(o, Conference) for o in touched)
    )
    kinds["conference"].unchanged = 1 - kinds["conference"].created - kinds["conference"].updated
    written = {Room: "rooms", Track: "tracks", Presenter: "presenters"}
    seen: dict[str, set] = {"rooms": set(), "tracks": set(), "presenters": set()}
    for obj in touched:
        kind = written.get(type(obj))
        if kind and obj.pk not in seen[kind]:
            seen[kind].add(obj.pk)
            created = getattr(obj, "_import_created", False)
            setattr(
                kinds[kind], "created" if created else "updated",
                getattr(kinds[kind], "created" if created else "updated") + 1,
            )  # fmt: skip
    totals = {
        "rooms": len([r for r in data.rooms if r.guid != UNASSIGNED_ROOM_GUID]),
        "tracks": len({t.name for t in data.tracks} | {s.track for s in data.sessions if s.track}),
        "presenters": len({p.guid or p.name for s in data.sessions for p in s.persons}),
    }
    for kind, total in totals.items():
        kinds[kind].unchanged = max(0, total - kinds[kind].created - kinds[kind].updated)


def _conference(data: ScheduleData, slug: str, touched: list) -> tuple[Conference, bool]:
    conference = Conference.objects.select_for_update().filter(slug=slug).first()
    dates = [item.start.astimezone(_zone(data, conference)).date() for item in data.sessions]
    starts_on = data.start or (min(dates) if dates else None)
    ends_on = data.end or (max(dates) if dates else None)
    if conference is None:
        if starts_on is None or ends_on is None:
            raise ScheduleFormatError("the schedule has no dates and no events", path="conference")
        acronym = (
            data.acronym
            if data.acronym and export_acronym_text(data.acronym) == data.acronym
            else ""
        )
        conference = Conference.objects.create(
            slug=slug,
            name=data.title,
            starts_on=starts_on,
            ends_on=max(starts_on, ends_on),
            time_zone=data.time_zone or "UTC",
            acronym=acronym if acronym != slug.replace("-", "_") else "",
        )
        return conference, True
    values = {"name": data.title}
    if data.time_zone:
        values["time_zone"] = data.time_zone
    if starts_on and ends_on:
        values["starts_on"], values["ends_on"] = starts_on, max(starts_on, ends_on)
    if any(getattr(conference, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(conference, key, value)
        conference.save()
        conference.__dict__.pop("tzinfo", None)
        touched.append(conference)
    return conference, False


def _zone(data: ScheduleData, conference: Conference | None) -> dt.tzinfo:
    import zoneinfo

    if data.time_zone:
        return zoneinfo.ZoneInfo(data.time_zone)
    return conference.tzinfo if conference else dt.UTC


def _unique_slug(base: str, taken: set[str], fallback: str, max_length: int = 100) -> str:
    base = (base or fallback)[: max_length - 4].strip("-") or fallback
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _rooms(conference: Conference, data: ScheduleData, touched: list) -> dict[str, Room | None]:
    existing = list(conference.rooms.all())
    by_guid = {room.guid: room for room in existing if room.guid}
    by_name = {room.name: room for room in existing}
    taken = {room.slug for room in existing}
    rooms: dict[str, Room | None] = {}
    for position, item in enumerate(data.rooms):
        if item.guid == UNASSIGNED_ROOM_GUID:
            rooms[item.name] = None
            continue
        room = (by_guid.get(item.guid) if item.guid else None) or by_name.get(item.name)
        if room is None:
            room = Room.objects.create(
                conference=conference,
                name=item.name,
                slug=_unique_slug(slugify(item.slug) or slugify(item.name), taken, "room"),
                position=position,
                guid=item.guid,
            )
            room._import_created = True
            touched.append(room)
        else:
            changed = {"name": item.name, "position": position}
            if item.guid and room.guid != item.guid:
                changed["guid"] = item.guid
            if any(getattr(room, key) != value for key, value in changed.items()):
                for key, value in changed.items():
                    setattr(room, key, value)
                room.save()
                touched.append(room)
        rooms[item.name] = room
    return rooms


def _tracks(conference: Conference, data: ScheduleData, touched: list) -> dict[str, Track]:
    existing = {track.name: track for track in conference.tracks.all()}
    taken = {track.slug for track in existing.values()}
    names = list(dict.fromkeys([t.name for t in data.tracks] + [s.track for s in data.sessions]))
    colors = {t.name: t.color for t in data.tracks}
    slugs = {t.name: t.slug for t in data.tracks}
    tracks = {}
    for position, name in enumerate(n for n in names if n):
        track = existing.get(name)
        if track is None:
            track = Track.objects.create(
                conference=conference,
                name=name,
                slug=_unique_slug(slugify(slugs.get(name, "")) or slugify(name), taken, "track"),
                color=colors.get(name, "")[:20],
                position=position,
            )
            track._import_created = True
            touched.append(track)
        tracks[name] = track
    return tracks


class _SessionImporter:
    def __init__(self, conference, data: ScheduleData, rooms, tracks, touched: list):
        self.conference = conference
        self.touched = touched
        self.acronym = data.acronym or conference.export_acronym
        self.rooms = rooms
        self.tracks = tracks
        sessions = list(conference.sessions.all())
        self.by_guid = {s.guid: s for s in sessions}
        self.by_slug = {s.slug: s for s in sessions}
        self.file_guids = {item.guid for item in data.sessions if item.guid}
        self.taken_slugs = {s.slug for s in sessions}
        self.seen: dict[int, str] = {}
        presenters = list(conference.presenters.all())
        self.presenters_by_guid = {p.guid: p for p in presenters if p.guid}
        self.presenters_by_name = {p.name: p for p in presenters}
        self.presenter_slugs = {p.slug for p in presenters}
        self.current_presenters: dict[int, list[int]] = {}
        for link in SessionPresenter.objects.filter(session__conference=conference).order_by(
            "position", "pk"
        ):
            self.current_presenters.setdefault(link.session_id, []).append(link.presenter_id)

    def match(self, item: SessionData, slug: str) -> Session | None:
        if item.guid and item.guid in self.by_guid:
            return self.by_guid[item.guid]
        session = self.by_slug.get(slug)
        # A slug match whose own GUID is elsewhere in the file is another session.
        if session is not None and session.guid not in self.file_guids:
            return session
        return None

    def save(self, item: SessionData) -> tuple[Session, str]:
        slug = local_slug(item, self.acronym)
        session = self.match(item, slug)
        where = {"path": item.path, "line": item.line}
        if session is not None and session.pk in self.seen:
            raise ScheduleFormatError(
                f"this event and {self.seen[session.pk]} are the same session "
                f"({session.slug}); give them different GUIDs or slugs",
                **where,
            )
        values = self.values(item)
        if session is None:
            session = Session(
                conference=self.conference,
                guid=item.guid or uuid.uuid4(),
                slug=_unique_slug(slug, self.taken_slugs, "session", 200),
                **values,
            )
            session.source_key = f"schedule:{session.guid}"
            self._clean(session, item)
            session.save()
            state = "created"
        elif any(getattr(session, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(session, key, value)
            self._clean(session, item)
            session.save()
            state = "updated"
        else:
            state = "unchanged"
        self.seen[session.pk] = item.path
        if self.sync_presenters(session, item):
            state = "updated" if state == "unchanged" else state
        return session, state

    def values(self, item: SessionData) -> dict:
        room = self.rooms[item.room]
        track = self.tracks.get(item.track) if item.track else None
        video = slides = ""
        for link in item.links:
            if not _valid_url(link.url):
                continue
            if not slides and (link.type == "slides" or link.title.lower() == "slides"):
                slides = link.url
            elif not video and (
                link.type == "media"
                or link.title.lower() in ("video", "recording")
                or any(host in link.url for host in VIDEO_HOSTS)
            ):
                video = link.url
        language = item.language if 0 < len(item.language) <= 10 else "en"
        return {
            "title": item.title,
            "kind": session_kind(item.type),
            "abstract": item.abstract,
            "description": item.description,
            "start": item.start,
            "end": item.end,
            "room": room,
            "track": track,
            "language": language,
            "video_url": video,
            "slides_url": slides,
            "is_cancelled": False,
        }

    @staticmethod
    def _clean(session: Session, item: SessionData) -> None:
        try:
            session.clean()
        except ValidationError as error:
            raise ScheduleFormatError(
                "; ".join(error.messages), path=item.path, line=item.line
            ) from None

    def presenter(self, person) -> Presenter:
        presenter = self.presenters_by_guid.get(person.guid) if person.guid else None
        if presenter is None:
            # By name only when GUIDs cannot tell two people apart.
            namesake = self.presenters_by_name.get(person.name)
            if namesake is not None and (namesake.guid is None or person.guid is None):
                presenter = namesake
        if presenter is None:
            presenter = Presenter.objects.create(
                conference=self.conference,
                name=person.name,
                slug=_unique_slug(slugify(person.name), self.presenter_slugs, "person", 200),
                guid=person.guid,
                bio=person.biography,
            )
            presenter._import_created = True
            self.touched.append(presenter)
        else:
            changed = {"name": person.name}
            if person.guid and presenter.guid != person.guid:
                changed["guid"] = person.guid
            if person.biography and presenter.bio != person.biography:
                changed["bio"] = person.biography
            if any(getattr(presenter, key) != value for key, value in changed.items()):
                for key, value in changed.items():
                    setattr(presenter, key, value)
                presenter.save()
                self.touched.append(presenter)
        if presenter.guid:
            self.presenters_by_guid[presenter.guid] = presenter
        self.presenters_by_name[presenter.name] = presenter
        return presenter

    def sync_presenters(self, session: Session, item: SessionData) -> bool:
        """Make the session's ordered presenters those of ``item``; True if that changed."""
        wanted = list(dict.fromkeys(self.presenter(person).pk for person in item.persons))
        if self.current_presenters.get(session.pk, []) == wanted:
            return False
        SessionPresenter.objects.filter(session=session).delete()
        SessionPresenter.objects.bulk_create(
            SessionPresenter(session=session, presenter_id=pk, position=position)
            for position, pk in enumerate(wanted)
        )
        self.current_presenters[session.pk] = wanted
        return True


def _valid_url(url: str) -> bool:
    if len(url) > 200:
        return False
    try:
        _url_validator(url)
    except ValidationError:
        return False
    return True
