"""Following a live schedule: a loopback HTTP server plays pretalx."""

import datetime as dt
import hashlib
import json
import shutil
import zoneinfo
from email.utils import formatdate
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hallway.conferences.models import Conference
from hallway.interop.models import ScheduleSource
from hallway.interop.sync import FetchError, FetchUnavailable, fetch, pull
from hallway.program.models import ScheduleChange, Session
from tests.companion.factories import StarFactory, UserFactory
from tests.html import parse, text, texts
from tests.interop.conftest import FIXTURES
from tests.interop.loopback import ScheduleServer

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UNICODE_TALK = "4f0b3c2e-6a1d-5e8f-9b7c-0a1b2c3d4e51"


@pytest.fixture
def served(tmp_path):
    """The pretalx fixture served at <server>/schedule.json."""
    shutil.copy(FIXTURES / "pretalx.json", tmp_path / "schedule.json")
    with ScheduleServer(tmp_path) as server:
        server.file = tmp_path / "schedule.json"
        yield server


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def follow(server) -> ScheduleSource:
    run(
        "import_schedule", server.url("schedule.json"), "--slug", "democon", "--follow", "--publish"
    )
    return ScheduleSource.objects.get(conference__slug="democon")


def move_unicode_talk(path) -> None:
    """Move the starred talk from Saal 1 at 10:00 to Saal 2 at 14:00, as an organizer would
    in pretalx."""
    document = json.loads(path.read_text())
    day = document["schedule"]["conference"]["days"][0]
    event = next(e for e in day["rooms"]["Saal 1"] if e["guid"] == UNICODE_TALK)
    day["rooms"]["Saal 1"].remove(event)
    event.update(room="Saal 2", date="2025-03-29T14:00:00+01:00", start="14:00")
    day["rooms"]["Saal 2"].append(event)
    path.write_text(json.dumps(document))


def snapshot(slug="democon") -> list[tuple]:
    return list(
        Session.objects.filter(conference__slug=slug)
        .order_by("guid")
        .values_list("guid", "title", "start", "end", "room__name", "is_cancelled")
    )


def test_import_schedule_reads_a_url(served):
    output = run("import_schedule", served.url("schedule.json"), "--slug", "democon")

    assert output.splitlines()[1].startswith("Imported schedule JSON")
    assert Conference.objects.get(slug="democon").sessions.count() == 4
    assert not ScheduleSource.objects.exists()


def test_import_schedule_follow_remembers_the_url_and_validators(served):
    output = run("import_schedule", served.url("schedule.json"), "--slug", "democon", "--follow")

    source = ScheduleSource.objects.get(conference__slug="democon")
    assert source.url == served.url("schedule.json")
    body = served.file.read_bytes()
    assert source.etag == '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    assert source.last_modified == formatdate(int(served.file.stat().st_mtime), usegmt=True)
    assert output.splitlines()[-1] == (
        f"democon follows {served.url('schedule.json')}: python manage.py sync_schedules "
        "pulls what changes."
    )
    sync = source.syncs.get()
    assert (sync.trigger, sync.result, sync.http_status) == ("command", "ok", 200)


def test_follow_needs_a_url(tmp_path):
    with pytest.raises(CommandError) as error:
        run("import_schedule", str(FIXTURES / "pretalx.json"), "--slug", "democon", "--follow")

    assert (
        str(error.value)
        == f"{FIXTURES / 'pretalx.json'}: --follow needs an http(s) URL, not a file."
    )


def test_import_schedule_url_errors_name_the_url(served):
    url = served.url("missing.json")

    with pytest.raises(CommandError) as error:
        run("import_schedule", url, "--slug", "democon")

    assert str(error.value) == (
        f"{url}: the server answered HTTP 404 Not Found.\n(nothing was imported)"
    )
    assert not Conference.objects.filter(slug="democon").exists()


