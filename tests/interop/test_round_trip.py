"""Export → import into a new conference → export gives the same schedule, for generated
schedules (hypothesis) and for an awkward hand-made one."""

import datetime as dt
import json
import re
import uuid
import zoneinfo

import icalendar
import pytest
from django.db import transaction
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from hallway.conferences.models import Conference, Room, Track
from hallway.interop import registry
from hallway.interop.export import build_export, stable_guid
from hallway.interop.services import import_schedule
from hallway.people.models import Presenter
from hallway.program.models import Session, SessionPresenter
from tests.interop.conftest import json_errors, xsd_errors

BASE = "https://hallway.example"
ZONES = ["America/New_York", "Europe/Berlin", "Australia/Sydney", "UTC", "Asia/Kolkata"]
# Days just before DST switches in the zones above (US, EU, Sydney), and ordinary ones.
FIRST_DAYS = [
    dt.date(2024, 3, 9),
    dt.date(2024, 3, 30),
    dt.date(2024, 4, 6),
    dt.date(2024, 10, 5),
    dt.date(2024, 10, 26),
    dt.date(2024, 11, 2),
    dt.date(2024, 7, 15),
]
FORMATS = ["frab-xml", "schedule-json"]

# Unicode text, without what no schedule format can carry (control characters, surrogates,
# the XML non-characters) and without surrounding whitespace, which importers strip.
text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=40,
).filter(lambda s: s == s.strip() and s != "Unassigned")
# Abstracts may be multi-line Markdown.
long_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(["\n", "\t", "*", "#"]),
    max_size=80,
)


@st.composite
def schedules(draw):
    days = draw(st.integers(1, 4))
    room_names = draw(st.lists(text, min_size=1, max_size=4, unique=True))
    people = draw(st.lists(text, max_size=5, unique=True))
    sessions = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "day": st.integers(0, days - 1),
                    # 15-minute steps over the whole local day, midnight and the DST hour too.
                    "minute": st.integers(0, 24 * 4 - 1).map(lambda q: q * 15),
                    "duration": st.integers(1, 30 * 12).map(lambda n: n * 5),
                    "room": st.integers(0, len(room_names) - 1),
                    "title": text,
                    "kind": st.sampled_from(Session.Kind.values),
                    "track": st.sampled_from([None, "Web", "Données"]),
                    "abstract": long_text,
                    "language": st.sampled_from(["en", "de", "pt-br"]),
                    "people": st.lists(
                        st.integers(0, max(len(people) - 1, 0)), max_size=3, unique=True
                    )
                    if people
                    else st.just([]),
                    "video": st.booleans(),
                }
            ),
            max_size=8,
        )
    )
    return {
        "zone": draw(st.sampled_from(ZONES)),
        "first_day": draw(st.sampled_from(FIRST_DAYS)),
        "days": days,
        "rooms": room_names,
        "people": people,
        "sessions": sessions,
    }


def build_conference(schedule: dict, slug: str) -> Conference:
    tz = zoneinfo.ZoneInfo(schedule["zone"])
    first = schedule["first_day"]
    conference = Conference.objects.create(
        name=f"Generated «{slug}»",
        slug=slug,
        starts_on=first,
        ends_on=first + dt.timedelta(days=schedule["days"] - 1),
        time_zone=schedule["zone"],
    )
    rooms = [
        Room.objects.create(
            conference=conference, name=name, slug=f"r{n}-{slugify(name)}"[:100], position=n
        )
        for n, name in enumerate(schedule["rooms"])
    ]
    tracks = {
        name: Track.objects.create(conference=conference, name=name, slug=slugify(name))
        for name in ("Web", "Données")
    }
    people = [
        Presenter.objects.create(
            conference=conference, name=name, slug=f"p{n}-{slugify(name)}"[:200], guid=uuid.uuid4()
        )
        for n, name in enumerate(schedule["people"])
    ]
    for n, item in enumerate(schedule["sessions"]):
        day = first + dt.timedelta(days=item["day"])
        wall = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=item["minute"])
        # Through UTC: a wall time in a DST gap becomes a real instant.
        start = wall.replace(tzinfo=tz).astimezone(dt.UTC)
        session = Session.objects.create(
            conference=conference,
            kind=item["kind"],
            title=item["title"],
            slug=f"{n}-{slugify(item['title'])}".strip("-")[:200],
            abstract=item["abstract"],
            start=start,
            end=start + dt.timedelta(minutes=item["duration"]),
            room=rooms[item["room"]],
            track=tracks.get(item["track"]),
            language=item["language"],
            video_url=f"https://video.example.org/{n}" if item["video"] else "",
        )
        for position, index in enumerate(item["people"]):
            SessionPresenter.objects.create(
                session=session, presenter=people[index], position=position
            )
    return conference


def export(conference: Conference, format_name: str) -> bytes:
    return registry.get_format(format_name).render(build_export(conference, url_base=BASE))


def without_id(event_slug: str, event_id) -> str:
    """``<acronym>-<id>-<slug>`` with the (maybe zero-padded) id of this instance taken out."""
    return re.sub(rf"-0*{event_id}-", "-ID-", event_slug, count=1)


