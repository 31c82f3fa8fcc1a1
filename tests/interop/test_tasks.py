"""Schedule pulls and queued imports, run by the real worker against a real HTTP server."""

import functools
import http.server
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from hallway.conferences.models import Conference
from hallway.core.storage import private_storage
from hallway.interop.tasks import pull_schedule
from tests.interop.conftest import FIXTURES
from tests.s3server import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def schedule_server():
    """The interop fixtures served over HTTP on loopback (what pretalx's export looks like)."""
    handler = functools.partial(
        type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None}),
        directory=str(FIXTURES),
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def results() -> list[tuple[str, str | None]]:
    return [(r.status, r.return_value) for r in DBTaskResult.objects.order_by("enqueued_at")]


def test_queued_pull_imports_the_schedule_and_a_second_pull_changes_nothing(
    schedule_server, run_tasks
):
    url = f"{schedule_server}/frab.xml"

    call_command("pull_schedule", url, "--slug", "camp", "--queue", stdout=io.StringIO())
    assert Conference.objects.filter(slug="camp").exists() is False  # not in the command
    run_tasks()
    sessions = sorted(Conference.objects.get(slug="camp").sessions.values_list("slug", "title"))
    pull_schedule.enqueue(url, "camp")
    run_tasks()

    first, second = results()
    assert first == (
        "SUCCESSFUL",
        f"Imported frab schedule XML from {url}. camp: 3 sessions created, 0 updated, "
        "0 unchanged, 0 removed, 0 kept as cancelled (attendee data attached)",
    )
    assert second == (
        "SUCCESSFUL",
        f"Imported frab schedule XML from {url}. camp: 0 sessions created, 0 updated, "
        "3 unchanged, 0 removed, 0 kept as cancelled (attendee data attached)",
    )
    assert sorted(Conference.objects.get(slug="camp").sessions.values_list("slug", "title")) == (
        sessions
    )
    assert len(sessions) == 3


def test_pull_from_an_address_that_does_not_answer_is_retried(run_tasks):
    url = f"http://127.0.0.1:{free_port()}/schedule.xml"

    pull_schedule.enqueue(url, "camp")
    run_tasks()

    failed, retry = DBTaskResult.objects.order_by("enqueued_at")
    assert (failed.status, retry.status) == ("FAILED", "READY")
    assert retry.args_kwargs == {"args": [url, "camp"], "kwargs": {"attempt": 2}}
    assert failed.exception_class_path == "hallway.interop.sync.FetchUnavailable"


def test_pull_of_something_that_is_not_a_schedule_fails_once_naming_it(
    schedule_server, run_tasks, tmp_path
):
    url = f"{schedule_server}/../conftest.py"  # the server refuses to leave its folder: 404
    with pytest.raises(CommandError, match=r"/conftest.py: the server answered HTTP 404 File not"):
        call_command("pull_schedule", url, "--slug", "camp")

    with pytest.raises(CommandError, match=r"^ftp://example.com/s.xml: only http:// and https://"):
        call_command("pull_schedule", "ftp://example.com/s.xml", "--slug", "camp")


def test_queued_import_reads_the_file_from_the_private_storage(run_tasks, capsys):
    call_command("import_schedule", str(FIXTURES / "pretalx.json"), "--slug", "pyx", "--queue")
    queued = DBTaskResult.objects.get()
    name = queued.args_kwargs["args"][0]
    assert name.startswith("private/imports/pretalx")
    assert private_storage().exists(name)

    run_tasks()

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert Conference.objects.get(slug="pyx").sessions.count() > 0
    assert not private_storage().exists(name)  # removed once imported
