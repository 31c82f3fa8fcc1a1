"""Export a conference's public site as static files that work on any static host.

The pages are rendered by the real views through Django's test ``Client`` (the full middleware
stack, so what is exported is exactly what visitors get), under the conference's ``/<slug>/``
prefix. The builder then crawls: it starts from every parameterless URL of the conference site
plus the sitemap and the renamed-path redirects, and follows every link it finds.

Each page is written at its permalink from the root of the output (``/<slug>/talks/x/`` →
``talks/x/index.html``), with every internal link made relative, so the output works under any
path prefix. Static assets and the public uploads the pages use are copied next to them.

A build into the folder of an earlier one is incremental (``hallway/sitebuild/incremental.py``):
a page whose queries all answer as they did is kept without rendering, a file whose bytes did
not change is not touched, and files no page leads to any more are removed.

Why not django-distill: it needs a ``distill_path`` with a list of parameters for every URL of
every app, maintained apart from the URLconfs; crawling needs nothing from the other apps and
cannot miss a page that is linked. What is not linked from anywhere is not public.

What needs a server is left out: attendee pages, accounts, htmx requests, forms that POST and
the star buttons that submit them. With ``live_url`` those forms, buttons and the sign-in links
point at the live site.
"""

from __future__ import annotations

import filecmp
import gzip
import hashlib
import json
import os
import posixpath
import re
import shutil
import threading
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from lxml import etree

from hallway.conferences.models import Conference, Redirect
from hallway.conferences.social_cards import drawing_in_process
from hallway.core.reuse import reusing
from hallway.sitebuild.incremental import (
    MANIFEST,
    REUSE_FOLDER,
    Manifest,
    QueryRecorder,
    ReuseStore,
    build_caches,
    code_fingerprint,
    installed_fingerprint,
    is_volatile,
)

BUILD_HOST = "hallway-static-build.invalid"
MARKER = ".hallway-build.json"
# First path segments inside a conference site that need a server (the attendee companion).
SERVER_ONLY_SECTIONS = frozenset({"my"})
# Site-wide paths (outside any conference) that need a server.
SERVER_ONLY_PREFIXES = ("/accounts/", "/me/", "/admin/", "/api/")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "data-sw", "data-src")
TEXT_TYPES = ("text/", "application/xml", "application/json", "application/atom", "application/rss")
COMPRESSIBLE = frozenset({".html", ".css", ".js", ".xml", ".json", ".ics", ".svg", ".txt", ".map"})
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_PATH = "/sitemap.xml"
# Social cards (drawn with Pillow): rendered in the image thread of :meth:`SiteBuilder.run`.
CARD_SUFFIX = "/card.png"
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class BuildError(Exception):
    """The build cannot start or could not finish; the message says why."""


@dataclass
class BuildReport:
    pages: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    broken: list[tuple[str, int, str]] = field(default_factory=list)
    seconds: float = 0.0
    bytes: int = 0
    # Incremental builds: files whose bytes changed (or are new), files left as they were,
    # files removed; pages rendered and pages kept without rendering.
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    rendered: list[str] = field(default_factory=list)
    reused: int = 0
    # Outputs of hallway.core.reuse (social cards, VEVENTs) made, and taken from earlier builds.
    outputs_made: int = 0
    outputs_taken: int = 0


def _parameterless_routes(patterns, prefix: str = "") -> list[str]:
    """Every route of ``patterns`` that takes no parameter, e.g. ``schedule/``, ``feed.xml``."""
    routes = []
    for pattern in patterns:
        route = str(pattern.pattern)
        # (Not pattern.converters: Django merges the including path's converters into it.)
        if "<" in route or "(" in route:
            continue
        route = route.lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(pattern, URLResolver):
            routes.extend(_parameterless_routes(pattern.url_patterns, prefix + route))
        elif isinstance(pattern, URLPattern):
            routes.append(prefix + route)
    return routes


