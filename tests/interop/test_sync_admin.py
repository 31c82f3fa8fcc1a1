"""The admin's schedule import (upload or URL, preview, apply) and followed sources."""

import hashlib
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from hallway.conferences.models import Conference
from hallway.core.storage import private_storage
from hallway.interop.models import ScheduleSource, ScheduleSync
from hallway.interop.tasks import apply_schedule_import
from hallway.program.models import ScheduleChange, Session
from tests.admin_utils import changelist_url
from tests.html import attrs, parse, texts
from tests.interop.conftest import FIXTURES
from tests.interop.loopback import ScheduleServer
from tests.interop.test_sync import UNICODE_TALK, move_unicode_talk, snapshot

pytestmark = pytest.mark.django_db


def tasks() -> list[tuple[str, str]]:
    return [
        (result.task_path.rpartition(".")[2], result.status)
        for result in DBTaskResult.objects.order_by("enqueued_at")
    ]


IMPORT_URL = "/admin/interop/schedulesource/import/"


@pytest.fixture
def democon(db):
    call_command("import_schedule", str(FIXTURES / "pretalx.json"), "--slug", "democon")
    return Conference.objects.get(slug="democon")


@pytest.fixture
def moved_file(tmp_path):
    path = tmp_path / "schedule.json"
    shutil.copy(FIXTURES / "pretalx.json", path)
    move_unicode_talk(path)
    return path


@pytest.fixture
def served(tmp_path, moved_file):
    with ScheduleServer(tmp_path) as server:
        yield server


