"""Exports stay valid on any input: an event a source lists in several slots or rooms, or
rooms sharing a GUID, are written once each and the files still validate."""

import copy
import json
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from hallway.conferences.models import Conference, Room
from hallway.interop import registry
from hallway.interop.export import build_export
from hallway.interop.schedule_data import ScheduleFormatError
from hallway.interop.services import import_schedule
from tests.interop.conftest import json_errors, xsd_errors

FIXTURE = Path(__file__).parent / "fixtures" / "pretalx.xml"
BASE = "https://hallway.example"
REPEATED = "4f0b3c2e-6a1d-5e8f-9b7c-0a1b2c3d4e51"


def messy_pretalx_export() -> bytes:
    """pretalx's export shape with what real exports carry: one event in two slots under
    one GUID (a talk repeated on day 2, in another room), the same slot listed twice, and two
    rooms sharing a GUID."""
    root = etree.fromstring(FIXTURE.read_bytes())
    event = root.find(f".//event[@guid='{REPEATED}']")
    repeat = copy.deepcopy(event)
    repeat.find("date").text = "2025-03-30T10:00:00+02:00"
    repeat.find("room").text = "Saal 2"
    root.find("day[@index='2']/room[@name='Saal 2']").append(repeat)
    # The very same slot again, in its own room: not a second session.
    event.getparent().append(copy.deepcopy(event))
    for room in root.iter("room"):
        if room.get("name") == "Workshop Room":
            room.set("guid", "2b5fc1a8-3b57-4b8e-9f6d-1c2f1b0e7a02")  # Saal 2's
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


@pytest.fixture
def imported(db) -> Conference:
    import_schedule(messy_pretalx_export(), slug="democon")
    return Conference.objects.get(slug="democon")


def test_repeated_event_is_one_session_per_slot(imported):
    titles = Counter(imported.sessions.values_list("title", flat=True))

    assert titles["Schön, schöner, am schönsten: Unicode in der Praxis"] == 2
    assert imported.sessions.count() == 5
    assert len(set(imported.sessions.values_list("guid", flat=True))) == 5
    workshop = Room.objects.get(conference=imported, name="Workshop Room")
    assert workshop.guid is None


def test_repeated_event_reimports_without_change(imported):
    report = import_schedule(messy_pretalx_export(), slug="democon")

    assert (report.created, report.updated, report.unchanged) == (0, 0, 5)


def test_reexport_has_each_event_once_and_validates(imported, frab_xsd, schedule_json_validator):
    export = build_export(imported, url_base=BASE)
    xml = registry.get_format("frab-xml").render(export)
    document = json.loads(registry.get_format("schedule-json").render(export))

    guids = etree.fromstring(xml).xpath("//event/@guid")
    assert len(guids) == len(set(guids)) == 5
    room_guids = [room["guid"] for room in document["schedule"]["conference"]["rooms"]]
    assert len(room_guids) == len(set(room_guids)) == 3
    assert xsd_errors(frab_xsd, xml) == []
    assert json_errors(schedule_json_validator, json.dumps(document).encode()) == []


def test_rooms_edited_to_share_a_guid_still_export_each_session_once(imported, frab_xsd):
    saal_2 = Room.objects.get(conference=imported, name="Saal 2")
    Room.objects.filter(conference=imported, name="Saal 1").update(guid=saal_2.guid)

    xml = registry.get_format("frab-xml").render(build_export(imported, url_base=BASE))

    guids = etree.fromstring(xml).xpath("//event/@guid")
    assert len(guids) == len(set(guids)) == 5
    assert xsd_errors(frab_xsd, xml) == []


def test_two_events_sharing_a_guid_is_still_an_error(db):
    source = FIXTURE.read_text().replace(
        "4f0b3c2e-6a1d-5e8f-9b7c-0a1b2c3d4e54", "4f0b3c2e-6a1d-5e8f-9b7c-0a1b2c3d4e51"
    )

    with pytest.raises(ScheduleFormatError) as error:
        import_schedule(source.encode(), slug="democon")

    assert str(error.value) == (
        "/schedule/day[3]/room[1]/event[1] (line 103): duplicate GUID "
        "4f0b3c2e-6a1d-5e8f-9b7c-0a1b2c3d4e51 (first used at /schedule/day[1]/room[1]/event[1])"
    )
    assert not Conference.objects.filter(slug="democon").exists()
