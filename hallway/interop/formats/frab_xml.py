"""frab schedule XML (``schedule.xml``), as written by pentabarf, frab, pretalx and c3voc tools.

Export: valid against the c3voc XSD (``validator/xsd/schedule.xml.xsd``): every day lists every
room (rooms with no sessions too, because the XSD has no conference-level room list), event
``slug`` is ``<acronym>-<id>-<slug>`` and durations are ``HH:MM`` with hours counting past 24.

Import: the event's ``<date>`` (with offset) is the truth; files without one get the day's date
plus ``<start>`` (after midnight when earlier than the day's start). pretalx writes durations of
a day or more as ``D:HH:MM``, which the XSD reads as ``H:MM:SS``: files whose ``<generator>`` is
pretalx are read the pretalx way.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

from lxml import etree

from hallway import __version__
from hallway.interop import registry
from hallway.interop.export import TIMESLOT_DURATION, ScheduleExport, local_iso
from hallway.interop.schedule_data import (
    LinkData,
    PersonData,
    RoomData,
    ScheduleData,
    ScheduleFormatError,
    SessionData,
    TrackData,
    format_duration,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_uuid,
    validate,
)

CONTENT_TYPE = "application/xml; charset=utf-8"
# Characters XML 1.0 cannot carry at all; dropped from exported text rather than failing.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_TRACK_SLUG = re.compile(r"^[a-z][a-z0-9-]+$")


def _text(value) -> str:
    return _XML_INVALID.sub("", str(value or ""))


def _sub(parent, tag: str, text=None, **attributes):
    element = etree.SubElement(parent, tag, {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def render(export: ScheduleExport) -> bytes:
    """The schedule as frab XML (UTF-8, with declaration)."""
    from hallway.conferences.urls_helpers import conference_reverse

    conference, tz = export.conference, export.conference.tzinfo
    root = etree.Element("schedule")
    _sub(root, "generator", name="hallway", version=__version__)
    _sub(root, "url", export.url_base + conference_reverse(conference, "interop:schedule-xml"))
    _sub(root, "version", export.version)
    conf = _sub(root, "conference")
    _sub(conf, "title", conference.name)
    _sub(conf, "acronym", export.acronym)
    _sub(conf, "start", export.days[0].date.isoformat())
    _sub(conf, "end", export.days[-1].date.isoformat())
    _sub(conf, "days", len(export.days))
    _sub(conf, "timeslot_duration", TIMESLOT_DURATION)
    _sub(conf, "base_url", export.conference_url)
    _sub(conf, "url", export.conference_url)
    _sub(conf, "time_zone_name", conference.time_zone)
    for track in export.tracks:
        attributes = {"name": track.name}
        if _HEX_COLOR.match(track.color):
            attributes["color"] = track.color
        if _TRACK_SLUG.match(track.slug):
            attributes["slug"] = track.slug
        _sub(conf, "track", track.name, **attributes)
    for day in export.days:
        day_element = _sub(
            root,
            "day",
            index=day.index,
            date=day.date.isoformat(),
            start=local_iso(day.start, tz),
            end=local_iso(day.end, tz),
        )
        for room, sessions in day.rooms:
            room_element = _sub(day_element, "room", name=room.name, guid=room.guid)
            for session in sessions:
                _render_event(room_element, export, session, room.name)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _render_event(parent, export: ScheduleExport, session, room_name: str) -> None:
    tz = export.conference.tzinfo
    event = _sub(parent, "event", guid=session.guid, id=session.pk)
    _sub(event, "room", room_name)
    _sub(event, "title", session.title)
    _sub(event, "subtitle", "")
    _sub(event, "type", session.kind)
    _sub(event, "date", local_iso(session.start, tz))
    _sub(event, "start", session.start.astimezone(tz).strftime("%H:%M"))
    _sub(event, "duration", format_duration(session.duration))
    _sub(event, "abstract", session.abstract)
    _sub(event, "slug", export.event_slug(session))
    _sub(event, "track", session.track.name if session.track_id else "")
    _sub(event, "language", session.language)
    _sub(event, "description", export.description(session))
    persons = _sub(event, "persons")
    for presenter in session.ordered_presenters:
        _sub(persons, "person", presenter.name, id=presenter.pk, guid=export.person_guid(presenter))
    links = _sub(event, "links")
    if session.video_url:
        _sub(links, "link", "Video", href=session.video_url, type="media")
    if session.slides_url:
        _sub(links, "link", "Slides", href=session.slides_url, type="slides")
    _sub(event, "url", export.session_url(session))


def detect(content: bytes) -> bool:
    """XML of any root: a wrong root is reported by ``parse``, not mistaken for another format."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def parse(content: bytes) -> ScheduleData:
    """frab XML to ScheduleData; raises ScheduleFormatError naming element path and line."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        # libxml2 appends ", line N, column M" to its message; the line is reported separately.
        message = re.sub(r", line \d+, column \d+$", "", error.msg)
        raise ScheduleFormatError(
            f"not well-formed XML: {message}", path="/", line=error.lineno
        ) from None
    if root.tag != "schedule":
        raise ScheduleFormatError(
            f"the root element is <{root.tag}>, expected <schedule>",
            path=f"/{root.tag}",
            line=root.sourceline,
        )
    generator = root.find("generator")
    pretalx = generator is not None and generator.get("name", "").lower().startswith("pretalx")
    conference = _required(root, "conference", "/schedule")
    conf_path = "/schedule/conference"
    title = _child_text(conference, "title", conf_path, required=True)
    time_zone = _child_text(conference, "time_zone_name", conf_path)
    tz = _zone(time_zone, f"{conf_path}/time_zone_name", conference.find("time_zone_name"))
    data = ScheduleData(
        title=title,
        acronym=_child_text(conference, "acronym", conf_path),
        time_zone=time_zone,
        url=_child_text(conference, "url", conf_path),
        generator=generator.get("name", "") if generator is not None else "",
    )
    for tag in ("start", "end"):
        value = _child_text(conference, tag, conf_path)
        if value:
            element = conference.find(tag)
            setattr(
                data, tag, parse_date(value, path=f"{conf_path}/{tag}", line=element.sourceline)
            )
    for track in conference.findall("track"):
        name = track.get("name") or (track.text or "").strip()
        if name:
            data.tracks.append(
                TrackData(name=name, color=track.get("color", ""), slug=track.get("slug", ""))
            )

    rooms: dict[str, RoomData] = {}
    for day_index, day in enumerate(root.findall("day"), start=1):
        day_path = f"/schedule/day[{day_index}]"
        day_start = _day_start(day, day_path, tz)
        for room_index, room in enumerate(day.findall("room"), start=1):
            room_path = f"{day_path}/room[{room_index}]"
            name = (room.get("name") or "").strip()
            if not name:
                raise ScheduleFormatError(
                    "a <room> without a name attribute", path=room_path, line=room.sourceline
                )
            guid = parse_uuid(room.get("guid"), path=f"{room_path}/@guid", line=room.sourceline)
            rooms.setdefault(name, RoomData(name=name, guid=guid, path=room_path))
            for event_index, event in enumerate(room.findall("event"), start=1):
                event_path = f"{room_path}/event[{event_index}]"
                data.sessions.append(
                    _parse_event(event, event_path, name, day_start, tz, pretalx=pretalx)
                )
    if not rooms and not data.sessions and root.find("day") is None:
        raise ScheduleFormatError("no <day> elements", path="/schedule", line=root.sourceline)
    data.rooms = list(rooms.values())
    return validate(data)


def _parse_event(event, path, room_name, day_start, tz, *, pretalx: bool) -> SessionData:
    line = event.sourceline
    guid = parse_uuid(event.get("guid"), path=f"{path}/@guid", line=line)
    source_id = None
    if event.get("id"):
        try:
            source_id = int(event.get("id"))
        except ValueError:
            raise ScheduleFormatError(
                f"id {event.get('id')!r} is not a number", path=f"{path}/@id", line=line
            ) from None
    room = _child_text(event, "room", path) or room_name
    if room != room_name:
        room_element = event.find("room")
        raise ScheduleFormatError(
            f"unknown room reference {room!r}: the event is inside <room name={room_name!r}>",
            path=f"{path}/room",
            line=room_element.sourceline,
        )
    start = _event_start(event, path, day_start, tz)
    duration_element = _required(event, "duration", path)
    duration = parse_duration(
        duration_element.text or "",
        path=f"{path}/duration",
        line=duration_element.sourceline,
        days_first=pretalx,
    )
    persons = []
    for person_index, person in enumerate(event.findall("persons/person"), start=1):
        person_path = f"{path}/persons/person[{person_index}]"
        persons.append(
            PersonData(
                name=(person.text or "").strip(),
                guid=parse_uuid(
                    person.get("guid"), path=f"{person_path}/@guid", line=person.sourceline
                ),
                path=person_path,
            )
        )
    links = [
        LinkData(
            url=link.get("href", ""), title=(link.text or "").strip(), type=link.get("type", "")
        )
        for link in event.findall("links/link")
        if link.get("href")
    ]
    return SessionData(
        title=_child_text(event, "title", path, required=True),
        start=start,
        duration=duration,
        room=room_name,
        guid=guid,
        source_id=source_id,
        slug=_child_text(event, "slug", path),
        type=_child_text(event, "type", path),
        track=_child_text(event, "track", path),
        subtitle=_child_text(event, "subtitle", path),
        abstract=_child_text(event, "abstract", path, strip=False),
        description=_child_text(event, "description", path, strip=False),
        language=_child_text(event, "language", path),
        url=_child_text(event, "url", path),
        persons=persons,
        links=links,
        path=path,
        line=line,
    )


def _event_start(event, path, day_start, tz) -> dt.datetime:
    date_element = event.find("date")
    if date_element is not None and (date_element.text or "").strip():
        start = parse_datetime(date_element.text, path=f"{path}/date", line=date_element.sourceline)
        if start.tzinfo is None:
            if tz is None:
                raise ScheduleFormatError(
                    "the date has no UTC offset and the conference no time_zone_name",
                    path=f"{path}/date",
                    line=date_element.sourceline,
                )
            start = start.replace(tzinfo=tz)
        return start
    # Older frab files: the day's date and a wall-clock start; times before the day's start
    # hour belong to the night after it.
    start_element = _required(event, "start", path)
    try:
        wall = dt.time.fromisoformat((start_element.text or "").strip())
    except ValueError:
        raise ScheduleFormatError(
            f"bad start {start_element.text!r}: expected HH:MM",
            path=f"{path}/start",
            line=start_element.sourceline,
        ) from None
    date = day_start.date() + dt.timedelta(days=1 if wall < day_start.time() else 0)
    return dt.datetime.combine(date, wall, tzinfo=day_start.tzinfo)


def _day_start(day, path, tz) -> dt.datetime:
    value = day.get("start") or day.get("date")
    if not value:
        raise ScheduleFormatError("a <day> without start or date", path=path, line=day.sourceline)
    start = parse_datetime(value, path=f"{path}/@start", line=day.sourceline)
    if start.tzinfo is None:
        start = start.replace(tzinfo=tz or dt.UTC)
    return start.astimezone(tz) if tz else start


def _zone(name: str, path: str, element) -> zoneinfo.ZoneInfo | None:
    if not name:
        return None
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScheduleFormatError(
            f"{name!r} is not an IANA time zone name", path=path, line=element.sourceline
        ) from None


def _required(parent, tag: str, path: str):
    element = parent.find(tag)
    if element is None:
        raise ScheduleFormatError(f"missing <{tag}>", path=f"{path}/{tag}", line=parent.sourceline)
    return element


def _child_text(parent, tag: str, path: str, *, required: bool = False, strip: bool = True) -> str:
    element = parent.find(tag)
    if element is None:
        if required:
            _required(parent, tag, path)
        return ""
    text = element.text or ""
    return text.strip() if strip else text


FORMAT = registry.ScheduleFormat(
    name="frab-xml",
    label="frab schedule XML",
    extension="xml",
    content_type=CONTENT_TYPE,
    detect=detect,
    parse=parse,
    render=render,
)
