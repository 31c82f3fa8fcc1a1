"""What an incremental ``build_site`` needs: which pages can be kept without rendering them.

A page is a function of the rows its view reads (plus the code, the build's options and, for a
few pages, the clock). So while a page renders, every ``SELECT`` it runs is recorded with its
parameters; the next build runs each distinct recorded query once more and compares a hash of
its rows with the one stored. A page none of whose queries answers differently is kept as it is
on disk, with the links it had, and is not rendered at all. Moving one session changes the
answers of the queries behind its page, the schedule and day pages, its presenters' pages and
the exports; every other page is kept.

Nothing about the apps is known here: a feature app that adds a box to session pages reads its
rows through queries like any other, and they are recorded the same way. What is not a query
is handled apart:

- the code and the options: a build key (Django's version, every file of the ``hallway``
  package by size and modification time, the options) must match, or every page renders;
- the clock: a parameter within a minute of the time it was recorded at is taken for "now"
  and replayed with the current time (so a post whose publication time has come shows up);
- pages the site itself does not keep until the conference changes (``Cache-Control:
  private`` or ``no-store``, as the whole-page cache decides, such as a live home page) and
  answers that ran no query at all (public uploads) are rendered every time;
- the conference's version, the counter that every change bumps to invalidate caches, is
  left out of the answers: pages use it in cache keys, never in what they show (a test
  compares an incremental build with a full one).
- caches: while a build renders, the shared cache is a private one (:class:`BuildCache`) that
  remembers, with each value, the queries that made it; a page that takes a value from it (a
  fragment of ``{% slotcache %}``, the schedule's dates) records those queries as if it had run
  them. The in-process fragment cache is off, so every fragment goes through it.

The manifest (``.hallway-manifest.json`` in the output folder) holds the distinct queries with
their answers' hashes and, per page, its output file, its queries and its links.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import decimal
import hashlib
import json
import os
import re
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path

import django
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

MANIFEST = ".hallway-manifest.json"
# Outputs kept between builds by what they are made of (ReuseStore).
REUSE_FOLDER = ".hallway-reuse"
MANIFEST_FORMAT = 2
NOW_WINDOW = dt.timedelta(seconds=60)
# What the whole-page cache does not keep until the conference changes (page_cache._store).
VOLATILE_CACHE_CONTROL = ("private", "no-store")
NOW = "now"


class Unrecordable(Exception):
    """A parameter that the manifest cannot store: the page renders every time."""


# -- parameters ----------------------------------------------------------------------------------


def _looks_like_now(value: dt.datetime, now: dt.datetime) -> bool:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return abs(value - now) <= NOW_WINDOW


def encode_param(value, now: dt.datetime):
    """A JSON-safe form of one query parameter (tagged when it is not a JSON scalar)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        if 19 <= len(value) <= 32 and value[4:5] == "-" and value[10:11] in (" ", "T"):
            # SQLite gets datetimes as text, in UTC: "now" may hide in one.
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                parsed = None
            if parsed is not None and _looks_like_now(parsed, now):
                return {"t": NOW, "v": "text", "naive": parsed.tzinfo is None}
        return value
    if isinstance(value, dt.datetime):
        if _looks_like_now(value, now):
            return {"t": NOW, "v": "datetime", "naive": value.tzinfo is None}
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, dt.time):
        return {"t": "time", "v": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"t": "timedelta", "v": value.total_seconds()}
    if isinstance(value, decimal.Decimal):
        return {"t": "decimal", "v": str(value)}
    if isinstance(value, uuid.UUID):
        return {"t": "uuid", "v": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"t": "bytes", "v": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, list | tuple):
        return {"t": "list", "v": [encode_param(item, now) for item in value]}
    raise Unrecordable(type(value).__name__)


