"""The frab/c3voc schedule JSON (``schedule.json``, schema v1), as pretalx and frab write it.

Export: valid against ``validator/json/schema.json`` (draft-06), including its acronym pattern,
which rejects the ``-`` that pretalx puts there (Hallway writes ``djangocon_us_2024``). Every
day's ``rooms`` lists every room, empty ones too, and ``conference.rooms`` carries their GUIDs.
Events carry ``end`` as well as ``duration``.

Import: an event's ``end`` wins over its ``duration`` when both are there (it is unambiguous);
pretalx's ``D:HH:MM`` durations are read as such when the generator is pretalx.
"""

from __future__ import annotations

import json
import re
import zoneinfo

from hallway import __version__
from hallway.interop import registry
from hallway.interop.export import TIMESLOT_DURATION, ScheduleExport, local_iso, slug_part
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

CONTENT_TYPE = "application/json"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
# The schema's own time_zone_name pattern (searched, as jsonschema does): zones it rejects,
# such as Etc/GMT+5, are left out rather than making the file invalid.
_ZONE_PATTERN = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_LINK_TYPES = {"slides", "paper", "web", "blog", "article", "media", "related", "activitypub"}


def render(export: ScheduleExport) -> bytes:
    """The schedule as schedule JSON (UTF-8, not ASCII-escaped)."""
    from hallway.conferences.urls_helpers import conference_reverse

    conference, tz = export.conference, export.conference.tzinfo
    conf = {
        "acronym": export.acronym,
        "title": conference.name,
        "start": export.days[0].date.isoformat(),
        "end": export.days[-1].date.isoformat(),
        "daysCount": len(export.days),
        "timeslot_duration": TIMESLOT_DURATION,
        "url": export.conference_url,
    }
    if _ZONE_PATTERN.search(conference.time_zone):
        conf["time_zone_name"] = conference.time_zone
    conf["rooms"] = [_room(room) for room in export.export_rooms]
    conf["tracks"] = [_track(track) for track in export.tracks]
    conf["days"] = [
        {
            "index": day.index,
            "date": day.date.isoformat(),
            "day_start": local_iso(day.start, tz),
            "day_end": local_iso(day.end, tz),
            "rooms": {
                room.name: [_event(export, session, room.name) for session in sessions]
                for room, sessions in day.rooms
            },
        }
        for day in export.days
    ]
    document = {
        "$schema": SCHEMA_URL,
        "generator": {"name": "hallway", "version": __version__},
        "schedule": {
            "url": export.url_base + conference_reverse(conference, "interop:schedule-json"),
            "version": export.version,
            "base_url": export.conference_url,
            "conference": conf,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _room(room) -> dict:
    data = {"name": room.name, "guid": str(room.guid)}
    slug = slug_part(room.slug)
    if len(slug) >= 2:
        data["slug"] = slug
    return data


def _track(track) -> dict:
    data = {"name": track.name}
    slug = slug_part(track.slug)
    if len(slug) >= 2:
        data["slug"] = slug
    if track.color:
        data["color"] = track.color
    return data


def _event(export: ScheduleExport, session, room_name: str) -> dict:
    tz = export.conference.tzinfo
    links = []
    if session.video_url:
        links.append({"url": session.video_url, "title": "Video", "type": "media"})
    if session.slides_url:
        links.append({"url": session.slides_url, "title": "Slides", "type": "slides"})
    return {
        "guid": str(session.guid),
        "id": session.pk,
        "date": local_iso(session.start, tz),
        "start": session.start.astimezone(tz).strftime("%H:%M"),
        "end": local_iso(session.end, tz),
        "duration": format_duration(session.duration),
        "room": room_name,
        "slug": export.event_slug(session),
        "url": export.session_url(session),
        "title": session.title,
        "subtitle": "",
        "track": session.track.name if session.track_id else None,
        "type": session.kind,
        "language": session.language,
        "abstract": session.abstract,
        "description": export.description(session),
        "persons": [
            {
                "guid": str(export.person_guid(presenter)),
                "name": presenter.name,
                "public_name": presenter.name,
                "biography": presenter.bio,
                "url": export.person_url(presenter),
            }
            for presenter in session.ordered_presenters
        ],
        "links": links,
    }


def detect(content: bytes) -> bool:
    """A JSON object; whether it is a schedule is ``parse``'s to report."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def parse(content: bytes) -> ScheduleData:
    """schedule JSON to ScheduleData; raises ScheduleFormatError naming the JSON path."""
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ScheduleFormatError(f"not UTF-8: {error.reason}") from None
    except json.JSONDecodeError as error:
        raise ScheduleFormatError(
            f"not valid JSON: {error.msg} (column {error.colno})", line=error.lineno
        ) from None
    if not isinstance(document, dict) or "schedule" not in document:
        raise ScheduleFormatError("the root is not an object with a 'schedule' key", path="$")
    generator = document.get("generator")
    pretalx = isinstance(generator, dict) and str(generator.get("name", "")).lower().startswith(
        "pretalx"
    )
    schedule = _object(document["schedule"], "schedule")
    conference = _object(schedule.get("conference"), "schedule.conference")
    path = "schedule.conference"
    time_zone = _string(conference, "time_zone_name", path)
    tz = None
    if time_zone:
        try:
            tz = zoneinfo.ZoneInfo(time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ScheduleFormatError(
                f"{time_zone!r} is not an IANA time zone name", path=f"{path}.time_zone_name"
            ) from None
    data = ScheduleData(
        title=_string(conference, "title", path, required=True),
        acronym=_string(conference, "acronym", path),
        time_zone=time_zone,
        url=_string(conference, "url", path),
        generator=str(generator.get("name", "")) if isinstance(generator, dict) else "",
    )
    for key in ("start", "end"):
        if conference.get(key):
            setattr(data, key, parse_date(_string(conference, key, path), path=f"{path}.{key}"))
    for index, track in enumerate(_array(conference.get("tracks", []), f"{path}.tracks")):
        track = _object(track, f"{path}.tracks[{index}]")
        name = _string(track, "name", f"{path}.tracks[{index}]", required=True)
        color, slug = _string(track, "color", path), _string(track, "slug", path)
        data.tracks.append(TrackData(name=name, color=color, slug=slug))

    rooms: dict[str, RoomData] = {}
    declared = "rooms" in conference
    for index, room in enumerate(_array(conference.get("rooms", []), f"{path}.rooms")):
        room_path = f"{path}.rooms[{index}]"
        room = _object(room, room_path)
        name = _string(room, "name", room_path, required=True)
        guid = parse_uuid(room.get("guid"), path=f"{room_path}.guid")
        slug = _string(room, "slug", room_path)
        rooms.setdefault(name, RoomData(name=name, guid=guid, slug=slug, path=room_path))

    days = _array(conference.get("days"), f"{path}.days")
    for day_index, day in enumerate(days):
        day_path = f"{path}.days[{day_index}]"
        day = _object(day, day_path)
        day_rooms = _object(day.get("rooms"), f"{day_path}.rooms")
        for room_name, events in day_rooms.items():
            room_path = f"{day_path}.rooms.{room_name}"
            if room_name not in rooms:
                if declared:
                    raise ScheduleFormatError(
                        f"unknown room reference {room_name!r}: not in schedule.conference.rooms",
                        path=room_path,
                    )
                rooms[room_name] = RoomData(name=room_name, path=room_path)
            for event_index, event in enumerate(_array(events, room_path)):
                data.sessions.append(
                    _parse_event(
                        event, f"{room_path}[{event_index}]", room_name, tz, pretalx=pretalx
                    )
                )
    data.rooms = list(rooms.values())
    return validate(data)


def _parse_event(event, path: str, room_name: str, tz, *, pretalx: bool) -> SessionData:
    event = _object(event, path)
    room = _string(event, "room", path) or room_name
    if room != room_name:
        raise ScheduleFormatError(
            f"unknown room reference {room!r}: the event is listed under room {room_name!r}",
            path=f"{path}.room",
        )
    start = parse_datetime(_string(event, "date", path, required=True), path=f"{path}.date")
    if start.tzinfo is None:
        if tz is None:
            raise ScheduleFormatError(
                "the date has no UTC offset and the conference no time_zone_name",
                path=f"{path}.date",
            )
        start = start.replace(tzinfo=tz)
    duration = parse_duration(
        _string(event, "duration", path, required=True), path=f"{path}.duration", days_first=pretalx
    )
    if event.get("end"):
        end = parse_datetime(_string(event, "end", path), path=f"{path}.end")
        if end.tzinfo is None:
            end = end.replace(tzinfo=start.tzinfo)
        if end <= start:
            raise ScheduleFormatError("the event ends before it starts", path=f"{path}.end")
        duration = end - start
    source_id = event.get("id")
    if source_id is not None and (not isinstance(source_id, int) or isinstance(source_id, bool)):
        raise ScheduleFormatError(f"id {source_id!r} is not an integer", path=f"{path}.id")
    persons = []
    for index, person in enumerate(_array(event.get("persons", []), f"{path}.persons")):
        person_path = f"{path}.persons[{index}]"
        person = _object(person, person_path)
        name = _string(person, "name", person_path) or _string(person, "public_name", person_path)
        persons.append(
            PersonData(
                name=name,
                guid=parse_uuid(person.get("guid"), path=f"{person_path}.guid"),
                biography=_string(person, "biography", person_path, strip=False),
                path=person_path,
            )
        )
    links = []
    for index, link in enumerate(_array(event.get("links", []), f"{path}.links")):
        link = _object(link, f"{path}.links[{index}]")
        if link.get("url"):
            kind = _string(link, "type", path)
            links.append(
                LinkData(
                    url=_string(link, "url", path),
                    title=_string(link, "title", path),
                    type=kind if kind in _LINK_TYPES else "",
                )
            )
    return SessionData(
        title=_string(event, "title", path, required=True),
        start=start,
        duration=duration,
        room=room_name,
        guid=parse_uuid(event.get("guid"), path=f"{path}.guid"),
        source_id=source_id,
        slug=_string(event, "slug", path),
        type=_string(event, "type", path),
        track=_string(event, "track", path),
        subtitle=_string(event, "subtitle", path),
        abstract=_string(event, "abstract", path, strip=False),
        description=_string(event, "description", path, strip=False),
        language=_string(event, "language", path),
        url=_string(event, "url", path),
        persons=persons,
        links=links,
        path=path,
    )


def _object(value, path: str) -> dict:
    if not isinstance(value, dict):
        raise ScheduleFormatError(f"expected an object, found {_kind(value)}", path=path)
    return value


def _array(value, path: str) -> list:
    if not isinstance(value, list):
        raise ScheduleFormatError(f"expected an array, found {_kind(value)}", path=path)
    return value


def _string(obj: dict, key: str, path: str, *, required: bool = False, strip: bool = True) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise ScheduleFormatError(f"missing {key!r}", path=f"{path}.{key}")
        return ""
    if not isinstance(value, str):
        raise ScheduleFormatError(f"expected a string, found {_kind(value)}", path=f"{path}.{key}")
    return value.strip() if strip else value


def _kind(value) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


FORMAT = registry.ScheduleFormat(
    name="schedule-json",
    label="schedule JSON (frab/c3voc/pretalx)",
    extension="json",
    content_type=CONTENT_TYPE,
    detect=detect,
    parse=parse,
    render=render,
)
