import datetime as dt
import uuid
import zoneinfo

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from hallway.conferences.models import Conference
from hallway.interop.registry import parse_schedule
from hallway.interop.services import import_schedule, session_kind
from hallway.program.models import ScheduleChange, Session
from tests.interop.conftest import FIXTURES, xsd_errors

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
GUID = "4f0b3c2e-6a1d-5e8f-9b7c-0a1b2c3d4e5{}"


def run_import(path, slug="democon", *extra) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_schedule", str(path), "--slug", slug, "--publish", *extra, stdout=out)
    return out.getvalue()


def sessions_by_guid(slug: str) -> dict[str, Session]:
    sessions = Session.objects.filter(conference__slug=slug).select_related("room", "track")
    return {str(s.guid): s for s in sessions}


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["pretalx.xml", "pretalx.json"])
def test_import_pretalx_export(fixture):
    output = run_import(FIXTURES / fixture)

    conference = Conference.objects.get(slug="democon")
    assert conference.name == "DemoCon 2025"
    assert conference.time_zone == "Europe/Berlin"
    assert (conference.starts_on, conference.ends_on) == (
        dt.date(2025, 3, 29),
        dt.date(2025, 3, 31),
    )
    assert conference.export_acronym == "democon"
    assert list(conference.rooms.values_list("name", "position")) == [
        ("Saal 1", 0),
        ("Saal 2", 1),
        ("Workshop Room", 2),
    ]
    assert str(conference.rooms.get(name="Workshop Room").guid) == (
        "2b5fc1a8-3b57-4b8e-9f6d-1c2f1b0e7a03"
    )
    sessions = sessions_by_guid("democon")
    unicode_talk = sessions[GUID.format(1)]
    assert unicode_talk.title == "Schön, schöner, am schönsten: Unicode in der Praxis"
    assert unicode_talk.slug == "schon-schoner-am-schonsten-unicode-in-der-praxis"
    assert unicode_talk.kind == "talk"
    assert unicode_talk.start == dt.datetime(2025, 3, 29, 9, 0, tzinfo=dt.UTC)
    assert unicode_talk.duration_minutes == 45
    assert unicode_talk.room.name == "Saal 1"
    assert unicode_talk.track.name == "Main Track"
    assert unicode_talk.language == "de"
    assert unicode_talk.abstract == "Über **Zeichen** und Kodierungen."
    assert unicode_talk.video_url == "https://media.example.org/v/democon-101"
    assert list(
        unicode_talk.presenters.order_by("sessionpresenter__position").values_list(
            "name", flat=True
        )
    ) == ["Jürgen Weiß", "Zoë Ångström"]
    night = sessions[GUID.format(2)]
    # 23:30 CET + 4 h crosses the spring-forward gap: it ends at 04:30 CEST.
    assert night.local_end == dt.datetime(2025, 3, 30, 4, 30, tzinfo=BERLIN)
    assert night.kind == "tutorial"
    # pretalx writes 30 hours as "1:06:00" (days:hours:minutes).
    assert sessions[GUID.format(3)].duration == dt.timedelta(hours=30)
    assert sessions[GUID.format(4)].kind == "keynote"
    assert output.endswith(
        "democon: 4 sessions created, 0 updated, 0 unchanged, 0 removed, "
        "0 kept as cancelled (attendee data attached)\n"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["frab.xml", "c3voc.json"])
def test_import_frab_and_c3voc_files(fixture):
    run_import(FIXTURES / fixture, "camp")

    sessions = sessions_by_guid("camp")
    opening = sessions["0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c01"]
    assert opening.title == "Opening Ceremony"
    assert opening.slug == "opening-ceremony"
    assert opening.kind == "talk"
    assert opening.slides_url == "https://slides.example.org/opening.pdf"
    assert list(opening.presenters.values_list("name", flat=True)) == ["Ford Prefect"]
    late = sessions["0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c02"]
    assert late.start == dt.datetime(2023, 8, 15, 23, 30, tzinfo=dt.UTC)
    assert late.kind == "lightning"
    assert list(
        late.presenters.order_by("sessionpresenter__position").values_list("name", flat=True)
    ) == ["Trillian Astra", "Ford Prefect"]
    # Ford Prefect is one presenter, on two sessions.
    assert Conference.objects.get(slug="camp").presenters.filter(name="Ford Prefect").count() == 1
    # A room with no events still exists (declared in the JSON day, or on another XML day).
    assert "Heart of Gold" in set(
        Conference.objects.get(slug="camp").rooms.values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_import_pentabarf_file_without_dates_or_guids():
    run_import(FIXTURES / "pentabarf.xml", "penta")
    run_import(FIXTURES / "pentabarf.xml", "penta")  # idempotent by slug when there are no GUIDs

    sessions = {s.slug: s for s in Session.objects.filter(conference__slug="penta")}
    assert set(sessions) == {"welcome", "after-midnight"}
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    assert sessions["welcome"].local_start == dt.datetime(2010, 2, 6, 10, 0, tzinfo=brussels)
    assert sessions["welcome"].duration_minutes == 50  # "00:50:00" is H:MM:SS
    # 01:00 is before the day's 09:00 start: the night after.
    assert sessions["after-midnight"].local_start == dt.datetime(2010, 2, 7, 1, 0, tzinfo=brussels)


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["pretalx.xml", "pretalx.json", "frab.xml", "c3voc.json"])
def test_import_twice_changes_nothing(fixture):
    run_import(FIXTURES / fixture)
    before = {guid: (s.updated_at, s.slug) for guid, s in sessions_by_guid("democon").items()}
    version = Conference.objects.get(slug="democon").version

    output = run_import(FIXTURES / fixture)

    after = {guid: (s.updated_at, s.slug) for guid, s in sessions_by_guid("democon").items()}
    assert after == before
    # Nothing changed, so cached pages and export ETags stay valid.
    assert Conference.objects.get(slug="democon").version == version
    assert ScheduleChange.objects.count() == 0
    assert f"0 sessions created, 0 updated, {len(before)} unchanged, 0 removed" in output