def test_second_pull_is_conditional_and_changes_nothing(served):
    source = follow(served)
    before = snapshot()
    changes_before = ScheduleChange.objects.count()

    output = run("sync_schedules")

    assert output == "democon: Not modified. The server answered 304 Not Modified.\n"
    assert served.requests[-1]["headers"]["If-None-Match"] == source.etag
    assert served.requests[-1]["headers"]["If-Modified-Since"] == source.last_modified
    assert snapshot() == before
    assert ScheduleChange.objects.count() == changes_before
    sync = source.syncs.first()
    assert (sync.result, sync.http_status, sync.changes) == ("not-modified", 304, [])


def test_same_bytes_without_validators_are_not_modified(served):
    served.send_validators = False
    source = follow(served)
    assert (source.etag, source.last_modified) == ("", "")

    sync = pull(source)

    assert (sync.result, sync.http_status, sync.summary) == (
        "not-modified",
        200,
        "The same bytes as the last pull.",
    )


def test_changed_schedule_moves_a_starred_session_and_the_attendee_sees_it(served, client):
    source = follow(served)
    talk = Session.objects.get(guid=UNICODE_TALK)
    attendee = UserFactory(username="ada")
    star = StarFactory(user=attendee, session=talk)
    move_unicode_talk(served.file)

    output = run("sync_schedules")

    talk.refresh_from_db()
    assert talk.room.name == "Saal 2"
    assert talk.start == dt.datetime(2025, 3, 29, 14, 0, tzinfo=BERLIN)
    assert Session.objects.filter(pk=star.session_id, stars=star).exists()  # the star is kept
    assert output == (
        "democon: Imported. schedule JSON (frab/c3voc/pretalx): 0 sessions created, 1 updated, "
        "3 unchanged, 0 removed, 0 kept as cancelled (attendee data attached)\n"
    )
    sync = source.syncs.first()
    assert sync.result == "ok"
    assert sync.changes == [
        {
            "kind": "New time",
            "session": talk.title,
            "old": "Sat 29 Mar, 10:00 AM–10:45 AM",
            "new": "Sat 29 Mar, 2:00 PM–2:45 PM",
        },
        {"kind": "Moved to another room", "session": talk.title, "old": "Saal 1", "new": "Saal 2"},
    ]
    client.force_login(attendee)
    response = client.get("/democon/my/agenda/")
    assert [(c.session_title, c.kind, c.new_value) for c in response.context["changes"]] == [
        (talk.title, "moved", "Saal 2"),
        (talk.title, "retimed", "Sat 29 Mar, 2:00 PM–2:45 PM"),
    ]
    changes = "//section[@aria-labelledby='changes-title']"
    assert text(parse(response), f"{changes}/h2") == "Changes to sessions you starred"
    assert texts(parse(response), f"{changes}/ul/li/strong") == [talk.title, talk.title]


def test_broken_schedule_changes_nothing_and_is_recorded(served):
    source = follow(served)
    before = snapshot()
    served.file.write_text(served.file.read_text()[:400])

    with pytest.raises(CommandError) as error:
        run("sync_schedules")

    sync = source.syncs.first()
    assert sync.result == "error"
    assert sync.error == (
        "line 13: not valid JSON: Expecting property name enclosed in double quotes (column 6)"
    )
    assert str(error.value) == (
        f"1 of 1 schedules failed (nothing changed for them):\ndemocon: Error: {sync.error}"
    )
    assert snapshot() == before
    source.refresh_from_db()
    assert source.last_result == "error"
    # The broken file was not taken for the current one: fixing it imports again.
    move_unicode_talk_back = FIXTURES / "pretalx.json"
    served.file.write_bytes(move_unicode_talk_back.read_bytes())
    assert pull(source).result == "not-modified"


def test_a_schedule_that_cannot_be_stored_changes_nothing(served):
    source = follow(served)
    before = snapshot()
    document = json.loads(served.file.read_text())
    day = document["schedule"]["conference"]["days"][0]
    event = day["rooms"]["Saal 1"][0]
    event["title"] = "A renamed talk"
    event["duration"] = "-1:00"
    served.file.write_text(json.dumps(document))

    sync = pull(source)

    assert sync.result == "error"
    assert sync.error.startswith("schedule.conference.days[0].rooms.Saal 1[0].duration")
    assert snapshot() == before


