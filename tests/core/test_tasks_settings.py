"""The tasks backend chosen from the environment, checked in a fresh process."""

from tests.core.test_settings import run_manage

DEBUG = {"HALLWAY_DEBUG": "1"}


def test_database_backend_is_the_default():
    result = run_manage(
        "shell", "-c", "from django.conf import settings; print(settings.TASKS)", **DEBUG
    )

    assert result.returncode == 0, result.stderr
    expected = "{'default': {'BACKEND': 'django_tasks_db.DatabaseBackend'}}"
    assert result.stdout.splitlines()[-1] == expected


def test_rq_backend_from_the_environment_passes_the_checks():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.core.management import call_command; "
        "call_command('check'); print(settings.RQ_QUEUES['default']['URL'], "
        "'django_rq' in settings.INSTALLED_APPS)",
        HALLWAY_TASKS_BACKEND="django_tasks_rq.RQBackend",
        HALLWAY_TASKS_REDIS_URL="redis://127.0.0.1:6379/14",
        **DEBUG,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "redis://127.0.0.1:6379/14 True"


def test_rq_backend_without_redis_says_what_is_missing():
    result = run_manage("check", HALLWAY_TASKS_BACKEND="django_tasks_rq.RQBackend", **DEBUG)

    assert result.returncode == 1
    assert "The RQ tasks backend needs HALLWAY_TASKS_REDIS_URL (or REDIS_URL)." in result.stderr
