from pathlib import Path

import pytest
from django.conf import settings

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

    cache.clear()
    yield
    cache.clear()


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