def _output_path(site_path: str) -> str:
    """Where a path inside the conference site is written: ``talks/x/`` → ``talks/x/index.html``."""
    relative = site_path.lstrip("/")
    last = relative.rsplit("/", 1)[-1]
    if relative == "" or relative.endswith("/") or "." not in last:
        return posixpath.join(relative, "index.html") if relative else "index.html"
    return relative


def _page_directory(site_path: str) -> str:
    output = _output_path(site_path)
    return posixpath.dirname(output)


class SiteBuilder:
    """Render, crawl and write one conference; use :func:`build_site`."""

    def __init__(
        self,
        conference: Conference,
        out: Path,
        *,
        base_url: str,
        live_url: str,
        workers: int = 1,
        exclude: tuple[str, ...] = (),
        previous: Manifest | None = None,
        key: str = "",
        photos: list[tuple[str, str]] = (),
        store: ReuseStore | None = None,
    ):
        self.store = store
        self.workers = workers
        self.photos = photos
        self.exclude = [re.compile(pattern) for pattern in exclude]
        self.conference = conference
        self.out = out
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.live_url = live_url.rstrip("/") if live_url else ""
        self.prefix = f"/{conference.slug}/"
        self.local = threading.local()
        self.lock = threading.RLock()
        self.report = BuildReport()
        self.queue: deque[tuple[str, str]] = deque()
        self.seen: set[str] = set()
        self.static_seen: set[str] = set()
        self.absolute_prefixes = (f"https://{BUILD_HOST}", f"http://{BUILD_HOST}")
        self.sitemap: bytes | None = None
        # Incremental builds: what the last build recorded, which of its queries answer
        # differently now, and what this build records.
        self.previous = previous
        self.answers: dict[tuple[str, str], str] = {}
        self.changed: set[int] = set()
        if previous is not None:
            self.answers, self.changed = previous.changed_queries()
        self.manifest = Manifest(key)
        self.produced: set[str] = set()
        # Photos wait here while their thumbnails are being made, and cards are drawn in the
        # image thread (see :meth:`run`).
        self.photos_ready: Future | None = None
        self.waiting_photos: list[tuple[str, str]] = []
        self.images: ThreadPoolExecutor | None = None
        self.image_jobs: list[Future] = []

    # -- crawling -------------------------------------------------------------------------------

    def seed(self) -> None:
        # The conference's site is what the root URLconf mounts under /<conference_slug>/.
        site_patterns = next(
            pattern.url_patterns
            for pattern in get_resolver().url_patterns
            if isinstance(pattern, URLResolver) and "conference_slug" in str(pattern.pattern)
        )
        for route in _parameterless_routes(site_patterns):
            if route.split("/", 1)[0] not in SERVER_ONLY_SECTIONS:
                self.enqueue(self.prefix + route, referrer="(URLconf)")
        old_paths = Redirect.objects.filter(conference=self.conference).values_list(
            "old_path", flat=True
        )
        for old_path in old_paths:
            self.enqueue(self.prefix + old_path.lstrip("/"), referrer="(redirect)")

    @property
    def client(self) -> Client:
        """One client per thread (each thread also gets its own database connection)."""
        client = getattr(self.local, "client", None)
        if client is None:
            client = Client(
                HTTP_HOST=BUILD_HOST,
                raise_request_exception=False,
                **{"hallway.static_build": True},
            )
            self.local.client = client
        return client

    def load_sitemap(self) -> None:
        """Seed from the install's sitemap and keep this conference's part of it as the site's
        (the last build's, when nothing behind it changed)."""
        entry = self.fresh(SITEMAP_PATH)
        if entry is not None and entry["kind"] == "sitemap":
            self.sitemap = (self.out / entry["file"]).read_bytes()
            self.keep(SITEMAP_PATH, entry)
            return
        recorder = QueryRecorder()
        self.local.links = []
        try:
            with recorder.recording():
                response = self.client.get(SITEMAP_PATH, secure=True)
            self.read_sitemap(response)
            if self.sitemap is not None:
                self.remember(
                    SITEMAP_PATH,
                    kind="sitemap",
                    site_path=None,
                    file="sitemap.xml",
                    response=response,
                    recorder=recorder,
                    size=len(self.sitemap),
                )
        finally:
            self.local.links = None

    def read_sitemap(self, response) -> None:
        if response.status_code != 200:
            return
        tree = etree.fromstring(response.content)
        namespace = {"s": SITEMAP_NAMESPACE}
        for url in tree.findall("s:url", namespace):
            loc = url.find("s:loc", namespace)
            target = self.target_of(loc.text or "", "/")
            if target is None or target[0] != "page":
                tree.remove(url)
                continue
            self.enqueue(target[1], referrer="(sitemap)")
            loc.text = (self.base_url or "/") + target[1][len(self.prefix) :]
        self.sitemap = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")

    def enqueue(self, path: str, *, referrer: str) -> None:
        links = getattr(self.local, "links", None)
        if links is not None:  # a page is being fetched in this thread: its links
            links.append(path)
        if any(pattern.search(path) for pattern in self.exclude):
            return
        with self.lock:
            if path not in self.seen:
                self.seen.add(path)
                self.queue.append((path, referrer))

    def process(self, path: str, referrer: str) -> None:
        if self.images is not None and path.endswith(CARD_SUFFIX) and self.workers <= 1:
            with self.lock:
                self.image_jobs.append(self.images.submit(self.process_here, path, referrer))
            return
        self.process_here(path, referrer)

    def process_here(self, path: str, referrer: str) -> None:
        if self.photos_ready is not None and not self.photos_ready.done() and _is_photo(path):
            with self.lock:
                self.waiting_photos.append((path, referrer))
            return
        if path.startswith(settings.STATIC_URL):
            self.copy_static(path)
        elif not self.reuse(path):
            self.fetch(path, referrer)

    def fresh(self, path: str) -> dict | None:
        """The last build's entry for ``path`` when every query behind it answers as it did
        and its file is still there."""
        entry = self.previous.entries.get(path) if self.previous is not None else None
        if not entry or not entry["queries"] or self.changed.intersection(entry["queries"]):
            return None
        if entry["file"] is not None:
            try:
                if (self.out / entry["file"]).stat().st_size != entry["size"]:
                    return None
            except OSError:
                return None
        return entry

    def reuse(self, path: str) -> bool:
        """Keep the last build's file for ``path`` when :meth:`fresh`; its links are followed
        as if it had been rendered."""
        entry = self.fresh(path)
        if entry is None:
            return False
        self.keep(path, entry)
        return True

    def keep(self, path: str, entry: dict) -> None:
        queries = [tuple(self.previous.queries[n][:2]) for n in entry["queries"]]
        if self.store is not None:
            self.store.use(entry.get("reused", ()))
        ids = self.manifest.query_ids(queries, self.answers)
        with self.lock:
            self.manifest.entries[path] = {**entry, "queries": ids}
            self.report.reused += 1
            if entry["kind"] == "page":
                self.report.pages.append(entry["site_path"])
            elif entry["kind"] == "redirect":
                self.report.redirects.append(entry["site_path"])
            elif entry["kind"] == "broken":
                self.report.broken.append((path, entry["status"], entry["referrer"]))
            if entry["file"] is not None and entry["kind"] != "sitemap":
                self.produced.add(entry["file"])
                self.report.files.append(entry["file"])
                self.report.bytes += entry["size"]
                self.report.unchanged += 1
        for link in entry["links"]:
            self.enqueue(link, referrer=path)

    def remember(
        self,
        path: str,
        *,
        kind: str,
        site_path: str | None,
        file: str | None,
        response,
        recorder,
        size: int | None = None,
        **extra,
    ):
        """Record what the next build needs to keep this page without rendering it."""
        links = list(dict.fromkeys(self.local.links or ()))
        if recorder.unrecordable or not recorder.queries:
            queries = None  # nothing to compare: render it every time
        elif is_volatile(response.get("Cache-Control", "")):
            queries = None
        else:
            queries = self.manifest.query_ids(recorder.queries, self.answers)
        if size is None and file is not None:
            size = (self.out / file).stat().st_size
        if recorder.reused:
            extra["reused"] = list(dict.fromkeys(recorder.reused))
        with self.lock:
            self.report.rendered.append(path)
            self.manifest.entries[path] = {
                "kind": kind,
                "site_path": site_path,
                "file": file,
                "size": size,
                "queries": queries,
                "links": links,
                **extra,
            }

    def run(self) -> BuildReport:
        """Crawl and write. Pillow's work goes to a thread of its own, beside the pages (it
        runs mostly outside the GIL): first the thumbnails of ``photos`` (the photos' own
        addresses, which answer the thumbnail once it is there, wait for them), then the
        social cards, unless the build runs inside a transaction, whose rows another thread's
        connection would not see."""
        started = time.perf_counter()
        with ThreadPoolExecutor(1) as images:
            if self.photos:
                self.photos_ready = images.submit(
                    _make_thumbnails, self.photos, self.conference.slug
                )
            if not connection.in_atomic_block:
                self.images = images
            try:
                self.seed()
                self.load_sitemap()
                self.crawl()
                if self.photos_ready is not None:
                    self.photos_ready.result()
                    with self.lock:
                        self.queue.extend(self.waiting_photos)
                        self.waiting_photos.clear()
                    self.crawl()
                while self.image_jobs:
                    self.image_jobs.pop().result()
            finally:
                if self.images is not None:
                    # The image thread's connection: looked up in that thread (``connection.close``
                    # taken here would be this thread's, closed from the other).
                    images.submit(lambda: connection.close())
        self.write_sitemap_if_missing()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def crawl(self) -> None:
        """Process the queue, and what processing adds to it, until it is empty."""
        if self.workers <= 1:
            while self.queue:
                self.process(*self.queue.popleft())
            return
        # Rendering is mostly Python (one core), but images are encoded outside the GIL
        # and SQLite reads overlap, so a few threads finish the crawl sooner.
        with ThreadPoolExecutor(self.workers) as pool:
            running: set[Future] = set()
            while True:
                with self.lock:
                    batch = list(self.queue)
                    self.queue.clear()
                running.update(pool.submit(self.process, *item) for item in batch)
                if not running:
                    break
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    future.result()

    def fetch(self, path: str, referrer: str) -> None:
        recorder = QueryRecorder()
        self.local.links = []
        try:
            with recorder.recording():
                response = self.client.get(path, secure=True)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
            self.write_response(path, referrer, response, body, recorder)
        finally:
            self.local.links = None

    def write_response(self, path: str, referrer: str, response, body: bytes, recorder) -> None:
        site_path = self.site_path(path)
        if response.status_code in (301, 302, 307, 308):
            target = urlsplit(response["Location"]).path
            if site_path is not None and self.site_path(target) is not None:
                self.write_redirect(site_path, target)
                self.enqueue(target, referrer=path)
                self.remember(
                    path,
                    kind="redirect",
                    site_path=site_path,
                    file=_output_path(site_path),
                    response=response,
                    recorder=recorder,
                )
            else:
                self.write_broken(path, referrer, response, recorder)
            return
        if response.status_code != 200:
            self.write_broken(path, referrer, response, recorder)
            return
        if site_path is None:  # a public upload under /media/
            site_path = path
        content_type = response.get("Content-Type", "")
        kind = "file"
        if content_type.startswith("text/html"):
            body = self.rewrite_html(body.decode(response.charset or "utf-8"), path).encode()
            kind = "page"
            with self.lock:
                self.report.pages.append(site_path)
        elif content_type.startswith("text/css"):
            body = self.rewrite_css(body.decode(), path).encode()
        elif content_type.startswith(TEXT_TYPES):
            body = self.absolutize(body.decode(response.charset or "utf-8")).encode()
        file = _output_path(site_path)
        self.write(file, body)
        self.remember(
            path, kind=kind, site_path=site_path, file=file, response=response, recorder=recorder
        )

    def write_broken(self, path: str, referrer: str, response, recorder) -> None:
        """Report a page that is not there; remember it (unless the server failed) so that the
        next build does not ask again while nothing behind it changed."""
        with self.lock:
            self.report.broken.append((path, response.status_code, referrer))
        if response.status_code < 500:
            self.remember(
                path,
                kind="broken",
                site_path=None,
                file=None,
                response=response,
                recorder=recorder,
                status=response.status_code,
                referrer=referrer,
            )

    def site_path(self, path: str) -> str | None:
        """``/<slug>/talks/x/`` → ``/talks/x/``; None for paths outside the conference."""
        if path.startswith(self.prefix):
            return "/" + path[len(self.prefix) :]
        if path == self.prefix.rstrip("/"):
            return "/"
        return None

    # -- rewriting ------------------------------------------------------------------------------

    def target_of(self, url: str, page_path: str) -> tuple[str, str] | None:
        """Classify a URL found on the page at ``page_path``.

        Returns ``(kind, path)`` where kind is "page" (inside the conference), "static",
        "media" or "server" (needs a server), or None for external and fragment-only URLs.
        """
        if url.startswith(self.absolute_prefixes):
            url = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        elif self.base_url and url.startswith(self.base_url):
            # A link to the site's own public address (social cards, content): keep it inside.
            url = self.prefix + url[len(self.base_url) :]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or (not parts.path and not parts.query):
            return None
        path = urljoin(page_path, parts.path) if parts.path else page_path
        if path.startswith(settings.STATIC_URL):
            return "static", path
        if path.startswith(settings.MEDIA_URL):
            return "media", path
        site_path = self.site_path(path)
        if site_path is None:
            if path == "/":
                return "page", self.prefix
            return "server", path
        if site_path.lstrip("/").split("/", 1)[0] in SERVER_ONLY_SECTIONS:
            return "server", path
        if parts.query:
            # Static hosts ignore query strings; the page without them is the closest there is.
            return "page-with-query", path
        return "page", path

    def relative(self, target_path: str, page_path: str, original: str) -> str:
        """The URL of ``target_path`` relative to the page at ``page_path``."""
        parts = urlsplit(original)
        site_target = self.site_path(target_path)
        target = _output_path(site_target) if site_target is not None else target_path.lstrip("/")
        if target.endswith("index.html"):
            target = target[: -len("index.html")]
        here = _page_directory(self.site_path(page_path) or page_path)
        relative = posixpath.relpath(target or ".", here or ".")
        if target.endswith("/") or not target:
            relative = relative.rstrip("/") + "/"
        query = parts.query if target_path.startswith(settings.STATIC_URL) else ""
        return (
            relative
            + (f"?{query}" if query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )

    def rewrite_url(self, url: str, page_path: str) -> str | None:
        """The URL to write in place of ``url``; None means the element must go."""
        target = self.target_of(url.strip(), page_path)
        if target is None:
            return url
        kind, path = target
        if kind == "server":
            return f"{self.live_url}{url}" if self.live_url and url.startswith("/") else None
        self.enqueue(path, referrer=page_path)
        return self.relative(path, page_path, url)

    def rewrite_html(self, html: str, page_path: str) -> str:
        document = lxml.html.document_fromstring(html)
        for form in document.iter("form"):
            if form.get("method", "get").lower() == "post":
                action = form.get("action") or page_path
                if self.live_url and action.startswith("/"):
                    form.set("action", self.live_url + action)
                else:
                    _drop(form)
        for script in document.iter("script"):
            # (data-src: the scripts core/loader.js starts after the page has loaded.)
            if "htmx" in (script.get("src") or script.get("data-src") or ""):
                _drop(script)
        for meta in list(document.iter("meta")):
            if meta.get("name") == "htmx-config":  # no htmx to configure
                _drop(meta)
        elements = [element for element in document.iter() if isinstance(element.tag, str)]
        for element in elements:
            for name in list(element.attrib):
                if name.startswith(("hx-", "data-hx-")):
                    del element.attrib[name]
        for element in elements:
            if element.getparent() is None and element is not document:
                continue  # dropped above
            for name in URL_ATTRIBUTES:
                value = element.get(name)
                if value is None or (name == "action" and not value):
                    continue
                new = self.rewrite_url(value, page_path)
                if new is None:
                    _drop(element)
                    break
                element.set(name, new)
            srcset = element.get("srcset")
            if srcset:
                element.set("srcset", self.rewrite_srcset(srcset, page_path))
        for meta in document.iter("meta"):
            content = meta.get("content") or ""
            if content.startswith(self.absolute_prefixes) or (
                self.base_url and content.startswith(self.base_url)
            ):
                target = self.target_of(content, page_path)
                if target is not None and target[0] in (
                    "page",
                    "page-with-query",
                    "static",
                    "media",
                ):
                    self.enqueue(target[1], referrer=page_path)
                if self.base_url:
                    meta.set("content", self.absolutize(content))
                else:
                    _drop(meta)
        return lxml.html.tostring(document, doctype="<!doctype html>", encoding="unicode")

    def rewrite_srcset(self, srcset: str, page_path: str) -> str:
        candidates = []
        for candidate in srcset.split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            new = self.rewrite_url(url, page_path) or url
            candidates.append(f"{new} {descriptor}".strip())
        return ", ".join(candidates)

    def rewrite_css(self, css: str, css_path: str) -> str:
        def replace(match: re.Match) -> str:
            url = match.group(2)
            if url.startswith(("data:", "#")):
                return match.group(0)
            new = self.rewrite_url(url, css_path) or url
            return f"url({match.group(1)}{new}{match.group(1)})"

        return CSS_URL.sub(replace, css)

    def absolutize(self, text: str) -> str:
        """Absolute URLs of the build host → the public base URL (or root-relative paths)."""
        replacement = self.base_url or "/"
        for prefix in self.absolute_prefixes:
            text = text.replace(prefix + self.prefix, replacement)
            text = text.replace(prefix + "/", replacement)
        return text

    # -- writing --------------------------------------------------------------------------------

    def write(self, relative: str, body: bytes) -> None:
        """Write ``body`` at ``relative`` unless the file already holds exactly that."""
        target = self.out / relative
        with self.lock:
            self.produced.add(relative)
            self.report.files.append(relative)
            self.report.bytes += len(body)
        try:
            same = target.stat().st_size == len(body) and target.read_bytes() == body
        except OSError:
            same = False
        if same:
            with self.lock:
                self.report.unchanged += 1
            return
        _replace(target, lambda temporary: temporary.write_bytes(body))
        with self.lock:
            self.report.written.append(relative)

    def write_redirect(self, site_path: str, target: str) -> None:
        """A page at an old path that sends visitors on (static hosts cannot answer 301)."""
        href = self.relative(target, self.prefix + site_path.lstrip("/"), target)
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={href}">'
            f'<link rel="canonical" href="{href}"><meta name="robots" content="noindex">'
            f'<title>Moved</title></head><body><p><a href="{href}">Moved here</a></p></body></html>'
        )
        self.write(_output_path(site_path), body.encode())
        with self.lock:
            self.report.redirects.append(site_path)

    def copy_static(self, url_path: str) -> None:
        name = url_path[len(settings.STATIC_URL) :].split("?", 1)[0]
        with self.lock:
            if name in self.static_seen:
                return
            self.static_seen.add(name)
        collected = Path(settings.STATIC_ROOT) / name
        source = collected if collected.is_file() else finders.find(name)
        if not source:
            self.report.broken.append((url_path, 404, "(static)"))
            return
        source = Path(source)
        relative = settings.STATIC_URL.lstrip("/") + name
        if source.suffix == ".css":
            css = self.rewrite_css(source.read_text(), url_path)
            self.write(relative, css.encode())
        else:
            target = self.out / relative
            same = target.is_file() and filecmp.cmp(source, target, shallow=False)
            if not same:
                _replace(target, lambda temporary: shutil.copyfile(source, temporary))
            with self.lock:
                self.produced.add(relative)
                self.report.files.append(relative)
                self.report.bytes += target.stat().st_size
                if same:
                    self.report.unchanged += 1
                else:
                    self.report.written.append(relative)

    def write_sitemap_if_missing(self) -> None:
        if self.sitemap is not None:
            self.write("sitemap.xml", self.sitemap)
            return
        base = self.base_url or "/"
        urls = "".join(
            f"<url><loc>{base}{path.lstrip('/')}</loc></url>"
            for path in sorted(self.report.pages)
            if path not in self.report.redirects
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
        )
        self.write("sitemap.xml", body.encode())


