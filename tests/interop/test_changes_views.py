import datetime as dt
import zoneinfo

import pytest
from lxml import etree

from hallway.interop import views
from hallway.interop.registry import parse_schedule
from hallway.interop.services import import_schedule, publish_conference
from hallway.program.models import ScheduleChange, Session
from tests.companion.factories import NoteFactory, StarFactory
from tests.factories import SessionFactory
from tests.html import attrs, parse, texts
from tests.interop.conftest import FIXTURES, view_request

ATOM = "{http://www.w3.org/2005/Atom}"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
OLD = "<date>2023-08-16T14:00:00+02:00</date>\n        <start>14:00</start>"
NEW = "<date>2023-08-16T16:30:00+02:00</date>\n        <start>16:30</start>"


def load(content: str):
    _, data = parse_schedule(content.encode())
    report = import_schedule(data, slug="camp2023")
    publish_conference(report.conference)
    return report


@pytest.fixture
def moved_by_reimport(db):
    """The frab fixture imported, attendee data attached, then re-imported with the soldering
    workshop moved from 14:00 to 16:30 and the opening ceremony gone."""
    original = (FIXTURES / "frab.xml").read_text()
    load(original)
    workshop = Session.objects.get(title="Soldering workshop")
    opening = Session.objects.get(title="Opening Ceremony")
    star = StarFactory(session=workshop)
    note = NoteFactory(session=opening, body="Bring a towel")
    start = original.index('<event guid="0e9d8c7b-6a5f-4e3d-8c1b-0a9f8e7d6c01"')
    end = original.index("</event>", start) + len("</event>")
    moved = original.replace(OLD, NEW)
    moved = moved[:start] + moved[end:]
    result = load(moved)
    return result, workshop, opening, star, note


def test_reimport_that_moves_a_session_keeps_its_data_and_logs_it(moved_by_reimport):
    result, workshop, opening, star, note = moved_by_reimport

    assert (result.updated, result.unchanged, result.removed, result.cancelled) == (1, 1, 0, 1)
    workshop.refresh_from_db()
    assert workshop.local_start == dt.datetime(2023, 8, 16, 16, 30, tzinfo=BERLIN)
    star.refresh_from_db()
    note.refresh_from_db()
    assert star.session_id == workshop.pk
    # The removed opening has a note attached: kept, as cancelled.
    assert Session.objects.get(pk=opening.pk).is_cancelled
    assert note.session_id == opening.pk
    log = result.conference.schedule_changes.order_by("pk")
    assert list(log.values_list("kind", "session_title", "old_value", "new_value", "source")) == [
        (
            "retimed",
            "Soldering workshop",
            "Wed 16 Aug, 2:00 PM–4:00 PM",
            "Wed 16 Aug, 4:30 PM–6:30 PM",
            "import_schedule",
        ),
        ("cancelled", "Opening Ceremony", "", "", "import_schedule"),
    ]


def test_changes_page_lists_the_move(client, moved_by_reimport):
    response = client.get("/camp2023/schedule/changes/")

    assert response.status_code == 200
    page = parse(response)
    changes = "//div[@id='change-list']/ol/li"
    assert texts(page, f"{changes}/p[@class='session-list__title']") == [
        "Opening Ceremony",
        "Soldering workshop",
    ]
    assert texts(page, f"{changes}/p[@class='muted']") == [
        "was: Wed 16 Aug, 2:00 PM–4:00 PM → now: Wed 16 Aug, 4:30 PM–6:30 PM"
    ]
    assert attrs(page, "//head/link[@rel='alternate']", "href") == [
        "/camp2023/schedule/changes.xml"
    ]
    assert attrs(page, "//main/h1/following-sibling::p[2]/a", "href") == [
        "/camp2023/schedule/changes.xml",
        "/camp2023/schedule/",
    ]
    assert [c.kind for c in response.context["changes"]] == ["cancelled", "retimed"]


def test_changes_feed_is_atom_with_the_move(client, moved_by_reimport):
    response = client.get("/camp2023/schedule/changes.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = etree.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Cancelled: Opening Ceremony",
        "New time: Soldering workshop",
    ]
    assert entries[1].findtext(f"{ATOM}summary") == (
        "Wed 16 Aug, 2:00 PM–4:00 PM → Wed 16 Aug, 4:30 PM–6:30 PM"
    )
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link == "http://testserver/camp2023/tutorials/soldering-workshop/"


@pytest.mark.django_db
def test_changes_of_hidden_sessions_are_not_public(client, conference):
    hidden = SessionFactory(conference=conference, title="Secret", is_hidden=True)
    hidden.title = "Still secret"
    hidden.save()
    shown = SessionFactory(conference=conference, title="Public")
    shown.title = "Public, renamed"
    shown.save()

    response = client.get("/djangocon-us-2024/schedule/changes/")

    assert [c.session_title for c in response.context["changes"]] == ["Public, renamed"]


@pytest.mark.django_db
def test_changes_page_htmx_renders_the_list_only(client, conference):
    response = client.get("/djangocon-us-2024/schedule/changes/", headers={"hx-request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="change-list"')
    assert "<html" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("count", [10, 1000])
def test_changes_page_query_count_is_constant(rf, conference, count, django_assert_num_queries):
    sessions = Session.objects.bulk_create(
        Session(conference=conference, title=f"Talk {n}", slug=f"talk-{n}") for n in range(10)
    )
    ScheduleChange.objects.bulk_create(
        ScheduleChange(
            conference=conference,
            session=sessions[n % 10],
            session_title=f"Talk {n % 10}",
            kind="moved",
            field="room",
            old_value="A",
            new_value="B",
        )
        for n in range(count)
    )

    request = view_request(rf, "/djangocon-us-2024/schedule/changes/")

    # The view alone (the site-wide middleware has its own caches): the conference, the
    # paginator's count, the page of changes with their sessions.
    with django_assert_num_queries(3):
        response = views.changes(request, conference_slug="djangocon-us-2024")

    assert response.content.decode().count('class="session-list__item"') == min(count, 100)