def importer_client(client, *codenames):
    user = get_user_model().objects.create_user("importer", "i@example.com", "pw", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


def upload(path, name="schedule.json"):
    return SimpleUploadedFile(name, path.read_bytes(), content_type="application/json")


def test_import_needs_the_permission(client, signed_cookie_sessions, democon):
    staff = importer_client(client, "view_schedulesource", "change_schedulesource")

    assert staff.get(IMPORT_URL).status_code == 403
    response = staff.get(changelist_url(ScheduleSource))
    assert response.status_code == 200
    assert "Import a schedule" not in response.content.decode()


def test_anonymous_is_sent_to_the_login(client, democon):
    response = client.get(IMPORT_URL)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={IMPORT_URL}"


def preview_of(staff, data, run_tasks):
    """Post the import form, let the worker prepare the preview, and open it."""
    queued = staff.post(IMPORT_URL, {**data, "preview": "1"})
    assert queued.status_code == 302
    run_tasks()
    return staff.get(queued["Location"])


def test_upload_previews_then_applies_in_the_worker(
    client, signed_cookie_sessions, democon, moved_file, run_tasks
):
    staff = importer_client(client, "import_schedule", "view_schedulesource")
    before = snapshot()
    changes_before = ScheduleChange.objects.count()

    queued = staff.post(IMPORT_URL, {"conference": democon.pk, "file": upload(moved_file)})
    waiting = staff.get(queued["Location"])

    assert queued["Location"].startswith("/admin/interop/schedulesource/import/preview/")
    assert waiting.templates[0].name == "admin/interop/import_waiting.html"
    assert attrs(parse(waiting), "//meta[@http-equiv='refresh']", "content") == ["2"]
    assert tasks() == [("preview_schedule_import", "READY")]

    run_tasks()
    preview = staff.get(queued["Location"])

    assert preview.templates[0].name == "admin/interop/import_preview.html"
    title = Session.objects.get(guid=UNICODE_TALK).title
    assert [(c["session"], c["kind"]) for c in preview.context["preview"]["changes"]] == [
        (title, "New time"),
        (title, "Moved to another room"),
    ]
    assert snapshot() == before  # a preview writes nothing
    assert ScheduleChange.objects.count() == changes_before

    applying = staff.post(queued["Location"], {"apply": "1"})

    assert applying["Location"].startswith("/admin/interop/schedulesource/import/applied/")
    assert snapshot() == before  # the request only queued the import
    run_tasks()
    applied = staff.get(applying["Location"])

    assert applied.status_code == 302
    assert applied["Location"] == (
        reverse("admin:program_session_changelist") + f"?conference__id__exact={democon.pk}"
    )
    talk = Session.objects.get(guid=UNICODE_TALK)
    assert talk.room.name == "Saal 2"
    assert list(
        ScheduleChange.objects.filter(session=talk).values_list("kind", "source").order_by("pk")
    ) == [("retimed", "admin import"), ("moved", "admin import")]
    assert not ScheduleSource.objects.exists()
    # The preview is used up.
    again = staff.post(queued["Location"], {"apply": "1"})
    assert again["Location"] == IMPORT_URL


def test_applying_twice_in_the_worker_changes_nothing_the_second_time(
    client, signed_cookie_sessions, democon, moved_file, run_tasks
):
    staff = importer_client(client, "import_schedule")
    preview = preview_of(staff, {"conference": democon.pk, "file": upload(moved_file)}, run_tasks)
    name = preview.context["preview"]["name"]
    importer = get_user_model().objects.get(username="importer")
    for _ in range(2):
        apply_schedule_import.enqueue(importer.pk, democon.pk, name=name)

    run_tasks()

    first, second = (
        r.task_result.return_value
        for r in DBTaskResult.objects.filter(task_path__endswith="apply_schedule_import").order_by(
            "enqueued_at"
        )
    )
    assert first["ok"] is True
    assert second == {
        "ok": False,
        "error": "This preview was applied already: import the schedule again.",
    }
    assert ScheduleChange.objects.filter(source="admin import").count() == 2


def test_url_import_can_follow(client, signed_cookie_sessions, democon, served, run_tasks):
    staff = importer_client(client, "import_schedule")
    url = served.url("schedule.json")

    preview = preview_of(staff, {"conference": democon.pk, "url": url, "follow": "on"}, run_tasks)
    applying = staff.post(preview.wsgi_request.path, {"apply": "1"})
    run_tasks()
    staff.get(applying["Location"])

    source = ScheduleSource.objects.get(conference=democon)
    assert source.url == url
    body = (served.root / "schedule.json").read_bytes()
    assert source.etag == '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
    sync = source.syncs.get()
    assert (sync.trigger, sync.result, len(sync.changes)) == ("admin", "ok", 2)
    # The next pull is conditional: the server says 304.
    call_command("sync_schedules")
    assert source.syncs.first().result == "not-modified"


def test_bad_file_names_the_file_and_line(
    client, signed_cookie_sessions, democon, tmp_path, run_tasks
):
    staff = importer_client(client, "import_schedule")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schedule": {\n  "version": 1,\n  oops\n}}')
    before = snapshot()

    response = preview_of(
        staff, {"conference": democon.pk, "file": upload(broken, "broken.json")}, run_tasks
    )

    assert response.status_code == 200
    assert response.templates[0].name == "admin/interop/import_schedule.html"
    assert response.context["import_error"] == (
        "broken.json: line 3: not valid JSON: Expecting property name enclosed in double "
        "quotes (column 3)"
    )
    assert snapshot() == before
    assert private_storage().listdir("private/imports")[1] == []  # the upload is not kept


def test_url_errors_name_the_url(client, signed_cookie_sessions, democon, served, run_tasks):
    staff = importer_client(client, "import_schedule")
    url = served.url("nope.json")

    response = preview_of(staff, {"conference": democon.pk, "url": url}, run_tasks)

    assert response.context["import_error"] == f"{url}: the server answered HTTP 404 Not Found."
    assert response.context["form"].initial == {"conference": democon.pk, "url": url}


def test_form_wants_a_url_or_a_file_and_follows_urls_only(
    client, signed_cookie_sessions, democon, moved_file
):
    staff = importer_client(client, "import_schedule")

    neither = staff.post(IMPORT_URL, {"conference": democon.pk, "preview": "1"})
    file_follow = staff.post(
        IMPORT_URL,
        {"conference": democon.pk, "file": upload(moved_file), "follow": "on", "preview": "1"},
    )

    assert neither.context["form"].errors == {"__all__": ["Give either a URL or a file."]}
    assert file_follow.context["form"].errors == {"follow": ["Only a URL can be followed."]}
    assert tasks() == []


def test_another_users_preview_cannot_be_seen_or_applied(
    client, signed_cookie_sessions, democon, moved_file, run_tasks
):
    staff = importer_client(client, "import_schedule")
    preview = preview_of(staff, {"conference": democon.pk, "file": upload(moved_file)}, run_tasks)
    other = get_user_model().objects.create_superuser("other", "o@example.com", "pw")
    client.force_login(other)
    before = snapshot()

    seen = client.get(preview.wsgi_request.path)
    applied = client.post(preview.wsgi_request.path, {"apply": "1"})
    run_tasks()

    assert (seen.status_code, applied.status_code) == (404, 404)
    assert snapshot() == before


def test_pull_now_action_queues_the_pull(superuser_client, democon, served, run_tasks):
    source = ScheduleSource.objects.create(conference=democon, url=served.url("schedule.json"))

    response = superuser_client.post(
        changelist_url(ScheduleSource),
        {"action": "pull_now", "_selected_action": [source.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "DemoCon 2025: the pull is queued; its result shows under “recent pulls” once the "
        "worker has run it."
    ]
    assert not source.syncs.exists()
    run_tasks()
    sync = source.syncs.get()
    assert (sync.trigger, sync.result) == ("admin", "ok")
    assert Session.objects.get(guid=UNICODE_TALK).room.name == "Saal 2"


# The rows of the "Recent pulls" table on a source's change page.
PULLS = "//div[contains(@class, 'field-recent_pulls')]//tbody/tr"


def test_failed_pull_shows_why(superuser_client, democon, served, run_tasks):
    url = served.url("gone.json")
    source = ScheduleSource.objects.create(conference=democon, url=url)

    superuser_client.post(
        changelist_url(ScheduleSource), {"action": "pull_now", "_selected_action": [source.pk]}
    )
    run_tasks()

    assert tasks() == [("pull_followed_schedule", "SUCCESSFUL")]
    change = superuser_client.get(reverse("admin:interop_schedulesource_change", args=[source.pk]))
    assert texts(parse(change), f"{PULLS}/td[2]") == ["Error"]
    assert texts(parse(change), f"{PULLS}/td[4]") == [
        f"{url}: the server answered HTTP 404 Not Found."
    ]


def test_pull_now_needs_the_import_permission(client, signed_cookie_sessions, democon, served):
    staff = importer_client(client, "view_schedulesource", "change_schedulesource")
    source = ScheduleSource.objects.create(conference=democon, url=served.url("schedule.json"))

    response = staff.post(
        changelist_url(ScheduleSource), {"action": "pull_now", "_selected_action": [source.pk]}
    )

    assert response.status_code == 200  # the admin answers "no such action"
    assert tasks() == []


@pytest.mark.parametrize("rows", [3, 40])
def test_sync_changelist_queries_are_constant(
    superuser_client, democon, django_assert_num_queries, rows
):
    from django.utils import timezone

    source = ScheduleSource.objects.create(conference=democon, url="https://example.org/s.json")
    ScheduleSync.objects.bulk_create(
        ScheduleSync(
            source=source,
            started_at=timezone.now(),
            trigger="command",
            result="not-modified",
            changes=[{"kind": "Moved", "session": "x", "old": "a", "new": "b"}],
        )
        for _ in range(rows)
    )

    with django_assert_num_queries(8):
        response = superuser_client.get(changelist_url(ScheduleSync))

    assert response.context["cl"].result_count == rows


def test_source_change_page_lists_recent_pulls(superuser_client, democon):
    from django.utils import timezone

    source = ScheduleSource.objects.create(conference=democon, url="https://example.org/s.json")
    source.syncs.create(
        started_at=timezone.now(), trigger="task", result="error", error="boom: line 3"
    )

    response = superuser_client.get(
        reverse("admin:interop_schedulesource_change", args=[source.pk])
    )

    assert texts(parse(response), f"{PULLS}/td[4]") == ["boom: line 3"]


def test_upload_over_the_limit_is_refused(
    client, signed_cookie_sessions, democon, moved_file, settings
):
    settings.HALLWAY_SCHEDULE_MAX_BYTES = 100
    staff = importer_client(client, "import_schedule")

    response = staff.post(
        IMPORT_URL, {"conference": democon.pk, "file": upload(moved_file), "preview": "1"}
    )

    assert response.context["form"].errors == {"file": ["schedule.json: larger than 100 bytes."]}
    assert tasks() == []
