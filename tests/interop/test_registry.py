"""A new format is one module registered with the registry: import and export pick it up."""

import csv
import io

import pytest

from hallway.interop import registry
from hallway.interop.schedule_data import (
    RoomData,
    ScheduleData,
    ScheduleFormatError,
    SessionData,
    format_duration,
    parse_datetime,
    parse_duration,
)
from hallway.interop.services import import_schedule
from tests.factories import SessionFactory

HEADER = "title,start,duration,room"


def detect(content: bytes) -> bool:
    return content.startswith(HEADER.encode())


def parse(content: bytes) -> ScheduleData:
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    sessions = [
        SessionData(
            title=row["title"],
            start=parse_datetime(row["start"], path=f"row {n}"),
            duration=parse_duration(row["duration"], path=f"row {n}/duration"),
            room=row["room"],
            path=f"row {n}",
        )
        for n, row in enumerate(rows, start=2)
    ]
    rooms = [RoomData(name=name) for name in dict.fromkeys(row["room"] for row in rows)]
    return ScheduleData(title="CSV Conf", time_zone="UTC", rooms=rooms, sessions=sessions)


def render(export) -> bytes:
    lines = [HEADER] + [
        f"{s.title},{s.start.isoformat()},{format_duration(s.duration)},{s.room.name}"
        for s in export.active_sessions
    ]
    return ("\n".join(lines) + "\n").encode()


CSV = registry.ScheduleFormat(
    name="csv",
    label="CSV",
    extension="csv",
    content_type="text/csv",
    detect=detect,
    parse=parse,
    render=render,
)


@pytest.fixture
def csv_format():
    registry.register(CSV)
    yield CSV
    registry.unregister("csv")


def test_builtin_formats_are_registered():
    assert [f.name for f in registry.formats()] == ["frab-xml", "schedule-json", "ical"]
    assert [f.name for f in registry.importers()] == ["frab-xml", "schedule-json"]


@pytest.mark.django_db
def test_a_registered_format_imports(csv_format):
    content = b"title,start,duration,room\nHello,2024-09-23T14:00:00+00:00,00:45,Hall\n"

    detected, data = registry.parse_schedule(content)
    result = import_schedule(data, slug="csvconf")

    assert detected is csv_format
    assert list(result.conference.sessions.values_list("title", "room__name")) == [
        ("Hello", "Hall")
    ]


@pytest.mark.django_db
def test_a_registered_format_is_served_at_its_extension(client, conference, csv_format):
    session = SessionFactory(conference=conference, title="Hello")
    session.refresh_from_db()  # times as the database gives them back (UTC)

    response = client.get("/djangocon-us-2024/schedule.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    assert response.content.decode() == (
        f"{HEADER}\nHello,{session.start.isoformat()},00:25,{session.room.name}\n"
    )


@pytest.mark.django_db
def test_unknown_extension_is_404(client, conference):
    assert client.get("/djangocon-us-2024/schedule.pdf").status_code == 404


def test_unknown_content_is_a_format_error():
    with pytest.raises(ScheduleFormatError, match="not a schedule file in a known format"):
        registry.parse_schedule(b"%PDF-1.7")
