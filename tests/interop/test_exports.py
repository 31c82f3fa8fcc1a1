import datetime as dt
import json
import zoneinfo

import icalendar
import pytest
from lxml import etree

from hallway.interop import registry, views
from hallway.interop.export import UNASSIGNED_ROOM_GUID, build_export, export_acronym
from hallway.program.models import Session
from tests.factories import ConferenceFactory
from tests.html import attrs, parse
from tests.interop.conftest import json_errors, view_request, xsd_errors

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
BASE = "https://hallway.example"


def render(conference, name: str) -> bytes:
    return registry.get_format(name).render(build_export(conference, url_base=BASE))


@pytest.mark.django_db
def test_frab_xml_export_is_valid_against_the_xsd(scheduled_conference, frab_xsd):
    body = render(scheduled_conference, "frab-xml")

    assert xsd_errors(frab_xsd, body) == []


@pytest.mark.django_db
def test_schedule_json_export_is_valid_against_the_json_schema(
    scheduled_conference, schedule_json_validator
):
    body = render(scheduled_conference, "schedule-json")

    assert json_errors(schedule_json_validator, body) == []


@pytest.mark.django_db
def test_export_acronym_passes_both_patterns():
    conference = ConferenceFactory(slug="djangocon-us-2024")
    short = ConferenceFactory(slug="ab", acronym="A-b")

    assert export_acronym(conference) == "djangocon_us_2024"
    assert export_acronym(short) == "a_b_"


@pytest.mark.django_db
def test_frab_xml_export_days_rooms_and_events(scheduled_conference):
    sessions = scheduled_conference.test_sessions

    root = etree.fromstring(render(scheduled_conference, "frab-xml"))

    assert root.findtext("conference/acronym") == "pycon_unicode_2024"
    assert root.findtext("conference/time_zone_name") == "America/New_York"
    days = root.findall("day")
    assert [(d.get("index"), d.get("date"), d.get("start"), d.get("end")) for d in days] == [
        ("1", "2024-11-02", "2024-11-02T00:00:00-04:00", "2024-11-03T06:30:00-05:00"),
        ("2", "2024-11-03", "2024-11-03T00:00:00-04:00", "2024-11-04T15:00:00-05:00"),
        ("3", "2024-11-04", "2024-11-04T00:00:00-05:00", "2024-11-05T00:00:00-05:00"),
    ]
    # Every day lists every room, the empty one too; the room-less lunch gets "Unassigned".
    assert [r.get("name") for r in days[2].findall("room")] == [
        "Grand Hall",
        "Salon Ø",
        "Empty Room",
        "Unassigned",
    ]
    assert days[2].findall("room")[3].get("guid") == str(UNASSIGNED_ROOM_GUID)
    night = root.find(f"day/room/event[@guid='{sessions['night'].guid}']")
    assert night.findtext("date") == "2024-11-02T23:30:00-04:00"
    assert night.findtext("start") == "23:30"
    # 23:30 EDT to 06:30 EST is eight hours: the clocks went back in between.
    assert night.findtext("duration") == "08:00"
    assert night.findtext("slug") == f"pycon_unicode_2024-{sessions['night'].pk}-night-owls"
    assert night.findtext("url") == f"{BASE}/pycon-unicode-2024/talks/night-owls/"
    marathon = root.find(f"day/room/event[@guid='{sessions['marathon'].guid}']")
    assert marathon.findtext("duration") == "30:00"
    keynote = root.find(f"day/room/event[@guid='{sessions['keynote'].guid}']")
    assert keynote.findtext("title") == "Opening keynote: «Django» 🎉"
    assert [p.text for p in keynote.findall("persons/person")] == [
        "Ada Lovelace",
        "José Müller-Ñúñez",
    ]
    assert keynote.findtext("track") == "Web"
    lunch = root.find(f"day/room/event[@guid='{sessions['lunch'].guid}']")
    assert lunch.findtext("url") == f"{BASE}/pycon-unicode-2024/catering/#monday"
    # Cancelled sessions are not in frab XML (it has no way to say so).
    assert root.find(f"day/room/event[@guid='{sessions['cancelled'].guid}']") is None


@pytest.mark.django_db
def test_schedule_json_export_structure(scheduled_conference):
    sessions = scheduled_conference.test_sessions

    document = json.loads(render(scheduled_conference, "schedule-json"))

    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "pycon_unicode_2024"
    assert conference["daysCount"] == 3
    assert [r["name"] for r in conference["rooms"]] == [
        "Grand Hall",
        "Salon Ø",
        "Empty Room",
        "Unassigned",
    ]
    day_one = conference["days"][0]
    assert list(day_one["rooms"]) == ["Grand Hall", "Salon Ø", "Empty Room", "Unassigned"]
    assert day_one["rooms"]["Empty Room"] == []
    (night,) = day_one["rooms"]["Salon Ø"]
    assert night["guid"] == str(sessions["night"].guid)
    assert night["date"] == "2024-11-02T23:30:00-04:00"
    assert night["end"] == "2024-11-03T06:30:00-05:00"
    assert night["duration"] == "08:00"
    assert night["persons"][0]["name"] == "José Müller-Ñúñez"


