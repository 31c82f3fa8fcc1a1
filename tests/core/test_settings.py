"""Production settings, checked in a fresh process exactly as an operator runs them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # A fresh process sees only what the test gives it: not CI's database, cache or Redis.
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HALLWAY_", "DJANGO_")) and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "hallway.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        HALLWAY_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        HALLWAY_ALLOWED_HOSTS="hallway.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_secret_key_is_required_in_production():
    result = run_manage("check", HALLWAY_ALLOWED_HOSTS="hallway.example.org")

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: HALLWAY_SECRET_KEY is required when "
        "HALLWAY_ALLOWED_HOSTS names a public host."
    )


def test_local_commands_run_without_secret_key_or_debug():
    # What the README shows: manage.py commands on a fresh checkout, no variable set.
    result = run_manage("showmigrations", "conferences", "--plan")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0][5:] == "conferences.0001_initial"


def test_local_hosts_alone_are_not_production():
    result = run_manage("check", HALLWAY_ALLOWED_HOSTS="localhost,127.0.0.1")

    assert result.returncode == 0, result.stderr


def test_debug_runs_with_no_set_up():
    result = run_manage("check", HALLWAY_DEBUG="1")

    assert result.returncode == 0, result.stderr
