#!/usr/bin/env python3
"""Several app servers, one truth: two gunicorn servers behind nginx, one command.

    python3 bench/two_servers.py [--keep]

Starts, all on loopback: PostgreSQL (a fresh database), Redis (cache and sessions, database 15),
SeaweedFS (S3 storage: a public and a private bucket), two stateless gunicorn app servers (A and
B) with the same settings, the tasks worker, and nginx balancing round-robin over A and B. Then
checks, as a visitor and an organizer would, that it makes no difference which server answers:

1. an organizer's edit made through A is served by B at the next request;
2. a sign-in made on A is a sign-in on B;
3. stars made through the balancer (alternating servers) all show on both servers' agendas;
4. a photo uploaded through A is served by B (from the private bucket, not readable unsigned),
   and its renditions, made by the worker, too.

Prints a PASS / FAIL table and exits 1 if any check fails. Needs Python 3.11; installs the
.venv (``python3 dev.py``'s installer) and, as root on Debian, nginx, PostgreSQL and Redis
when they are missing. See docs/operators.md ("Several app servers").
"""

from __future__ import annotations

import argparse
import http.cookiejar
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
SLUG = "djangocon-us-2024"


def log(message: str) -> None:
    print(f"[two-servers] {message}", file=sys.stderr, flush=True)


def ensure_venv() -> None:
    """Run under the project's .venv (made by dev.py's installer when missing)."""
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        return
    if not VENV_PYTHON.exists():
        sys.path.insert(0, str(ROOT))
        import dev

        dev.install()
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])


def apt_install(*packages: str) -> None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise SystemExit(f"missing {', '.join(packages)}: install them (Debian: apt-get install)")
    log(f"installing {' '.join(packages)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env)


def ensure_postgresql() -> None:
    def ready() -> bool:
        return (
            subprocess.run(
                ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False
            ).returncode
            == 0
        )

    if shutil.which("pg_isready") and ready():
        return
    if not shutil.which("pg_ctlcluster"):
        apt_install("postgresql")
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=False
    )
    for _ in range(30):
        if ready():
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL does not answer on 127.0.0.1:5432")


def ensure_redis() -> None:
    def ready() -> bool:
        return (
            shutil.which("redis-cli") is not None
            and subprocess.run(
                ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"],
                capture_output=True,
                check=False,
            ).stdout.strip()
            == b"PONG"
        )

    if ready():
        return
    if not shutil.which("redis-server"):
        apt_install("redis-server")
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
         "--save", "", "--appendonly", "no"],
        check=True,
    )  # fmt: skip
    for _ in range(30):
        if ready():
            return
        time.sleep(0.5)
    raise SystemExit("Redis does not answer on 127.0.0.1:6379")


def ensure_nginx() -> str:
    found = shutil.which("nginx") or (Path("/usr/sbin/nginx").exists() and "/usr/sbin/nginx")
    if not found:
        apt_install("nginx-light")
        found = shutil.which("nginx") or "/usr/sbin/nginx"
    return str(found)


