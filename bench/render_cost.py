#!/usr/bin/env python3
"""What one answer costs in Python, without gunicorn, the network or a load generator.

    .venv/bin/python bench/render_cost.py [--sessions 1000] [--requests 300]

Makes a fresh SQLite database in a temporary folder with the synthetic FOSDEM-sized conference
(bench/synthetic.py) and a local-memory cache, then calls Django's WSGI handler in a loop:

* a cached schedule answer for a visitor with no cookie (what wrk measures: each answer makes a
  new CSRF secret), through Django's handler and through the fast path that ``hallway.wsgi``
  puts in front of it (hallway/conferences/fast_path.py), and
* the schedule for a signed-in attendee with three stars (the page cache skips them; the day
  sections come from the ``{% starcache %}`` fragment).

Prints milliseconds per request, the best of three rounds, and the answers' sizes.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="hallway-render-cost-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "hallway.settings",
            "HALLWAY_SECRET_KEY": "render-cost-only-" + os.urandom(16).hex(),
            "HALLWAY_DEBUG": "0",
            "HALLWAY_HTTPS": "0",
            "HALLWAY_ALLOWED_HOSTS": "127.0.0.1",
            "HALLWAY_LOG_LEVEL": "ERROR",
            "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
            "MEDIA_ROOT": str(folder / "media"),
            "HALLWAY_STATIC_ROOT": str(folder / "static"),
        }
    )
    os.environ.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.handlers.wsgi import WSGIHandler

    from bench.synthetic import make_synthetic_conference
    from hallway.companion.services import toggle_star
    from hallway.conferences.fast_path import CachedPageApp

    conference = make_synthetic_conference(sessions=args.sessions)
    user = get_user_model().objects.create_user("render-cost", password=os.urandom(8).hex())
    for session in conference.sessions.order_by("pk")[:3]:
        toggle_star(user, session)
    store = SessionStore()
    store.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
    )
    store.create()
    handler = WSGIHandler()
    fast_path = CachedPageApp(handler)
    path = f"/{conference.slug}/schedule/"

    def call(cookie: str = "", app=handler) -> tuple[str, int]:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_ACCEPT_ENCODING": "gzip, br",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        status = []
        body = b"".join(app(environ, lambda s, headers, exc=None: status.append(s)))
        return status[0], len(body)

    cases = {
        "cached schedule, first visit": ("", handler),
        "the same through the fast path": ("", fast_path),
        "signed-in schedule, 3 stars": (f"sessionid={store.session_key}", handler),
    }
    for name, (cookie, app) in cases.items():
        status, size = call(cookie, app)  # warms the page or fragment cache
        call(cookie, app)  # and the host mapping the fast path reads
        rounds = []
        for _ in range(3):
            started = time.perf_counter()
            for _ in range(args.requests):
                call(cookie, app)
            rounds.append((time.perf_counter() - started) / args.requests * 1000)
        print(f"{name:32} {min(rounds):6.2f} ms  {status}  {size / 1024:.1f} KB sent (gzip)")


if __name__ == "__main__":
    main()
