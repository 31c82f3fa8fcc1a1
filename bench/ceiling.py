#!/usr/bin/env python3
"""How close Hallway gets to what Python allows: cached and signed-in pages against a bare app.

    .venv/bin/python bench/ceiling.py [--duration 5] [--connections 32] [--quick]

1. Builds a fresh SQLite database (``load_demo`` for DjangoCon US 2024, plus the synthetic
   FOSDEM-sized conference unless ``--quick``) and signs an attendee in (three stars at each
   conference), as bench/run.py does.
2. Serves Hallway with gunicorn (the same settings and workers as bench/run.py, Redis when one
   answers) and loads each URL for ``--duration`` seconds with wrk, sending
   ``Accept-Encoding: gzip, deflate, br``: anonymous visitors send no cookie (a first visit);
   signed-in ones send their session and CSRF cookies, as a browser does.
3. Serves a **bare WSGI app** under the same gunicorn that hands out the bytes and headers of
   the cached DjangoCon schedule answer: the ceiling, what gunicorn and Python cost alone.
4. Prints a table, the ratios of issue 16, then one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import (  # noqa: E402 (after the path)
    DJANGOCON,
    PYTHON,
    SYNTHETIC,
    Bench,
    free_port,
    log,
    parse_wrk,
    wait_for,
)

GUNICORN = PYTHON.parent / "gunicorn"
ACCEPT_ENCODING = "gzip, deflate, br"
CSRF_COOKIE = "csrftoken=" + "bench0CSRF1secret2of3thirty4two5"[:32]


def bare_application(environ, start_response):
    """The ceiling: the stored bytes and headers of one answer, and nothing else."""
    start_response("200 OK", BARE_HEADERS)
    return [BARE_BODY]


if os.environ.get("HALLWAY_BARE_ANSWER"):
    _answer = json.loads(Path(os.environ["HALLWAY_BARE_ANSWER"]).read_text())
    BARE_HEADERS = [tuple(pair) for pair in _answer["headers"]]
    BARE_BODY = bytes.fromhex(_answer["body"])

SIGN_IN = """
from django.conf import settings
from django.contrib.auth import get_user_model
from importlib import import_module
from hallway.companion.services import toggle_star
from hallway.conferences.models import Conference
user = get_user_model().objects.create_user("bench-attendee", password="bench-only-pw-1")
for slug in {slugs!r}:
    conference = Conference.objects.get(slug=slug)
    for session in conference.sessions.listed().filter(kind="talk").order_by("start", "pk")[:3]:
        toggle_star(user, session)
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(user.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = user.get_session_auth_hash()
store.create()
print(store.session_key)
"""


class Ceiling(Bench):
    def sign_in(self, slugs: list[str]) -> str:
        output = self.manage("shell", "-c", SIGN_IN.format(slugs=slugs))
        return f"sessionid={output.split()[-1]}; {CSRF_COOKIE}"

    def start_bare(self, answer_file: Path) -> str:
        port = free_port()
        workers = self.args.workers or 2 * (os.cpu_count() or 1) + 1
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "bench.ceiling:bare_application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env={**self.env, "HALLWAY_BARE_ANSWER": str(answer_file)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/")
        return base

    def load(self, url: str, cookie: str = "") -> dict:
        headers = {"Accept-Encoding": ACCEPT_ENCODING}
        if cookie:
            headers["Cookie"] = cookie
        for _ in range(2):  # warm: the first request fills the page or fragment cache
            urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60).read()
        command = ["wrk", "-t", "2", "-c", str(self.args.connections)]
        command += ["-d", f"{self.args.duration}s", "--latency"]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        result = subprocess.run([*command, url], capture_output=True, text=True, check=True)
        figures = parse_wrk(result.stdout)
        log(f"{url} {'(signed in)' if cookie else ''}: {figures['rps']:.0f} req/s, "
            f"p99 {figures['p99_ms']} ms, errors {figures['errors']}")  # fmt: skip
        return figures

    def run(self) -> None:
        self.prepare()
        slugs = [DJANGOCON] if self.args.quick else [DJANGOCON, SYNTHETIC]
        cookie = self.sign_in(slugs)
        hallway = self.start_gunicorn()
        talk = {slug: self.pick_paths(slug)["talk"] for slug in slugs}

        # The ceiling serves the cached DjangoCon schedule's own answer.
        schedule_url = f"{hallway}/{DJANGOCON}/schedule/"
        request = urllib.request.Request(schedule_url, headers={"Accept-Encoding": "gzip"})
        urllib.request.urlopen(request).read()
        with urllib.request.urlopen(request) as response:
            answer = {"headers": list(response.getheaders()), "body": response.read().hex()}
        answer["headers"] = [
            h
            for h in answer["headers"]
            if h[0].lower() not in ("date", "server", "connection", "transfer-encoding")
        ]
        answer_file = self.tmp / "bare-answer.json"
        answer_file.write_text(json.dumps(answer))
        bare = self.start_bare(answer_file)

        rows: dict[str, dict] = {}
        rows["bare WSGI ceiling"] = self.load(bare + "/")
        for slug in slugs:
            name = "djangocon" if slug == DJANGOCON else "fosdem"
            base = f"{hallway}/{slug}"
            rows[f"{name} schedule anonymous"] = self.load(f"{base}/schedule/")
            rows[f"{name} schedule signed in"] = self.load(f"{base}/schedule/", cookie)
            rows[f"{name} talk anonymous"] = self.load(f"{base}{talk[slug]}")
            rows[f"{name} talk signed in"] = self.load(f"{base}{talk[slug]}", cookie)
            rows[f"{name} agenda signed in"] = self.load(f"{base}/my/agenda/", cookie)
            rows[f"{name} schedule.ics anonymous"] = self.load(f"{base}/schedule.ics")
            rows[f"{name} schedule.ics signed in"] = self.load(f"{base}/schedule.ics", cookie)
        self.results["pages"] = rows
        self.results["ratios"] = ratios(rows)
        self.print_table()

    def print_table(self) -> None:
        rows = self.results["pages"]
        lines = [f"{'page':<32} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"]
        for name, row in rows.items():
            lines.append(
                f"{name:<32} {row['rps']:>8.0f} {row['p50_ms']:>8} {row['p99_ms']:>8} "
                f"{row['errors']:>7}"
            )
        lines.append("")
        for name, value in self.results["ratios"].items():
            lines.append(f"{name:<58} {value:>5.2f}")
        print("\n".join(lines))
        print(json.dumps(self.results, separators=(",", ":")))


# (name, page, against): the ratios issue 16 asks for.
RATIOS = [
    ("cached schedule / bare ceiling", "djangocon schedule anonymous", "bare WSGI ceiling"),
    ("cached talk / bare ceiling", "djangocon talk anonymous", "bare WSGI ceiling"),
    *(
        (f"{name} {what}", f"{name} {top}", f"{name} {bottom}")
        for name in ("djangocon", "fosdem")
        for what, top, bottom in (
            ("signed-in schedule / anonymous", "schedule signed in", "schedule anonymous"),
            ("signed-in talk / anonymous", "talk signed in", "talk anonymous"),
            ("agenda / anonymous schedule", "agenda signed in", "schedule anonymous"),
            ("signed-in ics / anonymous", "schedule.ics signed in", "schedule.ics anonymous"),
        )
    ),
    ("fosdem anonymous schedule / djangocon's", "fosdem schedule anonymous",
     "djangocon schedule anonymous"),
]  # fmt: skip


def ratios(rows: dict[str, dict]) -> dict[str, float]:
    return {
        name: round(rows[top]["rps"] / rows[bottom]["rps"], 2)
        for name, top, bottom in RATIOS
        if top in rows and bottom in rows and rows[bottom]["rps"]
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="Seconds of load per URL.")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (2 x CPUs + 1)")
    parser.add_argument("--quick", action="store_true", help="DjangoCon only, no synthetic run.")
    parser.add_argument("--no-redis", action="store_true", help="Local-memory cache.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    args = parser.parse_args()
    args.threads = 1
    if not shutil.which("wrk"):
        raise SystemExit("Missing wrk: apt-get install -y wrk")
    bench = Ceiling(args)
    bench.results["command"] = " ".join(["bench/ceiling.py", *sys.argv[1:]])
    try:
        bench.run()
    finally:
        bench.close()


if __name__ == "__main__":
    main()