class Browser:
    """A client with its own cookies, as one browser (redirects are not followed)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self._NoRedirect()
        )

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        """(status, headers, body) of one request."""
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def get(self, url: str):
        return self.request(url)

    def form(self, url: str, xpath: str, changes: dict | None = None, files=None, base=None):
        """GET ``url``, fill the form found by ``xpath`` like a browser (keeping every
        value, CSRF included) with ``changes``, and submit it. Returns the response."""
        import lxml.html

        status, _, body = self.get(url)
        if status != 200:
            return status, {}, body
        page = lxml.html.fromstring(body)
        form = page.xpath(xpath)[0]
        values = [(k, v) for k, v in form.form_values() if k not in (changes or {})]
        values += list((changes or {}).items())
        action = urllib.parse.urljoin(url, form.get("action") or url)
        if base:  # submit to another server than the one that showed the form
            action = base + urllib.parse.urlsplit(action).path
        if files:
            data, content_type = multipart(values, files)
        else:
            data = urllib.parse.urlencode(values).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(action, data, {"Content-Type": content_type, "Referer": url})


def multipart(fields: list[tuple[str, str]], files: dict[str, tuple[str, bytes, str]]):
    boundary = uuid.uuid4().hex
    out = io.BytesIO()
    for name, value in fields:
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


class Deployment:
    def __init__(self, keep: bool):
        from tests import s3server

        self.keep = keep
        self.tmp = Path(tempfile.mkdtemp(prefix="hallway-two-servers-"))
        self.processes: list[subprocess.Popen] = []
        self.database = f"hallway_two_servers_{os.getpid()}"
        self.s3 = s3server.SeaweedS3(
            self.tmp / "seaweedfs",
            public_buckets=("hallway-media",),
            private_buckets=("hallway-private",),
        )
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("HALLWAY_", "REDIS"))},
            "HALLWAY_SECRET_KEY": "two-servers-" + uuid.uuid4().hex,
            "HALLWAY_DEBUG": "0",
            "HALLWAY_HTTPS": "0",
            "HALLWAY_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{self.database}",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
            "HALLWAY_CACHE_PREFIX": f"two-servers-{os.getpid()}",
            "HALLWAY_STATIC_ROOT": str(self.tmp / "static"),
            "MEDIA_ROOT": str(self.tmp / "no-local-media"),  # must stay empty: S3 holds uploads
            "HALLWAY_LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "hallway.settings",
        }
        self.results: list[tuple[str, bool, str]] = []

    # -- set-up --------------------------------------------------------------------------------

    def manage(self, *arguments: str) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def spawn(self, name: str, command: list[str], **kwargs) -> subprocess.Popen:
        log_file = (self.tmp / f"{name}.log").open("w")
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        log_file.close()
        self.processes.append(process)
        return process

    def start(self) -> None:
        from tests import s3server

        ensure_postgresql()
        ensure_redis()
        nginx = ensure_nginx()
        log(f"work folder {self.tmp}")
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.database], check=True)
        endpoint = self.s3.start()
        log(f"SeaweedFS S3 at {endpoint}")
        self.env |= s3server.environment(
            endpoint, bucket="hallway-media", private_bucket="hallway-private"
        )
        self.manage("migrate", "--noinput")
        self.manage("collectstatic", "--noinput")
        log("loading the demo conference (load_demo)")
        self.manage("load_demo")
        self.password = uuid.uuid4().hex
        self.manage("shell", "-c", USERS.format(password=self.password))

        self.servers = {}
        for name in ("A", "B"):
            port = s3server.free_port()
            self.spawn(
                f"gunicorn-{name}",
                [str(Path(sys.executable).parent / "gunicorn"), "hallway.wsgi:application",
                 "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            )  # fmt: skip
            self.servers[name] = f"http://127.0.0.1:{port}"
        self.spawn("worker", [sys.executable, "manage.py", "db_worker", "--interval", "0.5"])
        port = s3server.free_port()
        self.balancer = f"http://127.0.0.1:{port}"
        self.start_nginx(nginx, port)
        for base in (*self.servers.values(), self.balancer):
            wait_for(base + "/robots.txt")
        log(f"A {self.servers['A']}, B {self.servers['B']}, nginx {self.balancer}")

    def start_nginx(self, nginx: str, port: int) -> None:
        prefix = self.tmp / "nginx"
        (prefix / "logs").mkdir(parents=True)
        user = "user root;\n" if os.geteuid() == 0 else ""
        upstreams = "\n".join(
            f"    server {urllib.parse.urlsplit(url).netloc};" for url in self.servers.values()
        )
        (prefix / "nginx.conf").write_text(
            f"""{user}worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log {prefix}/logs/access.log;
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  client_max_body_size 12m;
  upstream hallway {{
{upstreams}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://hallway;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      # Which app server answered: the checks below read it.
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"""
        )
        self.spawn("nginx", [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"),
                             "-g", "daemon off;"])  # fmt: skip

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
        self.s3.stop()
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", self.database],
            check=False,
        )
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- checks --------------------------------------------------------------------------------

    def check(self, name: str, passed: bool, detail: str) -> bool:
        self.results.append((name, bool(passed), detail))
        log(f"{'PASS' if passed else 'FAIL'}  {name}: {detail}")
        return bool(passed)

    def sign_in(self, browser: Browser, base: str, username: str) -> int:
        """Sign in with the site's own sign-in form (allauth), as an attendee does."""
        status, _, _ = browser.form(
            f"{base}/accounts/login/",
            "//form[.//input[@name='password']]",
            {"login": username, "password": self.password},
        )
        return status

    def facts(self) -> dict[str, str]:
        output = self.manage("shell", "-c", FACTS.format(slug=SLUG))
        return dict(line.split("=", 1) for line in output.strip().splitlines() if "=" in line)

    def run_checks(self) -> None:
        a, b, lb = self.servers["A"], self.servers["B"], self.balancer
        facts = self.facts()

        # 1. An organizer's edit through A, served by B at the next request.
        organizer = Browser()
        self.sign_in(organizer, a, "bench-organizer")
        title = f"Edited through A {uuid.uuid4().hex[:8]}"
        page_url = f"{b}/{SLUG}{facts['session_path']}"
        before = Browser().get(page_url)[2].decode()  # B caches the page before the edit
        status, _, _ = organizer.form(
            f"{a}/admin/program/session/{facts['session_pk']}/change/",
            "//form[@id='session_form']",
            {"title": title},
        )
        after = Browser().get(page_url)[2].decode()
        self.check(
            "edit on A is served by B",
            status == 302 and title not in before and title in after,
            f"admin save on A {status}; B's page {'shows' if title in after else 'lacks'} "
            f"the new title",
        )

        # 2. A sign-in on A is a sign-in on B (sessions in Redis, not in one server's memory).
        status_b, headers_b, body_b = organizer.get(f"{b}/admin/")
        anonymous_b = Browser().get(f"{b}/admin/")[0]
        self.check(
            "sign-in on A works on B",
            status_b == 200 and b"Site administration" in body_b and anonymous_b == 302,
            f"B's /admin/ answers the organizer {status_b}, an anonymous visitor {anonymous_b}",
        )

        # 3. Stars through the balancer: alternate servers, all kept, both servers agree.
        attendee = Browser()
        signed_in = self.sign_in(attendee, lb, "bench-attendee")
        answered = set()
        pks = facts["star_pks"].split(",")
        token = self.star_token(attendee, lb)
        for pk in pks:  # one request each: round-robin sends them to A, B, A, B
            status, headers, _ = attendee.request(
                f"{lb}{facts['star_prefix']}{pk}/",
                urllib.parse.urlencode({"csrfmiddlewaretoken": token}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "Referer": lb + "/"},
            )
            answered.add(headers.get("X-Upstream", "?"))
        agendas = {}
        for name, base in self.servers.items():
            _, _, body = attendee.get(f"{base}{facts['agenda_url']}")
            agendas[name] = sorted(set(re.findall(rb'aria-label="Unstar ([^"]+)"', body)))
        self.check(
            "stars on either server",
            signed_in == 302
            and len(answered) == 2
            and agendas["A"] == agendas["B"]
            and len(agendas["A"]) == len(pks),
            f"signed in through nginx ({signed_in}); {len(pks)} stars answered by "
            f"{len(answered)} servers; agenda on A shows "
            f"{len(agendas['A'])}, on B {len(agendas['B'])}",
        )

        # 4. A photo uploaded through A, served by B; private in the bucket; renditions by the
        #    worker, served by B too.
        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (1200, 800), (30, 90, 160)).save(buffer, format="JPEG")
        status, _, _ = attendee.form(
            f"{a}{facts['photos_url']}",
            "//form[@enctype='multipart/form-data']",
            {"caption": "Hallway track", "credit": "", "session": pks[0]},
            files={"image": ("hallway.jpg", buffer.getvalue(), "image/jpeg")},
        )
        photo = self.manage("shell", "-c", PHOTO).strip().splitlines()[-1].split()
        pk, key = photo[0], photo[1]
        file_url = f"{b}{facts['photos_url']}{pk}/full/"
        got_b = attendee.get(file_url)
        stranger = Browser().get(file_url)[0]
        unsigned = Browser().get(f"{self.s3.endpoint}/hallway-private/{key}")[0]
        self.check(
            "upload on A is served by B",
            status == 302 and got_b[0] == 200 and got_b[2][:2] == b"\xff\xd8" and stranger == 404,
            f"upload {status}; B serves it to its owner {got_b[0]}, to a stranger {stranger}",
        )
        self.check(
            "private object refused unsigned",
            unsigned == 403,
            f"GET on the bucket without a signature answers {unsigned}",
        )
        rendition = (0, {}, b"")
        for _ in range(240):  # the worker may still be making the demo's thumbnails
            rendition = attendee.get(f"{b}{facts['photos_url']}{pk}/320/")
            if rendition[0] == 200:
                break
            time.sleep(0.5)
        self.check(
            "worker's rendition served by B",
            rendition[0] == 200 and rendition[2][8:12] == b"WEBP",
            f"the 320 px rendition answers {rendition[0]} on B",
        )
        local = [p for p in Path(self.env["MEDIA_ROOT"]).rglob("*") if p.is_file()]
        self.check(
            "nothing on the app servers' disk",
            not local,
            f"{len(local)} files under MEDIA_ROOT",
        )

    def star_token(self, browser: Browser, base: str) -> str:
        """The CSRF token of the schedule page's star form, as the star buttons submit it."""
        import lxml.html

        _, _, body = browser.get(f"{base}/{SLUG}/schedule/")
        xpath = "//form[@id='star-form']//input[@name='csrfmiddlewaretoken']"
        return lxml.html.fromstring(body).xpath(xpath)[0].get("value")

    def print_table(self) -> bool:
        width = max(len(name) for name, _, _ in self.results)
        print(f"\n{'check'.ljust(width)}  result  detail")
        print(f"{'-' * width}  ------  {'-' * 40}")
        for name, passed, detail in self.results:
            print(f"{name.ljust(width)}  {'PASS' if passed else 'FAIL':6}  {detail}")
        ok = all(passed for _, passed, _ in self.results)
        print(f"\n{'PASS' if ok else 'FAIL'}: {sum(p for _, p, _ in self.results)} of "
              f"{len(self.results)} checks passed")  # fmt: skip
        return ok


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


USERS = """
from django.contrib.auth import get_user_model
User = get_user_model()
User.objects.create_superuser("bench-organizer", "organizer@example.org", "{password}")
User.objects.create_user("bench-attendee", "attendee@example.org", "{password}")
"""

FACTS = """
from hallway.conferences.models import Conference
from hallway.conferences.signals import path_in_conference
from hallway.conferences.urls_helpers import conference_reverse
c = Conference.objects.get(slug={slug!r})
sessions = list(c.sessions.listed().filter(kind="talk").order_by("start", "pk")[:4])
print("session_pk=%s" % sessions[0].pk)
print("session_path=%s" % path_in_conference(sessions[0]))
print("star_pks=%s" % ",".join(str(s.pk) for s in sessions))
print("star_prefix=%s" % conference_reverse(c, "companion:star", pk=1).rstrip("/")[:-1])
print("agenda_url=%s" % conference_reverse(c, "companion:agenda"))
print("photos_url=%s" % conference_reverse(c, "companion:photos"))
"""

PHOTO = """
from django.conf import settings
from hallway.companion.models import Photo
p = Photo.objects.filter(user__username="bench-attendee").order_by("-pk").first()
print(p.pk, settings.STORAGES["private"]["OPTIONS"]["location"] + p.image.name)
"""


def main() -> None:
    ensure_venv()
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="Keep the work folder and logs.")
    args = parser.parse_args()
    deployment = Deployment(args.keep)
    try:
        deployment.start()
        deployment.run_checks()
    except Exception as error:  # noqa: BLE001 (reported as a failed check, then the table)
        deployment.check("set-up and checks ran", False, f"{type(error).__name__}: {error}")
    finally:
        deployment.close()
    sys.exit(0 if deployment.print_table() else 1)


if __name__ == "__main__":
    main()