def normalise_xml(body: bytes, conference: Conference) -> dict:
    """The XML export with what belongs to one conference instance (ids, URLs) taken out."""
    root = etree.fromstring(body)
    for tag in ("url", "version", "generator"):
        root.remove(root.find(tag))
    conf = root.find("conference")
    for tag in ("base_url", "url", "title"):
        conf.remove(conf.find(tag))
    for event in root.iter("event"):
        event_id = event.attrib.pop("id")
        slug = event.find("slug")
        slug.text = without_id(slug.text, event_id)
        event.remove(event.find("url"))
        for person in event.iter("person"):
            person.attrib.pop("id")
    return _tree(root)


def _tree(element) -> tuple:
    return (
        element.tag,
        sorted(element.attrib.items()),
        (element.text or "").strip() if len(element) else element.text or "",
        [_tree(child) for child in element],
    )


def normalise_json(body: bytes) -> dict:
    document = json.loads(body)
    schedule = document["schedule"]
    for key in ("url", "version", "base_url"):
        schedule.pop(key)
    conference = schedule["conference"]
    conference.pop("url")
    conference.pop("title")
    for day in conference["days"]:
        for events in day["rooms"].values():
            for event in events:
                event_id = event.pop("id")
                event["slug"] = without_id(event["slug"], event_id)
                event.pop("url")
                for person in event["persons"]:
                    person.pop("url")
    return document


def database_view(conference: Conference) -> list[tuple]:
    """Sessions as the issue lists them: GUID, times, room, title, presenters. Cancelled
    sessions are left out: frab XML and schedule JSON cannot say "cancelled"."""
    sessions = conference.sessions.for_schedule().filter(is_cancelled=False)
    return sorted(
        (
            str(s.guid),
            s.start,
            s.end,
            s.room.name if s.room else None,
            s.title,
            s.kind,
            s.track.name if s.track else None,
            # Presenters without a stored GUID are exported with a derived, stable one.
            tuple(
                (p.name, str(p.guid or stable_guid(conference, "person", p.slug)))
                for p in s.ordered_presenters
            ),
        )
        for s in sessions
    )


def assert_round_trip(original: Conference, format_name: str, copy_slug: str) -> Conference:
    first = export(original, format_name)
    detected, data = registry.parse_schedule(first)
    assert detected.name == format_name
    result = import_schedule(data, slug=copy_slug)
    copy = result.conference
    second = export(copy, format_name)

    assert database_view(copy) == database_view(original)
    assert copy.time_zone == original.time_zone
    assert list(copy.rooms.values_list("name", flat=True)) == list(
        original.rooms.values_list("name", flat=True)
    )
    if format_name == "frab-xml":
        assert normalise_xml(second, copy) == normalise_xml(first, original)
    else:
        assert normalise_json(second) == normalise_json(first)
    return copy


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", FORMATS)
@settings(
    max_examples=35,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schedule=schedules())
def test_generated_schedules_survive_export_import_export(format_name, schedule):
    with transaction.atomic():
        original = build_conference(schedule, "original")
        assert_round_trip(original, format_name, "copy")
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", FORMATS)
def test_awkward_schedule_round_trips(scheduled_conference, format_name):
    # Past midnight across the DST change, 30 hours, no room, two presenters, Unicode.
    copy = assert_round_trip(scheduled_conference, format_name, "copy")

    assert copy.sessions.get(slug="lunch-monday").room is None
    assert not copy.rooms.filter(name="Unassigned").exists()
    assert copy.rooms.filter(name="Empty Room").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("format_name", FORMATS)
def test_reimport_into_the_same_conference_changes_nothing(scheduled_conference, format_name):
    body = export(scheduled_conference, format_name)
    before = database_view(scheduled_conference)

    result = import_schedule(
        registry.get_format(format_name).parse(body), slug=scheduled_conference.slug
    )

    assert (result.created, result.updated, result.removed) == (0, 0, 0)
    assert result.unchanged == 4
    assert database_view(scheduled_conference) == before
    assert scheduled_conference.schedule_changes.count() == 0


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(schedule=schedules())
def test_generated_schedules_export_valid_files(frab_xsd, schedule_json_validator, schedule):
    """Against the c3voc XSD and JSON schema, and iCalendar read back by icalendar."""
    with transaction.atomic():
        conference = build_conference(schedule, "generated")

        assert xsd_errors(frab_xsd, export(conference, "frab-xml")) == []
        assert json_errors(schedule_json_validator, export(conference, "schedule-json")) == []
        calendar = icalendar.Calendar.from_ical(export(conference, "ical"))
        events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
        sessions = list(conference.sessions.all())
        assert len(events) == len(sessions)
        for session in sessions:
            event = events[f"{session.guid}@hallway"]
            # Compared as instants: PEP 495 makes == false for times in a repeated hour.
            assert event.decoded("dtstart").timestamp() == session.start.timestamp()
            assert event.decoded("dtend").timestamp() == session.end.timestamp()
        if sessions and conference.time_zone != "UTC":
            (timezone,) = calendar.walk("VTIMEZONE")
            assert str(timezone["tzid"]) == conference.time_zone
        transaction.set_rollback(True)