@pytest.mark.django_db
def test_import_detects_format_from_content_not_extension(tmp_path):
    misnamed = tmp_path / "schedule.xml"
    misnamed.write_bytes((FIXTURES / "c3voc.json").read_bytes())

    output = run_import(misnamed, "camp")

    assert output.startswith("Imported schedule JSON (frab/c3voc/pretalx).")


@pytest.mark.django_db
def test_import_dry_run_writes_nothing():
    output = run_import(FIXTURES / "pretalx.xml", "democon", "--dry-run")

    assert output.startswith("Dry run, nothing written. democon: 4 sessions created")
    assert not Conference.objects.filter(slug="democon").exists()


@pytest.mark.django_db
def test_import_keeps_guid_and_slug_of_existing_session_matched_by_slug(conference):
    from tests.factories import RoomFactory, SessionFactory

    existing = SessionFactory(
        conference=conference,
        title="Closing",
        slug="closing",
        room=RoomFactory(conference=conference),
    )
    _, data = parse_schedule((FIXTURES / "pretalx.xml").read_bytes())

    import_schedule(data, slug=conference.slug)

    existing.refresh_from_db()
    assert existing.start == dt.datetime(2025, 3, 31, 15, 0, tzinfo=dt.UTC)
    assert existing.slug == "closing"
    assert str(existing.guid) != GUID.format(4)


@pytest.mark.django_db
def test_import_same_guids_into_two_conferences():
    run_import(FIXTURES / "pretalx.xml", "one")
    run_import(FIXTURES / "pretalx.xml", "two")

    assert set(sessions_by_guid("one")) == set(sessions_by_guid("two"))


@pytest.mark.django_db
def test_namesakes_with_different_guids_stay_two_presenters():
    content = (FIXTURES / "pretalx.xml").read_text().replace("Zoë Ångström", "Jürgen Weiß")

    _, data = parse_schedule(content.encode())
    import_schedule(data, slug="democon")

    presenters = Conference.objects.get(slug="democon").presenters.order_by("slug")
    assert list(presenters.values_list("name", "slug")) == [
        ("Jürgen Weiß", "jurgen-wei"),
        ("Jürgen Weiß", "jurgen-wei-2"),
    ]


def test_session_kind_mapping():
    assert [
        session_kind(t)
        for t in (
            "Talk",
            "Workshop",
            "lightning_talk",
            "Panel discussion",
            "Lunch break",
            "Opening or closing remarks",
            "",
        )
    ] == ["talk", "tutorial", "lightning", "panel", "break", "remarks", "talk"]


# ---- bad input: a message naming where, and a database left exactly as it was ----


def snapshot() -> dict:
    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    sessions = list(Session.objects.order_by("pk").values())
    return {
        "counts": counts,
        "sessions": sessions,
        "conferences": list(Conference.objects.values()),
    }


