"""Export a conference's public site as static files that work on any static host.

The pages are rendered by the real views through Django's test ``Client`` (the full middleware
stack, so what is exported is exactly what visitors get), under the conference's ``/<slug>/``
prefix. The builder then crawls: it starts from every parameterless URL of the conference site
plus the sitemap and the renamed-path redirects, and follows every link it finds.

Each page is written at its permalink from the root of the output (``/<slug>/talks/x/`` →
``talks/x/index.html``), with every internal link made relative, so the output works under any
path prefix. Static assets and the public uploads the pages use are copied next to them.

Why not django-distill: it needs a ``distill_path`` with a list of parameters for every URL of
every app, maintained apart from the URLconfs; crawling needs nothing from the other apps and
cannot miss a page that is linked. What is not linked from anywhere is not public.

What needs a server is left out: attendee pages, accounts, htmx requests, forms that POST and
the star buttons that submit them. With ``live_url`` those forms, buttons and the sign-in links
point at the live site.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import tempfile
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
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from lxml import etree

from hallway.conferences.models import Conference, Redirect
from hallway.conferences.social_cards import drawing_in_process

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
    ):
        self.workers = workers
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
        """Seed from the install's sitemap and keep this conference's part of it as the site's."""
        response = self.client.get("/sitemap.xml", secure=True)
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
        if any(pattern.search(path) for pattern in self.exclude):
            return
        with self.lock:
            if path not in self.seen:
                self.seen.add(path)
                self.queue.append((path, referrer))

    def process(self, path: str, referrer: str) -> None:
        if path.startswith(settings.STATIC_URL):
            self.copy_static(path)
        else:
            self.fetch(path, referrer)

    def run(self) -> BuildReport:
        started = time.perf_counter()
        self.seed()
        self.load_sitemap()
        if self.workers <= 1:
            while self.queue:
                self.process(*self.queue.popleft())
        else:
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
        self.write_sitemap_if_missing()
        self.report.seconds = time.perf_counter() - started
        return self.report

    def fetch(self, path: str, referrer: str) -> None:
        response = self.client.get(path, secure=True)
        site_path = self.site_path(path)
        if response.status_code in (301, 302, 307, 308):
            target = urlsplit(response["Location"]).path
            if site_path is not None and self.site_path(target) is not None:
                self.write_redirect(site_path, target)
                self.enqueue(target, referrer=path)
            else:
                with self.lock:
                    self.report.broken.append((path, response.status_code, referrer))
            return
        if response.status_code != 200:
            with self.lock:
                self.report.broken.append((path, response.status_code, referrer))
            return
        if site_path is None:  # a public upload under /media/
            site_path = path
        content_type = response.get("Content-Type", "")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if content_type.startswith("text/html"):
            body = self.rewrite_html(body.decode(response.charset or "utf-8"), path).encode()
            with self.lock:
                self.report.pages.append(site_path)
        elif content_type.startswith("text/css"):
            body = self.rewrite_css(body.decode(), path).encode()
        elif content_type.startswith(TEXT_TYPES):
            body = self.absolutize(body.decode(response.charset or "utf-8")).encode()
        self.write(_output_path(site_path), body)

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
        target = self.out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        with self.lock:
            self.report.files.append(relative)
            self.report.bytes += len(body)

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
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            with self.lock:
                self.report.files.append(relative)
                self.report.bytes += target.stat().st_size

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


def _drop(element) -> None:
    """Remove an element but keep the text that follows it; drop a list item it leaves empty."""
    parent = element.getparent()
    if parent is None:
        return
    element.drop_tree()
    if parent.tag == "li" and not len(parent) and not (parent.text or "").strip():
        _drop(parent)


def _compress(out: Path) -> None:
    """Write ``.gz`` next to every text file, for hosts that serve pre-compressed files."""
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in COMPRESSIBLE and path.stat().st_size >= 512:
            data = path.read_bytes()
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))


def _make_thumbnails(conference: Conference) -> None:
    """Make every photo thumbnail now (fresh ones are kept): on a live site the worker makes
    them and pages fall back to the photo meanwhile, but a static copy must hold the real ones."""
    from hallway.people.photos import make_thumbnails

    for folder, people in (
        ("presenters", conference.presenters.all()),
        ("organizers", conference.organizers.all()),
    ):
        for name in people.exclude(photo="").values_list("photo", flat=True):
            try:
                make_thumbnails(name, conference.slug, folder)
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
) -> BuildReport:
    """Write the public site of ``conference`` to ``out`` and return what was written.

    ``out`` is replaced as a whole (the new site is built next to it first); a folder that is
    not empty and was not made by an earlier build is refused rather than overwritten.
    """
    out = Path(out).resolve()
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise BuildError(f"{out} is not empty and was not made by build_site; not overwriting it.")
    out.parent.mkdir(parents=True, exist_ok=True)
    _make_thumbnails(conference)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        # The build host is not a real host: it only has to pass the host check. No worker
        # may be running: social cards are drawn here, not queued.
        with override_settings(ALLOWED_HOSTS=[BUILD_HOST]), drawing_in_process():
            builder = SiteBuilder(
                conference,
                staging,
                base_url=base_url,
                live_url=live_url,
                workers=workers,
                exclude=exclude,
            )
            report = builder.run()
        if not report.pages:
            raise BuildError(f"No page of {conference.slug} could be rendered: {report.broken[:3]}")
        if compress:
            _compress(staging)
        (staging / MARKER).write_text(
            json.dumps(
                {
                    "conference": conference.slug,
                    "version": conference.version,
                    "pages": len(report.pages),
                    "files": len(report.files),
                    "base_url": base_url,
                },
                indent=2,
            )
        )
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return report
