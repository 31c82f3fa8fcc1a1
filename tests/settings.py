"""Test settings: the production settings module with test-only environment defaults."""

import os
import tempfile
from urllib.parse import urlsplit

os.environ.setdefault(
    "HALLWAY_SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789"
)
os.environ.setdefault("HALLWAY_HTTPS", "0")
os.environ.setdefault("HALLWAY_MANIFEST_STATIC", "0")

from hallway.settings import *  # noqa: E402, F403 (the point of this module)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
MEDIA_ROOT = Path(os.environ.get("HALLWAY_TEST_MEDIA_ROOT", "/tmp/hallway-test-media"))  # noqa: F405
ALLOWED_HOSTS = ["*"]

# Parallel workers (pytest-xdist) must not flush each other's Redis data: one database each.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
if REDIS_URL:  # noqa: F405
    # After the URL's own database number (several checkouts may share one Redis server).
    _base = int(urlsplit(REDIS_URL).path.strip("/") or 0)  # noqa: F405
    _db = _base + 1 + int(_worker.removeprefix("gw") or 0)
    CACHES["default"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + f"/{_db}"  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"hallway-test-{_worker}"  # noqa: F405

# A file, not SQLite's default in-memory test database: the browser tests' live server answers
# from several threads, and an in-memory database would be one connection shared by all of them
# (and by the test), which SQLite does not survive (requests hung in the middle of a query).
# pytest-django adds each xdist worker's suffix to the name.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _folder = "/dev/shm" if os.access("/dev/shm", os.W_OK) else tempfile.gettempdir()
    _name = os.path.join(_folder, f"hallway-test-{os.getpid()}.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": _name}  # noqa: F405