def decode_param(value, now: dt.datetime):
    if not isinstance(value, dict):
        return value
    kind, raw = value["t"], value["v"]
    if kind == NOW:
        current = now.astimezone(dt.UTC)
        if value.get("naive"):
            current = current.replace(tzinfo=None)
        return str(current) if raw == "text" else current
    return {
        "datetime": dt.datetime.fromisoformat,
        "date": dt.date.fromisoformat,
        "time": dt.time.fromisoformat,
        "timedelta": lambda seconds: dt.timedelta(seconds=seconds),
        "decimal": decimal.Decimal,
        "uuid": uuid.UUID,
        "bytes": base64.b64decode,
        "list": lambda items: [decode_param(item, now) for item in items],
    }[kind](raw)


def encode_params(params, now: dt.datetime):
    if params is None:
        return None
    if isinstance(params, dict):
        return {"named": {name: encode_param(v, now) for name, v in params.items()}}
    return [encode_param(value, now) for value in params]


def decode_params(params, now: dt.datetime):
    if params is None:
        return None
    if isinstance(params, dict):
        return {name: decode_param(v, now) for name, v in params["named"].items()}
    return [decode_param(value, now) for value in params]


# -- recording and replaying ---------------------------------------------------------------------


_current = threading.local()


class QueryRecorder:
    """An execute wrapper keeping the ``SELECT``s of one page (in the thread that renders it)."""

    def __init__(self):
        self.queries: list[tuple[str, str]] = []
        self.unrecordable = False
        self.now = timezone.now()
        # Cache keys this page missed, with how many queries it had run then (BuildCache).
        self.misses: dict[str, int] = {}
        # Outputs of the reuse store this page took or made (ReuseStore).
        self.reused: list[str] = []

    @contextlib.contextmanager
    def recording(self):
        """Record this thread's queries, and the queries behind what it takes from the cache."""
        outer = getattr(_current, "recorder", None)
        _current.recorder = self
        try:
            with connection.execute_wrapper(self):
                yield self
        finally:
            _current.recorder = outer

    def __call__(self, execute, sql, params, many, context):
        head = sql.lstrip()[:6].upper()
        if not many and (head == "SELECT" or head.startswith("WITH")):
            try:
                encoded = json.dumps(encode_params(params, self.now), separators=(",", ":"))
            except Unrecordable:
                self.unrecordable = True
            else:
                self.queries.append((sql, encoded))
        return execute(sql, params, many, context)


def _normalise(value):
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, tuple | list):
        return tuple(_normalise(item) for item in value)
    return value


def _rows_digest(rows, drop: list[int] | None = None, *, ordered: bool = True) -> str:
    if drop:
        rows = [tuple(value for n, value in enumerate(row) if n not in drop) for row in rows]
    texts = [repr(row) for row in rows]
    if any("<memory at" in text for text in texts):  # (memoryview's repr is its address)
        texts = [repr(_normalise(row)) for row in rows]
    if not ordered:
        texts.sort()
    return hashlib.blake2b("\n".join(texts).encode(), digest_size=12).hexdigest()


TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"?([A-Za-z_]\w*)"?', re.IGNORECASE)


def tables_of(sql: str, known: frozenset[str]) -> frozenset[str] | None:
    """The tables ``sql`` reads, or None when one of its names is not a table (a CTE, a
    function): such a query is always run again."""
    names = frozenset(TABLE.findall(sql))
    if not names or not names <= known:
        return None
    return names


def known_tables() -> frozenset[str]:
    with connection.cursor() as cursor:
        return frozenset(connection.introspection.table_names(cursor))


def table_hashes(tables: Iterable[str]) -> dict[str, str]:
    """A hash of each table's whole content (rows in any order, cache counters left out)."""
    counters = {
        qualified.split(".")[0].strip('"'): column
        for qualified, column in _counter_columns().items()
    }
    hashes = {}
    cursor = _raw_cursor()
    for table in sorted(set(tables)):
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the database's own list)
        names = [column[0] for column in cursor.description]
        drop = [n for n, name in enumerate(names) if counters.get(table) == name]
        hashes[table] = _rows_digest(cursor.fetchall(), drop, ordered=False)
    return hashes


