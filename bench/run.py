#!/usr/bin/env python3
"""Hallway's benchmark: dynamic (gunicorn) against static (build_site + nginx), one command.

    .venv/bin/python bench/run.py [--duration 8] [--connections 32] [--quick]

1. Builds a fresh SQLite database in a temporary folder and loads the DjangoCon US 2024 data
   (``load_demo``: ../shared when present, else the demo fixture), plus a synthetic
   FOSDEM-sized conference (1,000 sessions, 50 rooms, 2 days; bench/synthetic.py).
2. Serves Hallway with gunicorn and production settings (DEBUG off, collectstatic, Redis cache
   when one answers on 127.0.0.1:6379, else local memory) on 127.0.0.1, and loads the schedule,
   a talk, a presenter, the news feed, schedule.xml and schedule.json with wrk.
3. Builds the same conference with ``build_site`` and serves it with nginx, and loads the same
   pages.
4. Measures the first load of the schedule and a talk page in headless Chromium (bytes
   transferred, requests) and runs Lighthouse 12.2.3 (desktop and mobile) on four pages.
5. Prints a table and, last, one JSON line with every figure.

Needs: wrk and nginx (Debian: ``apt-get install -y wrk nginx-light``), /usr/bin/chromium, and
npm for Lighthouse (skipped with a message when npm cannot fetch it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
if not PYTHON.exists():
    PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
CHROMIUM = Path(os.environ.get("HALLWAY_BROWSER", "/usr/bin/chromium"))
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = ROOT / "bench" / "node_modules"
DJANGOCON = "djangocon-us-2024"
SYNTHETIC = "fosdem-synthetic"
PAGES = ("schedule", "talk", "presenter", "news feed", "schedule.xml", "schedule.json")


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="hallway-bench-"))
        self.processes: list[subprocess.Popen] = []
        self.env = {
            **os.environ,
            "HALLWAY_SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
            "HALLWAY_DEBUG": "0",
            "HALLWAY_HTTPS": "0",
            "HALLWAY_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{self.tmp / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(self.tmp / "media"),
            "HALLWAY_STATIC_ROOT": str(self.tmp / "static"),
            "HALLWAY_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "hallway.settings",
        }
        self.env.pop("HALLWAY_MANIFEST_STATIC", None)
        self.cache = "local memory"
        if not args.no_redis and redis_answers():
            # A database of its own, so the benchmark never meets anyone else's keys.
            self.env["REDIS_URL"] = "redis://127.0.0.1:6379/14"
            self.env["HALLWAY_CACHE_PREFIX"] = f"bench-{os.getpid()}"
            self.cache = "Redis"
        else:
            self.env.pop("REDIS_URL", None)
        self.results: dict = {
            "command": " ".join(["bench/run.py", *sys.argv[1:]]),
            "cpus": os.cpu_count(),
            "cache": self.cache,
            "connections": args.connections,
            "duration_s": args.duration,
            "conferences": {},
        }

    # -- set-up ---------------------------------------------------------------------------------

    def manage(self, *arguments: str, quiet: bool = True) -> str:
        result = subprocess.run(
            [str(PYTHON), "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self) -> None:
        log(f"fresh database and static files in {self.tmp}")
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        log("loading DjangoCon US 2024 (load_demo)")
        started = time.perf_counter()
        self.manage("load_demo")
        self.results["load_demo_s"] = round(time.perf_counter() - started, 2)
        if not self.args.quick:
            log("creating the synthetic FOSDEM-sized conference")
            subprocess.run(
                [str(PYTHON), "bench/synthetic.py", "--slug", SYNTHETIC],
                cwd=ROOT,
                env=self.env,
                check=True,
                stdout=subprocess.DEVNULL,
            )

    def pick_paths(self, slug: str) -> dict[str, str]:
        """The site paths (inside the conference) of the pages under load."""
        script = (
            "from hallway.conferences.models import Conference\n"
            "from hallway.conferences.signals import path_in_conference\n"
            f"c = Conference.objects.get(slug={slug!r})\n"
            "s = c.sessions.listed().filter(kind='talk').order_by('start', 'pk').first()\n"
            "p = c.presenters.listed().order_by('name', 'pk').first()\n"
            "print(path_in_conference(s)); print(path_in_conference(p))\n"
        )
        talk, presenter = self.manage("shell", "-c", script).split()[-2:]
        return {
            "schedule": "/schedule/",
            "talk": talk,
            "presenter": presenter,
            "news feed": "/feed.xml",
            "schedule.xml": "/schedule.xml",
            "schedule.json": "/schedule.json",
        }

    def start_gunicorn(self) -> str:
        port = free_port()
        # gunicorn's own advice, 2 x cores + 1 sync workers (docs/operators.md): each answer
        # closes its connection, so the kernel spreads connections over idle workers. gthread
        # workers keep connections alive, and one worker holding many of them doubled the p99.
        workers = self.args.workers or 2 * (os.cpu_count() or 1) + 1
        threads = self.args.threads
        worker_class = ["--worker-class", "sync"]
        if threads > 1:
            worker_class = ["--worker-class", "gthread", "--threads", str(threads)]
        log(f"gunicorn: {workers} workers x {threads} threads on 127.0.0.1:{port}")
        self.results["gunicorn"] = {"workers": workers, "threads": threads}
        process = subprocess.Popen(
            [
                str(GUNICORN),
                "hallway.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                *worker_class,
                "--keep-alive",
                "5",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.tmp / "gunicorn.log", "w"),  # noqa: SIM115 (lives with the process)
            start_new_session=True,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/robots.txt")
        return base

    def build_static(self, slug: str, *, exclude: list[str]) -> tuple[Path, float]:
        out = self.tmp / f"site-{slug}"
        arguments = ["build_site", "--slug", slug, "--out", str(out), "--gzip"]
        for pattern in exclude:
            arguments += ["--exclude", pattern]
        started = time.perf_counter()
        output = self.manage(*arguments)
        seconds = time.perf_counter() - started
        log(output.strip().splitlines()[-1] if output.strip() else "built")
        return out, seconds

    def start_nginx(self, site: Path) -> str:
        port = free_port()
        prefix = self.tmp / f"nginx-{port}"
        (prefix / "logs").mkdir(parents=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        workers = os.cpu_count() or 1
        config = prefix / "nginx.conf"
        config.write_text(
            f"""{user}worker_processes {workers};
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  gzip on;
  gzip_static on;
  gzip_types text/css application/javascript application/json application/xml
             application/atom+xml text/calendar image/svg+xml;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    location / {{ try_files $uri $uri/index.html =404; }}
  }}
}}
"""
        )
        log(f"nginx: {workers} workers on 127.0.0.1:{port}")
        process = subprocess.Popen(
            ["nginx", "-p", str(prefix), "-c", str(config), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/index.html")
        return base

    # -- measuring ------------------------------------------------------------------------------

    def wrk(self, url: str) -> dict:
        # Warm first (the first request renders the page into the cache).
        for _ in range(2):
            urllib.request.urlopen(urllib.request.Request(url), timeout=30).read()
        result = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(self.args.connections),
                "-d",
                f"{self.args.duration}s",
                "--latency",
                "-H",
                "Accept-Encoding: gzip, br",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return parse_wrk(result.stdout)

    def load_pages(self, base: str, prefix: str, paths: dict[str, str]) -> dict:
        figures = {}
        for page in PAGES:
            url = base + prefix + paths[page].lstrip("/")
            figures[page] = self.wrk(url)
            log(
                f"{url}: {figures[page]['rps']:.0f} req/s, p50 {figures[page]['p50_ms']} ms, "
                f"p99 {figures[page]['p99_ms']} ms, errors {figures[page]['errors']}"
            )
        return figures

    def page_weight(self, url: str) -> dict:
        """First load at 1280x1000 in headless Chromium: bytes over the wire and requests."""
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            context = browser.new_context(viewport={"width": 1280, "height": 1000})
            page = context.new_page()
            client = context.new_cdp_session(page)
            client.send("Network.enable")
            transferred = {"bytes": 0, "requests": 0}

            def finished(event):
                transferred["bytes"] += int(event.get("encodedDataLength", 0))
                transferred["requests"] += 1

            client.on("Network.loadingFinished", finished)
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(500)
            browser.close()
        return {"kb": round(transferred["bytes"] / 1024, 1), "requests": transferred["requests"]}

    def lighthouse(self, url: str, *, preset: str) -> dict | None:
        binary = LIGHTHOUSE_DIR / ".bin" / "lighthouse"
        if not binary.exists():
            log(f"installing lighthouse@{LIGHTHOUSE_VERSION} into bench/node_modules")
            installed = subprocess.run(
                ["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                 str(LIGHTHOUSE_DIR.parent), f"lighthouse@{LIGHTHOUSE_VERSION}"],
                capture_output=True,
                text=True,
            )  # fmt: skip
            if installed.returncode or not binary.exists():
                log("Lighthouse skipped: npm could not install it:\n" + installed.stderr[-800:])
                return None
        report = self.tmp / "lighthouse.json"
        command = [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=performance,accessibility,best-practices,seo",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        # Lighthouse now and then fails to record its trace (NO_NAVSTART): try up to 3 times.
        for _attempt in range(3):
            report.unlink(missing_ok=True)
            result = subprocess.run(
                command,
                env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
                capture_output=True,
                text=True,
                timeout=180,
            )
            if not result.returncode and report.exists():
                break
            log(f"Lighthouse failed on {url}: {result.stderr[-500:]}")
        else:
            return None
        data = json.loads(report.read_text())
        categories = data["categories"]
        scores = {key: round(value["score"] * 100) for key, value in categories.items()}
        scores["lcp_ms"] = round(data["audits"]["largest-contentful-paint"]["numericValue"])
        failed = [
            audit_id
            for category in categories.values()
            for ref in category["auditRefs"]
            if ref.get("weight")
            and (audit_id := ref["id"]) in data["audits"]
            and data["audits"][audit_id]["score"] is not None
            and data["audits"][audit_id]["score"] < 1
        ]
        scores["failed_audits"] = sorted(set(failed))
        return scores

    # -- the run --------------------------------------------------------------------------------

    def run(self) -> None:
        self.prepare()
        hallway = self.start_gunicorn()
        slugs = [DJANGOCON] if self.args.quick else [DJANGOCON, SYNTHETIC]
        for slug in slugs:
            paths = self.pick_paths(slug)
            log(f"== {slug}: Hallway (gunicorn)")
            dynamic = self.load_pages(hallway, f"/{slug}/", paths)
            # Cards and per-session calendars are thousands of images and files at FOSDEM size;
            # the pages under load do not need them.
            exclude = [r"card\.png$", r"/schedule/[^/]+\.ics$"] if slug == SYNTHETIC else []
            if self.args.hallway_only:
                self.results["conferences"][slug] = {"paths": paths, "hallway": dynamic}
                continue
            site, build_seconds = self.build_static(slug, exclude=exclude)
            nginx = self.start_nginx(site)
            log(f"== {slug}: build_site output (nginx)")
            static = self.load_pages(nginx, "/", paths)
            self.results["conferences"][slug] = {
                "paths": paths,
                "build_site_s": round(build_seconds, 2),
                "hallway": dynamic,
                "static": static,
                "ratio": {
                    page: round(dynamic[page]["rps"] / static[page]["rps"], 3)
                    if static[page]["rps"]
                    else None
                    for page in PAGES
                },
            }
            if slug == DJANGOCON:
                self.browser_figures(hallway, nginx, paths)
        self.print_table()

    def browser_figures(self, hallway: str, nginx: str, paths: dict[str, str]) -> None:
        if not CHROMIUM.exists():
            log(f"page weight and Lighthouse skipped: no Chromium at {CHROMIUM}")
            return
        weight = {}
        for page in ("schedule", "talk"):
            weight[f"hallway {page}"] = self.page_weight(f"{hallway}/{DJANGOCON}{paths[page]}")
            weight[f"static {page}"] = self.page_weight(f"{nginx}{paths[page]}")
        self.results["page_weight"] = weight
        if self.args.no_lighthouse:
            return
        pages = {"home": "/", "schedule": paths["schedule"], "talk": paths["talk"]}
        pages["presenter"] = paths["presenter"]
        scores = {}
        for name, path in pages.items():
            for preset in ("desktop", "mobile"):
                log(f"Lighthouse {preset}: {name}")
                result = self.lighthouse(f"{hallway}/{DJANGOCON}{path}", preset=preset)
                if result is None:
                    self.results["lighthouse"] = "skipped"
                    return
                scores[f"{name} {preset}"] = result
        self.results["lighthouse"] = scores

    def print_table(self) -> None:
        lines = []
        for slug, figures in self.results["conferences"].items():
            if "static" not in figures:
                lines.append(f"\n{slug}: Hallway only")
                for page in PAGES:
                    row = figures["hallway"][page]
                    lines.append(
                        f"{page:<14} hallway  {row['rps']:>9.0f} {row['p50_ms']:>8} "
                        f"{row['p99_ms']:>8} {row['errors']:>7}"
                    )
                continue
            lines.append(f"\n{slug} (build_site: {figures['build_site_s']} s)")
            lines.append(
                f"{'page':<14} {'server':<8} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
                f" {'ratio':>6}"
            )
            for page in PAGES:
                for server in ("hallway", "static"):
                    row = figures[server][page]
                    ratio = f"{figures['ratio'][page]:.2f}" if server == "hallway" else ""
                    lines.append(
                        f"{page:<14} {server:<8} {row['rps']:>9.0f} {row['p50_ms']:>8} "
                        f"{row['p99_ms']:>8} {row['errors']:>7} {ratio:>6}"
                    )
        if "page_weight" in self.results:
            lines.append("\nfirst load at 1280x1000 (headless Chromium)")
            for name, weight in self.results["page_weight"].items():
                lines.append(f"{name:<18} {weight['kb']:>7} KB {weight['requests']:>4} requests")
        if isinstance(self.results.get("lighthouse"), dict):
            lines.append("\nLighthouse 12.2.3 (perf / a11y / best practices / SEO, LCP)")
            for name, scores in self.results["lighthouse"].items():
                lines.append(
                    f"{name:<18} {scores['performance']:>4} {scores['accessibility']:>4} "
                    f"{scores['best-practices']:>4} {scores['seo']:>4}  LCP {scores['lcp_ms']} ms"
                    + (
                        f"  failed: {', '.join(scores['failed_audits'])}"
                        if scores["failed_audits"]
                        else ""
                    )
                )
        print("\n".join(lines).lstrip("\n"))
        print(json.dumps(self.results, separators=(",", ":")))

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


WRK_LATENCY = re.compile(r"^\s+(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def parse_wrk(output: str) -> dict:
    """Requests/s, p50 and p99 in ms, and errors (socket errors plus non-2xx/3xx answers)."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percentile, value, unit in WRK_LATENCY.findall(output):
        factor = {"us": 0.001, "ms": 1, "s": 1000}[unit]
        latency[percentile] = round(float(value) * factor, 2)
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    return {
        "rps": round(rps, 1),
        "p50_ms": latency.get("50"),
        "p99_ms": latency.get("99"),
        "errors": errors,
        "requests": requests,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=8, help="Seconds of load per page.")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default 2 x CPUs + 1)"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="Threads per worker; more than 1 uses gthread."
    )
    parser.add_argument("--quick", action="store_true", help="DjangoCon only, no synthetic run.")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument(
        "--hallway-only", action="store_true", help="Load Hallway only: no static build, no nginx."
    )
    parser.add_argument("--no-redis", action="store_true", help="Local-memory cache.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary folder.")
    args = parser.parse_args()
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"Missing {', '.join(missing)}: apt-get install -y wrk nginx-light")
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.close()


if __name__ == "__main__":
    main()
