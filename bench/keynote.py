#!/usr/bin/env python3
"""The keynote minute: attendees open the schedule and star talks at once, measured with Locust.

    python bench/keynote.py [--attendees 600] [--max-users 600] [--step-users 20]
                            [--step-seconds 15] [--p95-ms 500] [--keep]

Starts the two-server set-up of ``bench/two_servers.py`` (PostgreSQL, Redis, two gunicorn
servers behind nginx, the tasks worker; the DjangoCon US 2024 demo), creates ``--attendees``
accounts up front, then runs Locust (as a library, headless) against nginx:

- 70 % of the simulated attendees read anonymously: the schedule, session pages, presenters;
- 30 % are signed in before the ramp, as attendees are before the keynote (24 with the
  site's own form, each timed; the others with a session made up front, because allauth
  allows 30 sign-ins a minute from one address and behind nginx every attendee has the
  balancer's), then open my agenda and the schedule, star and unstar
  sessions (as the star buttons do, with htmx) and write a note on a session;
- every attendee waits 1–5 s between actions, as a reader does.

Every page is opened once first (the page cache is warm, as on the day). Users are then added
``--step-users`` at a time every ``--step-seconds`` until the p95 of a step passes ``--p95-ms``
(or ``--max-users`` is reached). Then the users finish their current
action and stop, and the report prints the attendees held (the last step under the p95 limit),
throughput, p50/p95/p99 per action and errors. Last, every attendee's stars and notes in the
database are compared with what the simulated clients believe (each client keeps the result of
its own star, unstar and note requests, as the server answered them): stars the client saw made
but missing are *lost*, stars present that the client never made or saw removed are *phantom*.
Exits 1 on any error, lost or phantom star, or lost note.

Needs the dev extra (``locust``) installed in the Python that runs it. See
docs/benchmarks.md ("The keynote minute (issue 16)").
"""

# Locust patches the standard library (gevent) when it is imported: before anything that
# opens sockets or threads (two_servers, urllib), hence the late import of bench.two_servers.
from __future__ import annotations

import argparse
import http.cookiejar
import json
import math
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import gevent
import gevent.pool
import locust
import locust.env
from locust import FastHttpUser, between, task
from locust.exception import StopUser

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.two_servers import Deployment, log  # noqa: E402 (after the patching above)

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PRESSED = re.compile(r'class="star-button" aria-pressed="(true|false)"')
SLUG = "djangocon-us-2024"

# Filled before the first user starts (the set-up's facts), read by every simulated user.
FACTS: dict = {}
# Every client's own view of its stars and notes: username -> {session pk: True/False}.
BELIEVED_STARS: dict[str, dict[int, bool]] = defaultdict(dict)
BELIEVED_NOTES: dict[str, dict[int, str]] = defaultdict(dict)
# Star requests whose outcome the client could not know (an error, a timeout).
UNCERTAIN: set[tuple[str, int]] = set()
# (finish time, action, milliseconds, failed) of every request.
SAMPLES: list[tuple[float, str, float, bool]] = []
ERRORS: dict[str, int] = defaultdict(int)
ONE_OFF = frozenset({"sign in (before the keynote)"})
# (username, cookies) of the attendees signed in before the keynote.
SIGNED_IN: list[tuple[str, list]] = []