def _replace(target: Path, fill) -> None:
    """Make ``target`` by filling a temporary file next to it and renaming it (a visitor of the
    folder never sees half a file)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{threading.get_ident()}.tmp")
    fill(temporary)
    os.replace(temporary, target)


def _drop(element) -> None:
    """Remove an element but keep the text that follows it; drop a list item it leaves empty."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()
    if parent.tag == "li" and not len(parent) and not (parent.text or "").strip():
        _drop(parent)


def _compress(out: Path, produced: set[str], written: set[str]) -> set[str]:
    """Write ``.gz`` next to every text file, for hosts that serve pre-compressed files (again
    only where the file was written or its copy is missing); returns their names."""
    names = set()
    for relative in produced:
        path = out / relative
        if path.suffix not in COMPRESSIBLE or path.stat().st_size < 512:
            continue
        compressed = path.with_name(path.name + ".gz")
        names.add(relative + ".gz")
        if relative in written or not compressed.exists():
            data = gzip.compress(path.read_bytes(), 9, mtime=0)
            _replace(compressed, lambda temporary, data=data: temporary.write_bytes(data))
    return names


def _remove_stale(out: Path, keep: set[str]) -> list[str]:
    """Remove the files of ``out`` that this build did not make (and folders left empty)."""
    removed = []
    for folder, _folders, names in os.walk(out, topdown=False):
        base = Path(folder).relative_to(out).as_posix()
        for name in names:
            relative = name if base == "." else f"{base}/{name}"
            if relative.startswith(REUSE_FOLDER + "/"):
                continue  # (the store prunes itself)
            if relative not in keep and relative not in (MARKER, MANIFEST):
                os.unlink(os.path.join(folder, name))
                removed.append(relative)
        if folder not in (str(out), str(out / REUSE_FOLDER)) and not os.listdir(folder):
            os.rmdir(folder)
    return sorted(removed)