def test_unreachable_server_is_an_error_pull(served):
    source = follow(served)
    served.status_override = 503

    sync = pull(source)

    assert (sync.result, sync.error) == (
        "error",
        f"{source.url}: the server answered HTTP 503 Service Unavailable.",
    )


def test_fetch_refuses_other_schemes_and_large_answers(served):
    with pytest.raises(FetchError) as error:
        fetch("file:///etc/passwd")
    assert str(error.value) == "file:///etc/passwd: only http:// and https:// URLs can be fetched."

    with pytest.raises(FetchError) as error:
        fetch(served.url("schedule.json"), max_bytes=100)
    assert str(error.value) == (
        f"{served.url('schedule.json')}: the answer is larger than 100 bytes."
    )


def test_only_a_server_that_may_answer_later_is_worth_a_retry(served):
    def kind(url: str, status: int = 0) -> str:
        served.status_override = status or None
        try:
            fetch(url, timeout=2)
        except FetchError as error:
            return type(error).__name__
        return "fetched"

    assert [
        kind(served.url("schedule.json"), 503),
        kind(served.url("schedule.json"), 429),
        kind("http://127.0.0.1:9/schedule.json"),
        kind(served.url("nope.json")),
        kind("ftp://example.com/schedule.json"),
        kind(served.url("schedule.json")),
    ] == [
        "FetchUnavailable",
        "FetchUnavailable",
        "FetchUnavailable",
        "FetchError",
        "FetchError",
        "fetched",
    ]
    assert issubclass(FetchUnavailable, FetchError)


def test_fetch_names_a_refused_connection():
    with pytest.raises(FetchError) as error:
        fetch("http://127.0.0.1:9/schedule.json", timeout=2)

    assert str(error.value) == (
        "http://127.0.0.1:9/schedule.json: cannot connect ([Errno 111] Connection refused)."
    )


def test_disabled_sources_are_not_pulled(served):
    source = follow(served)
    source.is_enabled = False
    source.save()
    requests = len(served.requests)

    assert run("sync_schedules") == "No conference follows a schedule URL.\n"
    assert len(served.requests) == requests


def test_sync_task_runs_in_the_worker(served, monkeypatch):
    from django_tasks_db.management.commands import db_worker

    source = follow(served)
    move_unicode_talk(served.file)
    # The worker closes stale connections between tasks; the test's must stay open.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    run("sync_schedules", "--enqueue")
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    sync = source.syncs.first()
    assert (sync.trigger, sync.result) == ("task", "ok")
    assert Session.objects.get(guid=UNICODE_TALK).room.name == "Saal 2"


def test_pulls_do_not_invalidate_public_pages(served):
    source = follow(served)
    conference = Conference.objects.get(slug="democon")

    pull(source)

    conference_after = Conference.objects.get(slug="democon")
    assert conference_after.version == conference.version


def test_dry_run_of_a_url_writes_nothing_and_follows_nothing(served):
    output = run(
        "import_schedule", served.url("schedule.json"), "--slug", "democon", "--dry-run", "--follow"
    )

    assert output.startswith("Dry run, nothing written. democon: 4 sessions created")
    assert not Conference.objects.filter(slug="democon").exists()
    assert not ScheduleSource.objects.exists()


def test_following_another_url_replaces_the_first(served, tmp_path):
    source = follow(served)
    shutil.copy(served.file, served.root / "v2.json")

    run("import_schedule", served.url("v2.json"), "--slug", "democon", "--follow")

    source.refresh_from_db()
    assert source.url == served.url("v2.json")
    assert ScheduleSource.objects.count() == 1


def test_redirects_are_followed_to_http_only(served):
    served.redirects["/moved.json"] = served.url("schedule.json")
    served.redirects["/ftp.json"] = "ftp://127.0.0.1/schedule.json"

    assert fetch(served.url("moved.json")).content == served.file.read_bytes()
    with pytest.raises(FetchError) as error:
        fetch(served.url("ftp.json"))
    assert str(error.value) == (
        f"{served.url('ftp.json')}: redirected to ftp://127.0.0.1/schedule.json, which is not "
        "http(s)."
    )