def _raw_cursor():
    """The driver's cursor (Django's %s placeholders work on it), without the debug wrapper
    that would log thousands of queries."""
    connection.ensure_connection()
    return connection.create_cursor()


def _counter_columns() -> dict[str, str]:
    """``{'"table"."column"': column}`` of the counters that only invalidate caches."""
    from hallway.conferences.models import Conference

    table = Conference._meta.db_table
    column = Conference._meta.get_field("version").column
    return {f'"{table}"."{column}"': column}


def answer_hash(cursor, sql: str, encoded_params: str, counters: dict[str, str]) -> str:
    """A hash of the rows ``sql`` answers now (when it fails, a value equal to no other)."""
    params = decode_params(json.loads(encoded_params), timezone.now())
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        names = [column[0] for column in cursor.description or ()]
    except Exception:  # noqa: BLE001 (a query that no longer runs means "changed", not a crash)
        return f"!{uuid.uuid4().hex}"
    ignored = {column for qualified, column in counters.items() if qualified in sql}
    drop = [n for n, name in enumerate(names) if name in ignored]
    return _rows_digest(rows, drop)


def answer_hashes(queries: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """:func:`answer_hash` of each distinct query, in one transaction."""
    from django.db import transaction

    counters = _counter_columns()
    with transaction.atomic():
        cursor = _raw_cursor()
        try:
            return {query: answer_hash(cursor, *query, counters) for query in set(queries)}
        finally:
            cursor.close()


# -- what else a page depends on -------------------------------------------------------------------


def code_fingerprint() -> str:
    """Changes whenever a file of the ``hallway`` package (code, template, static) does."""
    import hallway

    root = Path(hallway.__file__).resolve().parent
    lines = [f"{django.__version__}|{hallway.__version__}"]
    for folder, folders, names in os.walk(root):
        folders[:] = [name for name in folders if name != "__pycache__"]
        for name in names:
            stat = os.stat(os.path.join(folder, name))
            relative = os.path.relpath(os.path.join(folder, name), root)
            lines.append(f"{relative}|{stat.st_size}|{stat.st_mtime_ns}")
    lines.sort()
    return hashlib.blake2b("\n".join(lines).encode(), digest_size=16).hexdigest()


def is_volatile(cache_control: str) -> bool:
    """True for an answer the site does not keep until its conference changes."""
    directives = {part.strip().split("=")[0].lower() for part in cache_control.split(",")}
    return any(directive in directives for directive in VOLATILE_CACHE_CONTROL)


_MISSING = object()
# BuildCache's queries behind each value, per LOCATION (one per build).
_behind: dict[str, dict] = {}
_behind_locks: dict[str, threading.Lock] = {}


class BuildCache(LocMemCache):
    """The cache while a build renders: an in-process cache that keeps, with each value, the
    queries recorded while it was made (from the miss of its key to the ``set``), and adds them
    to the recorder of any page that takes the value, so that page's manifest entry holds
    every query behind what it shows. A value stored outside a page, or with no miss before
    it, is charged every query its page had run so far (more pages render again, never fewer);
    one stored outside any page makes the pages that take it render every time.
    """

    def __init__(self, name, params):
        super().__init__(name, params)
        # Shared like LocMemCache's values: each thread gets its own instance of the backend.
        self._behind: dict[str, tuple | None] = _behind.setdefault(name, {})
        self._behind_lock = _behind_locks.setdefault(name, threading.Lock())

    def _taken(self, key: str) -> None:
        recorder = getattr(_current, "recorder", None)
        if recorder is None:
            return
        with self._behind_lock:
            queries = self._behind.get(key)
        if queries is None:
            recorder.unrecordable = True
        else:
            recorder.queries.extend(queries)

    def _made(self, key: str) -> tuple | None:
        """The queries behind a value stored now under ``key`` by this thread."""
        recorder = getattr(_current, "recorder", None)
        if recorder is None:
            return None
        return tuple(recorder.queries[recorder.misses.pop(key, 0) :])

    def get(self, key, default=None, version=None):
        value = super().get(key, _MISSING, version)
        full = self.make_key(key, version)
        if value is _MISSING:
            recorder = getattr(_current, "recorder", None)
            if recorder is not None:
                recorder.misses.setdefault(full, len(recorder.queries))
            return default
        self._taken(full)
        return value

    def has_key(self, key, version=None):
        found = super().has_key(key, version)
        if found:
            self._taken(self.make_key(key, version))
        return found

    # (The queries are noted before the value is stored: another thread may take it at once.)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = self.make_key(key, version)
        queries = self._made(full)
        with self._behind_lock:
            self._behind[full] = queries
        super().set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        full = self.make_key(key, version)
        queries = self._made(full)
        with self._behind_lock:
            # (When a value is there already, its own queries stay.)
            self._behind.setdefault(full, queries)
        added = super().add(key, value, timeout, version)
        if added:  # (in place of an expired value's)
            with self._behind_lock:
                self._behind[full] = queries
        return added

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        with self._behind_lock:
            self._behind.pop(self.make_key(key, version), None)
        return deleted

    def clear(self):
        super().clear()
        with self._behind_lock:
            self._behind.clear()

    def incr(self, key, delta=1, version=None):
        full = self.make_key(key, version)
        queries = self._made(full)
        with self._behind_lock:
            self._behind[full] = queries
        return super().incr(key, delta, version)


@contextlib.contextmanager
def build_caches():
    """A fresh :class:`BuildCache` as the shared cache, and no in-process fragment cache (every
    ``{% slotcache %}`` goes through the shared one, where its queries are kept)."""
    from django.core.cache.backends import locmem

    from hallway.core.slotcache import local_fragments

    location = f"hallway-build-{uuid.uuid4().hex}"
    build = {
        "default": {
            "BACKEND": "hallway.sitebuild.incremental.BuildCache",
            "LOCATION": location,
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }
    local_fragments.clear()
    limit = local_fragments.max_bytes
    local_fragments.max_bytes = 0  # every entry is dropped as soon as it is stored
    try:
        with override_settings(CACHES=build):
            yield
    finally:
        local_fragments.max_bytes = limit
        local_fragments.clear()
        # (What the build cached goes with it.)
        for table in (_behind, _behind_locks, locmem._caches, locmem._expire_info, locmem._locks):
            table.pop(location, None)


class ReuseStore:
    """The store of :mod:`hallway.core.reuse` for a build: one file per output in
    ``REUSE_FOLDER`` of the output folder, named by a hash of the code's fingerprint (with the
    versions of every installed distribution), the kind and the inputs. Each page's manifest
    entry lists the outputs it used; the build keeps those of every page it writes or keeps
    and removes the others (:meth:`prune`)."""

    def __init__(self, out: Path, fingerprint: str):
        self.folder = out / REUSE_FOLDER
        self.fingerprint = fingerprint
        self.lock = threading.Lock()
        self.used: set[str] = set()
        self.taken = 0
        self.made = 0

    def digest(self, kind: str, inputs: object) -> str:
        text = f"{self.fingerprint}\n{kind}\n{inputs!r}"
        return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()

    def reuse(self, kind: str, inputs: object, make) -> bytes:
        digest = self.digest(kind, inputs)
        path = self.folder / digest
        try:
            output = path.read_bytes()
        except OSError:
            output = make()
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{digest}.{threading.get_ident()}.tmp")
            temporary.write_bytes(output)
            os.replace(temporary, path)
            with self.lock:
                self.made += 1
        else:
            with self.lock:
                self.taken += 1
        self.use([digest])
        recorder = getattr(_current, "recorder", None)
        if recorder is not None:
            recorder.reused.append(digest)
        return output

    def use(self, digests: Iterable[str]) -> None:
        with self.lock:
            self.used.update(digests)

    def prune(self) -> None:
        """Remove the outputs that no page of this build used."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in self.used:
                (self.folder / name).unlink(missing_ok=True)


def installed_fingerprint() -> str:
    """:func:`code_fingerprint` and the version of every installed distribution."""
    from importlib import metadata

    versions = sorted(
        f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions()
    )
    text = "\n".join([code_fingerprint(), *versions])
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


# -- the manifest --------------------------------------------------------------------------------


class Manifest:
    """Pages of one build: ``entries[request path] = {file, kind, site_path, size, queries,
    links}``; ``queries`` index ``self.queries`` (``[sql, params, hash]``), None when the
    page must render every time."""

    def __init__(self, key: str, queries=None, entries=None, tables=None):
        self.key = key
        self.tables: dict[str, str] = tables or {}
        self.queries: list[list[str]] = queries or []
        self.entries: dict[str, dict] = entries or {}
        self.index: dict[tuple[str, str], int] = {
            (sql, params): n for n, (sql, params, _) in enumerate(self.queries)
        }
        self.lock = threading.Lock()

    @classmethod
    def load(cls, folder: Path, key: str) -> Manifest | None:
        """The manifest of the build in ``folder`` when it was made with the same ``key``."""
        try:
            data = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError):
            return None
        if data.get("format") != MANIFEST_FORMAT or data.get("key") != key:
            return None
        sqls = data["sql"]
        queries = [[sqls[s], params, answer] for s, params, answer in data["queries"]]
        return cls(key, queries, data["entries"], data.get("tables"))

    def save(self, folder: Path) -> None:
        sqls: dict[str, int] = {}
        queries = [
            [sqls.setdefault(sql, len(sqls)), params, answer]
            for sql, params, answer in self.queries
        ]
        data = {
            "format": MANIFEST_FORMAT,
            "key": self.key,
            "sql": list(sqls),
            "queries": queries,
            "entries": self.entries,
            "tables": self.tables,
        }
        (folder / MANIFEST).write_text(json.dumps(data, separators=(",", ":")))

    def query_ids(self, queries: Iterable[tuple[str, str]], answers: dict) -> list[int]:
        ids = []
        with self.lock:
            for query in dict.fromkeys(queries):
                n = self.index.get(query)
                if n is None:
                    n = self.index[query] = len(self.queries)
                    self.queries.append([*query, answers.get(query, "")])
                ids.append(n)
        return ids

    def fill_missing_answers(self) -> None:
        """Run the queries first seen in this build for their answers, and hash every table
        they read (the next build's first, cheap check)."""
        missing = [(sql, params) for sql, params, answer in self.queries if not answer]
        answers = answer_hashes(missing)
        for query in self.queries:
            if not query[2]:
                query[2] = answers[(query[0], query[1])]
        known = known_tables()
        tables = set()
        for sql in {sql for sql, _, _ in self.queries}:
            tables |= tables_of(sql, known) or set()
        self.tables = table_hashes(tables)

    def changed_queries(self) -> tuple[dict[tuple[str, str], str], set[int]]:
        """The current answers of this manifest's queries and the indexes of those that
        changed. Only queries reading a table whose content changed are run again."""
        known = known_tables()
        now = table_hashes(table for table in self.tables if table in known)
        # (A table the last build did not hash counts as changed.)
        same = frozenset(table for table, digest in self.tables.items() if now.get(table) == digest)
        answers: dict[tuple[str, str], str] = {}
        rerun = []
        sql_tables: dict[str, frozenset[str] | None] = {}
        for sql, params, answer in self.queries:
            if sql not in sql_tables:
                sql_tables[sql] = tables_of(sql, known)
            tables = sql_tables[sql]
            if tables is not None and tables <= same:
                answers[(sql, params)] = answer
            else:
                rerun.append((sql, params))
        answers.update(answer_hashes(rerun))
        changed = {
            n
            for n, (sql, params, answer) in enumerate(self.queries)
            if answers[(sql, params)] != answer
        }
        return answers, changed