def _build_key(conference: Conference, **options) -> str:
    """What must be the same for the last build's pages to be kept: the conference (not one
    deleted and made anew), the options, the settings that shape URLs and the code."""
    parts = {
        "conference": [conference.pk, conference.created_at.isoformat()],
        "options": options,
        "settings": [settings.STATIC_URL, settings.MEDIA_URL, settings.LANGUAGE_CODE],
        "code": code_fingerprint(),
    }
    return hashlib.blake2b(json.dumps(parts, sort_keys=True).encode(), digest_size=16).hexdigest()


def _is_photo(path: str) -> bool:
    """Whether ``path`` is a person's photo, whose answer depends on its thumbnail's file."""
    from hallway.people.views import organizer_photo, presenter_photo

    if not path.endswith(".webp"):
        return False
    try:
        return resolve(path).func in (presenter_photo, organizer_photo)
    except Resolver404:
        return False


def _photos(conference: Conference) -> list[tuple[str, str]]:
    """(photo name, thumbnail folder) of every presenter and organizer photo."""
    return [
        (name, folder)
        for folder, people in (
            ("presenters", conference.presenters.all()),
            ("organizers", conference.organizers.all()),
        )
        for name in people.exclude(photo="").values_list("photo", flat=True)
    ]


def _make_thumbnails(photos: list[tuple[str, str]], conference_slug: str) -> None:
    """Make every photo thumbnail now (fresh ones are kept): on a live site the worker makes
    them and pages fall back to the photo meanwhile, but a static copy must hold the real ones.
    (Files only, no query: it runs beside the crawl.)"""
    from hallway.people.photos import make_thumbnails

    for name, folder in photos:
        try:
            make_thumbnails(name, conference_slug, folder)
        except OSError:
            # The page links it anyway; the crawl reports it as broken, as before.
            continue


