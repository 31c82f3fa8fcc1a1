"""/healthz (liveness, touches nothing) and /readyz (database, cache and storage reachable)."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]


def test_liveness_answers_without_the_database_or_a_known_host(settings):
    """No db fixture: any query would raise."""
    settings.ALLOWED_HOSTS = ["hallway.example.org"]
    settings.SECURE_SSL_REDIRECT = True  # a load balancer probes over plain HTTP

    response = Client().get("/healthz", headers={"Host": "10.0.0.7:8000"})

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Cache-Control"] == "no-store"


def test_readiness_reports_each_check(db):
    response = Client().get("/readyz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok"},
    }


def test_readiness_names_an_unusable_storage(db, settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the uploads folder should be")
    settings.MEDIA_ROOT = blocker

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": "ok", "cache": "ok", "storage": "fail"},
    }


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_readiness_names_an_unreachable_cache(db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "hallway.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "fail", "storage": "ok"}


READYZ = """
import django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(response.status_code, response.content.decode())
"""


def test_readiness_names_an_unreachable_database(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("HALLWAY_", "DJANGO_"))}
    clean.pop("REDIS_URL", None)
    env = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "hallway.settings",
        "HALLWAY_SECRET_KEY": "tests-only-secret-key-not-for-production-use-0123456789",
        "HALLWAY_HTTPS": "0",
        "HALLWAY_LOG_LEVEL": "CRITICAL",
        "MEDIA_ROOT": str(tmp_path),
        "DATABASE_URL": f"postgres://hallway@127.0.0.1:{_closed_port()}/hallway",
    }

    result = subprocess.run(
        [sys.executable, "-c", READYZ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503", result.stderr
    assert json.loads(body) == {
        "status": "fail",
        "checks": {"database": "fail", "cache": "ok", "storage": "ok"},
    }


@pytest.mark.parametrize(("trust", "expected"), [("", "False"), ("1", "True")])
def test_x_forwarded_proto_is_believed_only_when_configured(trust, expected):
    from tests.core.test_settings import run_manage

    script = (
        "from django.test import RequestFactory; "
        "r = RequestFactory().get('/', headers={'X-Forwarded-Proto': 'https'}); "
        "print(r.is_secure())"
    )

    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        HALLWAY_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        HALLWAY_HTTPS="1",
        HALLWAY_TRUST_PROXY=trust,
    )

    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize(("trust", "expected"), [("", "10.0.0.1"), ("1", "203.0.113.7")])
def test_sign_in_limits_count_the_client_behind_a_trusted_proxy(trust, expected):
    """allauth limits sign-ins per client address: behind the proxy, the client's own (the
    last X-Forwarded-For entry the proxy appended), never one address shared by everyone."""
    from tests.core.test_settings import run_manage

    script = (
        "from django.test import RequestFactory; "
        "from allauth.core.internal.httpkit import get_client_ip; "
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.1', "
        "headers={'X-Forwarded-For': '198.51.100.1, 203.0.113.7'}); "
        "print(get_client_ip(r))"
    )

    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        HALLWAY_SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        HALLWAY_HTTPS="1",
        HALLWAY_TRUST_PROXY=trust,
    )

    assert result.stdout.strip() == expected, result.stderr