def bad(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def import_error(path) -> str:
    with pytest.raises(CommandError) as error:
        run_import(path)
    return str(error.value).split("\n")[0]


@pytest.fixture
def imported(db):
    run_import(FIXTURES / "pretalx.xml")
    return snapshot()


XML = (FIXTURES / "pretalx.xml").read_text()
JSON = (FIXTURES / "pretalx.json").read_text()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "truncated.xml",
            XML[: XML.index('<day index="2"')],
            "truncated.xml: / (line 96): not well-formed XML: Premature end of data in tag "
            "schedule line 5",
        ),
        (
            "root.xml",
            '<?xml version="1.0"?>\n<agenda><day/></agenda>',
            "root.xml: /agenda (line 2): the root element is <agenda>, expected <schedule>",
        ),
        (
            "room.xml",
            XML.replace("<room>Saal 2</room>", "<room>Saal 9</room>"),
            "room.xml: /schedule/day[1]/room[2]/event[1]/room (line 76): unknown room reference "
            "'Saal 9': the event is inside <room name='Saal 2'>",
        ),
        (
            "duration.xml",
            XML.replace("<duration>00:30</duration>", "<duration>half an hour</duration>"),
            "duration.xml: /schedule/day[3]/room[1]/event[1]/duration (line 110): bad duration "
            "'half an hour': expected HH:MM (e.g. 00:45 or 30:00)",
        ),
        (
            "guid.xml",
            XML.replace(GUID.format(4), GUID.format(1)),
            f"guid.xml: /schedule/day[3]/room[1]/event[1] (line 103): duplicate GUID "
            f"{GUID.format(1)} (first used at /schedule/day[1]/room[1]/event[1])",
        ),
        (
            "truncated.json",
            JSON[:2000],
            "truncated.json: line 47: not valid JSON: Unterminated string starting at (column 17)",
        ),
        (
            "root.json",
            '{"conference": {"title": "x"}}',
            "root.json: $: the root is not an object with a 'schedule' key",
        ),
        (
            "room.json",
            JSON.replace('"room": "Saal 2"', '"room": "Saal 9"'),
            "room.json: schedule.conference.days[0].rooms.Saal 2[0].room: unknown room "
            "reference 'Saal 9': the event is listed under room 'Saal 2'",
        ),
        (
            "undeclared-room.json",
            JSON.replace(
                '"Workshop Room": []\n          }\n        },\n        {\n          "index": 2',
                '"Annex": []\n          }\n        },\n        {\n          "index": 2',
            ),
            "undeclared-room.json: schedule.conference.days[0].rooms.Annex: unknown room "
            "reference 'Annex': not in schedule.conference.rooms",
        ),
        (
            "duration.json",
            JSON.replace('"duration": "00:30"', '"duration": "30m"'),
            "duration.json: schedule.conference.days[2].rooms.Saal 1[0].duration: bad duration "
            "'30m': expected HH:MM (e.g. 00:45 or 30:00)",
        ),
        (
            "guid.json",
            JSON.replace(GUID.format(4), GUID.format(1)),
            f"guid.json: schedule.conference.days[2].rooms.Saal 1[0]: duplicate GUID "
            f"{GUID.format(1)} (first used at schedule.conference.days[0].rooms.Saal 1[0])",
        ),
        (
            "unknown.txt",
            "BEGIN:VCALENDAR\r\n",
            "unknown.txt: line 1: not a schedule file in a known format (frab schedule XML, "
            "schedule JSON (frab/c3voc/pretalx))",
        ),
    ],
)
def test_bad_input_names_the_place_and_changes_nothing(imported, tmp_path, name, content, message):
    path = bad(tmp_path, name, content)

    assert import_error(path) == message.replace(f"{name}:", f"{path}:", 1)
    assert snapshot() == imported


def test_bad_input_of_a_moved_session_rolls_back_the_whole_file(imported, tmp_path):
    # The first event moves, a later one is broken: the move must not stay behind.
    content = XML.replace("2025-03-29T10:00:00+01:00", "2025-03-29T11:00:00+01:00").replace(
        "<duration>00:30</duration>", "<duration>-1</duration>"
    )

    import_error(bad(tmp_path, "late.xml", content))

    assert snapshot() == imported


@pytest.mark.django_db
def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.xml: cannot read it \(No such file"):
        run_import(tmp_path / "missing.xml")


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["pretalx.xml", "frab.xml"])
def test_hand_built_xml_fixtures_are_valid_frab_xml(frab_xsd, fixture):
    assert xsd_errors(frab_xsd, (FIXTURES / fixture).read_bytes()) == []


def test_uuid_helper_is_used_for_guid_values():
    assert uuid.UUID(GUID.format(1)).version == 5


@pytest.mark.django_db
def test_new_session_in_a_published_schedule_is_logged_as_added():
    run_import(FIXTURES / "frab.xml", "camp")
    content = (FIXTURES / "frab.xml").read_text()
    extra = content[content.index('      <event guid="0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c03"') :]
    extra = extra[: extra.index("</event>") + len("</event>")]
    added = (
        extra.replace("6c03", "6c04")
        .replace("9003", "9004")
        .replace("Soldering workshop", "Soldering, part two")
        .replace("14:00", "17:00")
    )
    content = content.replace(extra, f"{extra}\n{added}")

    _, data = parse_schedule(content.encode())
    result = import_schedule(data, slug="camp")

    assert result.created == 1
    log = result.conference.schedule_changes.values_list(
        "kind", "session_title", "new_value", "source"
    )
    assert list(log) == [
        ("added", "Soldering, part two", "Wed 16 Aug, 5:00 PM–7:00 PM", "import_schedule")
    ]
