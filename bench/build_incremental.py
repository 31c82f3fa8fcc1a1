#!/usr/bin/env python3
"""The static export after one change: a FOSDEM-sized rebuild after one session moved.

    python bench/build_incremental.py [--sessions 1000] [--workers 4] [--no-check]
                                      [--exclude REGEX]

Makes the synthetic conference of ``bench/synthetic.py`` in a fresh database (SQLite in a
temporary folder unless ``DATABASE_URL`` is set), then times, in one process:

1. a first ``build_site`` into an empty folder (every page rendered);
2. the same build again, nothing changed;
3. the build after one session moved by an hour (saved as the admin saves it: the change log
   and the version bump happen);
4. unless ``--no-check``: a full build into an empty folder, compared file by file with the
   incremental one (they must be equal).

Prints each build's seconds (wall and CPU) and its "written, unchanged, removed" counts, then
one JSON line.
Exits 1 when the incremental folder differs from the full build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    from hallway.sitebuild.incremental import MANIFEST, REUSE_FOLDER
    from hallway.sitebuild.services import MARKER

    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in folder.rglob("*")
        if path.is_file()
        and path.name not in (MARKER, MANIFEST)
        and path.relative_to(folder).parts[0] != REUSE_FOLDER
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=50)
    parser.add_argument("--workers", type=int, default=min(4, os.cpu_count() or 1))
    parser.add_argument("--no-check", action="store_true", help="Skip the full comparison build.")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="REGEX",
        help=r"Passed to build_site, e.g. 'card\.png$' (the social cards, drawn with Pillow).",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="hallway-build-incremental-"))
    os.environ.setdefault("HALLWAY_DEBUG", "1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'db.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(work / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallway.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.synthetic import make_synthetic_conference
    from hallway.program.models import Session
    from hallway.sitebuild.services import build_site

    try:
        call_command("migrate", verbosity=0)
        conference = make_synthetic_conference(sessions=args.sessions, rooms=args.rooms)
        out = work / "site"
        results = {}

        def timed(name: str, folder: Path, **options) -> None:
            started, cpu_started = time.perf_counter(), time.process_time()
            report = build_site(
                conference, folder, workers=args.workers, exclude=tuple(args.exclude), **options
            )
            seconds = time.perf_counter() - started
            # CPU seconds of this process (every thread): steadier than wall time on a machine
            # that others share.
            cpu = time.process_time() - cpu_started
            results[name] = {
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "pages": len(report.pages),
                "files": len(report.files),
                "written": len(report.written),
                "unchanged": report.unchanged,
                "removed": len(report.removed),
                "rendered": len(report.rendered),
                "kept": report.reused,
            }
            print(
                f"{name:<16} {seconds:6.2f} s ({cpu:6.2f} s CPU)  {len(report.pages)} pages, "
                f"{len(report.written)} written, {report.unchanged} unchanged, "
                f"{len(report.removed)} removed ({len(report.rendered)} rendered, "
                f"{report.reused} kept without rendering)",
                flush=True,
            )

        timed("first build", out)
        timed("nothing changed", out)
        session = conference.sessions.order_by("start", "pk")[len(conference.rooms.all()) * 3]
        session = Session.objects.get(pk=session.pk)
        session.start += dt.timedelta(hours=1)
        session.end += dt.timedelta(hours=1)
        session.save()
        conference.refresh_from_db()
        print(f"moved {session.slug} by an hour", flush=True)
        timed("one moved", out)
        equal = None
        if not args.no_check:
            timed("full, empty dir", work / "full")
            incremental, full = tree(out), tree(work / "full")
            differing = sorted(
                name
                for name in incremental.keys() | full.keys()
                if incremental.get(name) != full.get(name)
            )
            equal = not differing
            print(
                "incremental folder equals the full build"
                if equal
                else f"incremental folder differs from the full build: {differing[:10]}"
            )
        print(
            json.dumps(
                {
                    "command": "bench/build_incremental.py " + " ".join(sys.argv[1:]),
                    "database": connection.vendor,
                    "sessions": args.sessions,
                    "workers": args.workers,
                    "cpus": os.cpu_count(),
                    "builds": results,
                    "equal_to_full_build": equal,
                }
            )
        )
        sys.exit(0 if equal in (True, None) else 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