def build_site(
    conference: Conference,
    out: Path,
    *,
    base_url: str = "",
    live_url: str = "",
    compress: bool = False,
    workers: int = 1,
    exclude: tuple[str, ...] = (),
    full: bool = False,
) -> BuildReport:
    """Write the public site of ``conference`` to ``out`` and return what was written.

    When ``out`` holds an earlier build made with the same options and code, only the pages
    whose queries answer differently are rendered again (all of them with ``full``); in any
    case only files whose bytes changed are written, and the files of pages that are gone are
    removed, so the folder ends equal to a build into an empty one. A folder that is not empty
    and was not made by an earlier build is refused rather than overwritten.
    """
    started = time.perf_counter()
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise BuildError(f"{out} is not empty and was not made by build_site; not overwriting it.")
    out.mkdir(parents=True, exist_ok=True)
    options = {
        "base_url": base_url,
        "live_url": live_url,
        "compress": compress,
        "exclude": list(exclude),
    }
    key = _build_key(conference, **options)
    previous = None if full else Manifest.load(out, key)
    # A build that stops half-way leaves no manifest: the next one renders every page.
    (out / MANIFEST).unlink(missing_ok=True)
    (out / MARKER).write_text(json.dumps({"conference": conference.slug, "complete": False}))
    conference.refresh_from_db(fields=["version"])
    version = conference.version
    # The build host is not a real host: it only has to pass the host check. No worker
    # may be running: social cards are drawn here, not queued.
    store = ReuseStore(out, installed_fingerprint())
    with (
        override_settings(ALLOWED_HOSTS=[BUILD_HOST]),
        build_caches(),
        drawing_in_process(),
        reusing(store),
    ):
        builder = SiteBuilder(
            conference,
            out,
            base_url=base_url,
            live_url=live_url,
            workers=workers,
            exclude=exclude,
            previous=previous,
            key=key,
            photos=_photos(conference),
            store=store,
        )
        report = builder.run()
    if not report.pages:
        raise BuildError(f"No page of {conference.slug} could be rendered: {report.broken[:3]}")
    keep = set(builder.produced)
    if compress:
        keep |= _compress(out, builder.produced, set(report.written))
    report.removed = _remove_stale(out, keep)
    store.prune()
    report.outputs_made, report.outputs_taken = store.made, store.taken
    builder.manifest.fill_missing_answers()
    conference.refresh_from_db(fields=["version"])
    if conference.version == version:
        # (Changed while rendering: some pages may show either state; the next build renders all.)
        builder.manifest.save(out)
    (out / MARKER).write_text(
        json.dumps(
            {
                "conference": conference.slug,
                "version": version,
                "pages": len(report.pages),
                "files": len(report.files),
                "base_url": base_url,
                "complete": True,
            },
            indent=2,
        )
    )
    report.seconds = time.perf_counter() - started
    return report