@pytest.mark.django_db
def test_ical_export_parsed_by_icalendar_gives_right_times(scheduled_conference):
    sessions = scheduled_conference.test_sessions

    calendar = icalendar.Calendar.from_ical(render(scheduled_conference, "ical"))

    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 5
    night = events[f"{sessions['night'].guid}@hallway"]
    assert night["dtstart"].params["TZID"] == "America/New_York"
    assert night.decoded("dtstart") == dt.datetime(2024, 11, 3, 3, 30, tzinfo=dt.UTC)
    assert night.decoded("dtend") == dt.datetime(2024, 11, 3, 11, 30, tzinfo=dt.UTC)
    assert night.decoded("dtend").astimezone(NEW_YORK).utcoffset() == dt.timedelta(hours=-5)
    assert str(events[f"{sessions['cancelled'].guid}@hallway"]["status"]) == "CANCELLED"
    (timezone,) = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "America/New_York"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("schedule.xml", "application/xml; charset=utf-8"),
        ("schedule.json", "application/json"),
        ("schedule.ics", "text/calendar; charset=utf-8"),
    ],
)
def test_export_views_answer_with_validators(client, scheduled_conference, name, content_type):
    url = f"/pycon-unicode-2024/{name}"

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["ETag"]
    assert response["Last-Modified"]
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 304
    modified_since = {"if-modified-since": response["Last-Modified"]}
    assert client.get(url, headers=modified_since).status_code == 304


@pytest.mark.django_db
def test_export_etag_changes_when_a_session_moves(client, scheduled_conference):
    first = client.get("/pycon-unicode-2024/schedule.xml")
    night = scheduled_conference.test_sessions["night"]
    night.start += dt.timedelta(hours=1)
    night.end += dt.timedelta(hours=1)
    night.save()

    second = client.get(
        "/pycon-unicode-2024/schedule.xml", headers={"if-none-match": first["ETag"]}
    )

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert b"<start>00:30</start>" in second.content


@pytest.mark.django_db
def test_export_view_uses_request_host_for_urls(client, scheduled_conference):
    response = client.get("/pycon-unicode-2024/schedule.json")

    document = json.loads(response.content)
    assert document["schedule"]["url"] == "http://testserver/pycon-unicode-2024/schedule.json"


def _bulk_sessions(conference, count: int) -> None:
    rooms = list(conference.rooms.all())
    start = dt.datetime(2024, 11, 2, 8, 0, tzinfo=NEW_YORK)
    Session.objects.bulk_create(
        Session(
            conference=conference,
            title=f"Bulk talk {n}",
            slug=f"bulk-talk-{n}",
            start=start + dt.timedelta(minutes=30 * (n // len(rooms))),
            end=start + dt.timedelta(minutes=30 * (n // len(rooms)) + 25),
            room=rooms[n % len(rooms)],
        )
        for n in range(count)
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["schedule.xml", "schedule.json", "schedule.ics"])
@pytest.mark.parametrize("extra_sessions", [5, 1000])
def test_export_view_query_count_is_constant(
    rf, scheduled_conference, django_assert_num_queries, name, extra_sessions
):
    _bulk_sessions(scheduled_conference, extra_sessions)

    request = view_request(rf, f"/pycon-unicode-2024/{name}")
    view = {"schedule.xml": views.schedule_xml, "schedule.json": views.schedule_json}.get(
        name, views.schedule_ics
    )

    # The view alone (the site-wide middleware has its own caches): the conference, two
    # aggregates for the validators; sessions, their tags and presenters; rooms; tracks.
    with django_assert_num_queries(8):
        response = view(request, conference_slug="pycon-unicode-2024")

    assert response.status_code == 200
    assert response.content.count(b"Bulk talk") == extra_sessions


@pytest.mark.django_db
def test_schedule_page_links_the_exports(client, scheduled_conference):
    page = parse(client.get("/pycon-unicode-2024/schedule/"))

    assert attrs(page, "//nav[@class='export-links']//a", "href") == [
        f"/pycon-unicode-2024/{path}"
        for path in ("schedule.ics", "schedule.xml", "schedule.json", "schedule/changes/")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["schedule.xml", "schedule.json", "schedule.ics"])
def test_exports_of_unknown_or_private_conferences_are_404(client, name):
    ConferenceFactory(slug="private-conf", is_public=False)

    assert client.get(f"/no-such-conf/{name}").status_code == 404
    assert client.get(f"/private-conf/{name}").status_code == 404