def record(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append((time.monotonic(), name, response_time, exception is not None))
    if exception is not None:
        ERRORS[f"{name}: {str(exception)[:120]}"] += 1


class AnonymousAttendee(FastHttpUser):
    """Reads the programme without signing in (the whole-page cache answers most of it)."""

    weight = 7
    wait_time = between(1, 5)

    @task(4)
    def schedule(self):
        self.client.get(FACTS["schedule"], name="schedule")

    @task(4)
    def session_page(self):
        self.client.get(random.choice(FACTS["sessions"]), name="session page")

    @task(2)
    def presenter(self):
        self.client.get(random.choice(FACTS["presenters"]), name="presenter")


class SignedInAttendee(FastHttpUser):
    """Signs in, then uses the companion: agenda, stars, a note."""

    weight = 3
    wait_time = between(1, 5)

    def on_start(self):
        # Signed in before the keynote (Keynote.sign_in): the browser still has its cookies.
        if not SIGNED_IN:
            raise StopUser()
        self.username, cookies = SIGNED_IN.pop()
        for cookie in cookies:
            self.client.cookiejar.set_cookie(cookie)
        self.token = ""
        self.page(FACTS["agenda"], "my agenda")

    @staticmethod
    def find_token(html: str) -> str:
        found = TOKEN.search(html)
        return found.group(1) if found else ""

    def page(self, path: str, name: str) -> None:
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {response.status_code}")
                return
            # Signed in, every page carries the visitor's token (the shared star form).
            token = self.find_token(response.text or "")
            if token:
                self.token = token

    @task(3)
    def agenda(self):
        self.page(FACTS["agenda"], "my agenda")

    @task(2)
    def schedule(self):
        self.page(FACTS["schedule"], "schedule (signed in)")

    @task(2)
    def session_page(self):
        self.page(random.choice(FACTS["sessions"]), "session page (signed in)")

    @task(4)
    def star_or_unstar(self):
        pk = random.choice(FACTS["star_pks"])
        stars = BELIEVED_STARS[self.username]
        wanted = not stars.get(pk, False)
        name = "star" if wanted else "unstar"
        key = (self.username, pk)
        UNCERTAIN.add(key)  # until the answer says what happened
        with self.client.post(
            FACTS["star_prefix"] + f"{pk}/",
            data={"csrfmiddlewaretoken": self.token},
            headers={"HX-Request": "true", "Referer": self.host + FACTS["schedule"]},
            name=name,
            catch_response=True,
        ) as response:
            pressed = PRESSED.search(response.text or "") if response.status_code == 200 else None
            if pressed is None:
                response.failure(f"{name} answered {response.status_code} without a star button")
                return
            now_starred = pressed.group(1) == "true"
            stars[pk] = now_starred
            UNCERTAIN.discard(key)
            if now_starred != wanted:
                response.failure(f"{name} left the session {'starred' if now_starred else 'not'}")

    @task(1)
    def note(self):
        pk = random.choice(FACTS["star_pks"])
        body = f"Keynote minute note {random.randrange(10**9)} by {self.username}."
        with self.client.post(
            FACTS["notes_prefix"] + f"{pk}/",
            data={"csrfmiddlewaretoken": self.token, "note-body": body},
            headers={"Referer": self.host + FACTS["agenda"]},
            allow_redirects=False,
            name="note",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"note answered {response.status_code}")
                return
            BELIEVED_NOTES[self.username][pk] = body


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# Sign-ins through the form: under allauth's limit of 30 a minute from one address.
FORM_SIGN_INS = 24

SESSIONS = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth import get_user_model
engine = import_module(settings.SESSION_ENGINE)
sessions = {{}}
for user in get_user_model().objects.filter(username__in={names!r}):
    store = engine.SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    sessions[user.username] = store.session_key
print(json.dumps({{"cookie": settings.SESSION_COOKIE_NAME, "sessions": sessions}}))
"""

ATTENDEES = """
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
User = get_user_model()
password = make_password({password!r})  # one hash for all: creating accounts is not measured
User.objects.bulk_create(
    User(username="keynote-%05d" % n, email="keynote-%05d@example.org" % n, password=password)
    for n in range({count})
)
print("created", User.objects.filter(username__startswith="keynote-").count())
"""

KEYNOTE_FACTS = """
import json
from hallway.conferences.models import Conference
from hallway.conferences.signals import path_in_conference
from hallway.conferences.urls_helpers import conference_reverse
c = Conference.objects.get(slug={slug!r})
sessions = [s for s in c.sessions.listed().order_by("start", "pk") if s.has_page]
pages = []
for s in sessions:
    try:
        pages.append("/" + c.slug + path_in_conference(s))
    except Exception:
        pass
presenters = ["/" + c.slug + path_in_conference(p) for p in c.presenters.listed()]
talks = [s.pk for s in sessions if s.kind == "talk"]
print(json.dumps({{
    "schedule": conference_reverse(c, "program:schedule"),
    "agenda": conference_reverse(c, "companion:agenda"),
    "star_prefix": conference_reverse(c, "companion:star", pk=1)[:-2],
    "notes_prefix": conference_reverse(c, "companion:session-notes", pk=1)[:-2],
    "sessions": pages,
    "presenters": presenters,
    "star_pks": talks[:40],
}}))
"""

DATABASE_STATE = """
import json
from hallway.companion.models import Note, Star
stars, notes = {}, {}
for username, pk in Star.objects.filter(user__username__startswith="keynote-").values_list(
    "user__username", "session_id"
):
    stars.setdefault(username, []).append(pk)
for username, pk, body in Note.objects.filter(user__username__startswith="keynote-").values_list(
    "user__username", "session_id", "body"
):
    notes.setdefault(username, {})[str(pk)] = body
print(json.dumps({"stars": stars, "notes": notes}))
"""


class Keynote:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.deployment = Deployment(args.keep)
        self.steps: list[dict] = []

    def prepare(self) -> None:
        self.deployment.start()
        password = self.deployment.password
        log(f"creating {self.args.attendees} attendee accounts")
        print(self.deployment.manage(
            "shell", "-c", ATTENDEES.format(password=password, count=self.args.attendees)
        ).strip(), file=sys.stderr)  # fmt: skip
        facts = json.loads(self.shell(KEYNOTE_FACTS.format(slug=SLUG)))
        usernames = [f"keynote-{n:05d}" for n in range(self.args.attendees)]
        random.Random(16).shuffle(usernames)
        FACTS.update(facts, password=password, usernames=usernames)
        log(
            f"{len(facts['sessions'])} session pages, {len(facts['presenters'])} presenters, "
            f"{len(facts['star_pks'])} talks to star"
        )

    def warm_up(self) -> None:
        """Open every page once, as the days before the keynote did: the page cache is warm."""
        import urllib.request

        paths = [FACTS["schedule"], *FACTS["sessions"], *FACTS["presenters"]]
        log(f"warming the page cache: {len(paths)} pages")
        pool = gevent.pool.Pool(4)
        for path in paths:
            pool.spawn(
                lambda url: urllib.request.urlopen(url, timeout=60).read(),
                self.deployment.balancer + path,
            )
        pool.join()

    def sign_in(self) -> None:
        """Sign in as many attendees as the ramp may need, through the site's own form (as
        they did before the keynote); each sign-in's time is reported."""
        from bench.two_servers import Browser

        needed = math.ceil(self.args.max_users * SignedInAttendee.weight / 10)
        names = FACTS["usernames"][:needed]
        through_form = names[:FORM_SIGN_INS]
        log(
            f"signing in {len(through_form)} attendees with the sign-in form (4 at a time), "
            f"{len(names) - len(through_form)} more with sessions made up front"
        )

        def one(username: str) -> None:
            browser = Browser()
            started = time.perf_counter()
            status = self.deployment.sign_in(browser, self.deployment.balancer, username)
            ms = (time.perf_counter() - started) * 1000
            SAMPLES.append((time.monotonic(), "sign in (before the keynote)", ms, status != 302))
            if status != 302:
                ERRORS[f"sign in answered {status}"] += 1
                return
            SIGNED_IN.append((username, list(browser.cookies)))

        pool = gevent.pool.Pool(4)
        for username in through_form:
            pool.spawn(one, username)
        pool.join()
        # The others: a session like the form's (allauth limits sign-ins to 30 a minute per
        # client address, and behind nginx every attendee has the balancer's).
        made = json.loads(self.shell(SESSIONS.format(names=names[len(through_form) :])))
        for username, key in made["sessions"].items():
            cookie = http.cookiejar.Cookie(
                0, made["cookie"], key, None, False, "127.0.0.1", False, False, "/", True,
                False, None, True, None, None, {},
            )  # fmt: skip
            SIGNED_IN.append((username, [cookie]))

    def ramp(self) -> None:
        args = self.args
        environment = locust.env.Environment(
            user_classes=[AnonymousAttendee, SignedInAttendee],
            host=self.deployment.balancer,
            stop_timeout=30,  # users finish the action they are in: its outcome is known
        )
        environment.events.request.add_listener(record)
        runner = environment.create_local_runner()
        self.started = time.monotonic()
        users = 0
        while users < args.max_users:
            users = min(args.max_users, users + args.step_users)
            runner.start(users, spawn_rate=max(args.step_users, 1))
            step_start = time.monotonic()
            gevent.sleep(args.step_seconds)
            # Attendees sign in once, before the keynote: the limit is on what they do then.
            window = [s for s in SAMPLES if s[0] >= step_start and s[1] not in ONE_OFF]
            times = [ms for _, _, ms, _ in window]
            step = {
                "users": users,
                "requests": len(window),
                "rps": round(len(window) / args.step_seconds, 1),
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "errors": sum(1 for s in window if s[3]),
            }
            self.steps.append(step)
            log(
                f"{users:4d} attendees: {step['rps']:6.1f} req/s, p50 {step['p50_ms']} ms, "
                f"p95 {step['p95_ms']} ms, {step['errors']} errors"
            )
            if step["p95_ms"] > args.p95_ms:
                break
        log("stopping: every user finishes the action it is in")
        runner.stop()
        self.seconds = time.monotonic() - self.started
        runner.quit()

    def database_state(self) -> dict:
        return json.loads(self.shell(DATABASE_STATE))

    def shell(self, code: str) -> str:
        """The last line ``manage.py shell`` prints (after its banner of imported objects)."""
        return self.deployment.manage("shell", "-c", code).strip().splitlines()[-1]

    def report(self) -> bool:
        args = self.args
        under = [step for step in self.steps if step["p95_ms"] <= args.p95_ms]
        held = under[-1] if under else None
        print(f"\nThe keynote minute, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
        print(
            "set-up: bench/two_servers.py (nginx round-robin over two gunicorn servers, 2 sync "
            "workers each; PostgreSQL; Redis for cache and sessions), Locust in the same "
            f"machine ({os.cpu_count()} CPUs)"
        )
        print(f"\nramp (one step every {args.step_seconds:g} s)")
        print(f"{'attendees':>9}  {'req/s':>7}  {'p50 ms':>7}  {'p95 ms':>7}  errors")
        for step in self.steps:
            print(
                f"{step['users']:>9}  {step['rps']:>7}  {step['p50_ms']:>7}  "
                f"{step['p95_ms']:>7}  {step['errors']}"
            )
        if held:
            print(
                f"\nattendees held with p95 <= {args.p95_ms} ms: {held['users']} "
                f"({held['rps']} req/s)"
            )
        else:
            print(f"\nattendees held with p95 <= {args.p95_ms} ms: none (the first step passed it)")
        total = len(SAMPLES)
        print(f"throughput over the run: {total / self.seconds:.1f} req/s ({total} requests)")

        by_action: dict[str, list[float]] = defaultdict(list)
        failed: dict[str, int] = defaultdict(int)
        for _, name, ms, error in SAMPLES:
            by_action[name].append(ms)
            failed[name] += error
        print(f"\n{'action':<26} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} errors")
        actions = {}
        for name in sorted(by_action):
            times = by_action[name]
            actions[name] = {
                "requests": len(times),
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "p99_ms": round(percentile(times, 0.99), 1),
                "errors": failed[name],
            }
            row = actions[name]
            print(
                f"{name:<26} {row['requests']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
                f"{row['p99_ms']:>8} {row['errors']:>6}"
            )
        errors = sum(ERRORS.values())
        print(f"\nerrors: {errors}")
        for message, count in sorted(ERRORS.items(), key=lambda item: -item[1])[:10]:
            print(f"  {count} × {message}")

        state = self.database_state()
        lost = phantom = compared = 0
        users = set(BELIEVED_STARS) | set(state["stars"])
        for username in users:
            in_database = set(state["stars"].get(username, []))
            believed = BELIEVED_STARS.get(username, {})
            for pk in set(believed) | in_database:
                if (username, pk) in UNCERTAIN:
                    continue
                compared += 1
                if believed.get(pk, False) and pk not in in_database:
                    lost += 1
                elif pk in in_database and not believed.get(pk, False):
                    phantom += 1
        starred = sum(1 for stars in BELIEVED_STARS.values() for on in stars.values() if on)
        lost_notes = sum(
            1
            for username, notes in BELIEVED_NOTES.items()
            for pk, body in notes.items()
            if state["notes"].get(username, {}).get(str(pk)) != body
        )
        print(
            f"\nstars: {len(BELIEVED_STARS)} signed-in attendees, {compared} (attendee, session) "
            f"pairs compared, {starred} starred at the end; lost {lost}, phantom {phantom}; "
            f"{len(UNCERTAIN)} left out (no answer)"
        )
        print(f"notes: {sum(len(n) for n in BELIEVED_NOTES.values())} written, lost {lost_notes}")
        summary = {
            "command": "bench/keynote.py " + " ".join(sys.argv[1:]),
            "cpus": os.cpu_count(),
            "steps": self.steps,
            "held": held,
            "seconds": round(self.seconds, 1),
            "requests": total,
            "actions": actions,
            "errors": errors,
            "stars": {"compared": compared, "lost": lost, "phantom": phantom},
            "notes": {"lost": lost_notes},
        }
        print(json.dumps(summary))
        return errors == 0 and lost == 0 and phantom == 0 and lost_notes == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=600, help="Accounts made up front.")
    parser.add_argument("--max-users", type=int, default=600)
    parser.add_argument("--step-users", type=int, default=20)
    parser.add_argument("--step-seconds", type=float, default=15)
    parser.add_argument("--p95-ms", type=float, default=500)
    parser.add_argument("--keep", action="store_true", help="Keep the work folder and logs.")
    args = parser.parse_args()
    if math.ceil(args.max_users * SignedInAttendee.weight / 10) > args.attendees:
        parser.error("--attendees must cover the signed-in 30 % of --max-users")
    keynote = Keynote(args)
    ok = False
    try:
        keynote.prepare()
        keynote.warm_up()
        keynote.sign_in()
        keynote.ramp()
        ok = keynote.report()
    finally:
        keynote.deployment.close()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
