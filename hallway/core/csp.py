"""Content-Security-Policy on every HTML page, with hashes of the page's own inline code.

Pages inline their stylesheet (core/hallway.css, the conference's theme, a page's own rules) and
core/loader.js, so that the first paint needs no other request. A nonce would be the usual way
to allow them, but public pages are stored whole in the page cache
(:mod:`hallway.conferences.page_cache`) and answered to everyone: a nonce would be shared, so
worth nothing. Instead the policy carries the SHA-256 of each inline ``<script>`` and
``<style>`` of the page it comes with. The middleware sits inside the page cache, so a page is
hashed once when it is rendered and its stored headers keep the policy; a hit costs nothing
more.

Scripts other than the inlined loader come from our own origin (``'self'``): no
``'unsafe-inline'``, no ``'unsafe-eval'``. Pages carry no ``style=`` attributes (the house
style: "No inline JS/CSS") and htmx is told not to add its indicator styles (core/base.html).
Images may come from any HTTPS origin: news posts and pages embed pictures from elsewhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

_SRC = re.compile(rb"(?:^|\s)src\s*=", re.IGNORECASE)
_TYPE = re.compile(rb"""(?:^|\s)type\s*=\s*["']?([^"'\s>]*)""", re.IGNORECASE)
# Types a browser runs; other <script> elements are data blocks (type="hallway/after-load").
_SCRIPT_TYPES = frozenset(
    {b"", b"module", b"text/javascript", b"application/javascript", b"text/ecmascript"}
)


def _hash(text: bytes) -> str:
    # Browsers hash the element's text after the parser turned CR LF and lone CR into LF.
    text = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text).digest()).decode() + "'"


def _inline_elements(html: bytes):
    """(position, tag, attributes, text) of each <script> and <style> of ``html``.

    Found with ``bytes.find`` rather than a regular expression: a schedule page is half a
    megabyte, and a pattern tried at every "<" costs several times more. Tags are matched in
    lower case, as every template writes them: an upper-case one (which only sanitised user
    content could hold, and nh3 removes) would get no hash, so the browser would refuse it:
    the safe side. A raw text element's text runs to the first "</script" or "</style".
    """
    for tag in (b"script", b"style"):
        opening, closing = b"<" + tag, b"</" + tag
        position = html.find(opening)
        while position != -1:
            after = position + len(opening)
            # "<scripts>" or "<style-guide>" is another element.
            if html[after : after + 1] in (b">", b" ", b"\t", b"\n", b"\r", b"\f", b"/"):
                end_of_tag = html.find(b">", after)
                end = html.find(closing, end_of_tag + 1) if end_of_tag != -1 else -1
                if end == -1:
                    break
                yield position, tag, html[after:end_of_tag], html[end_of_tag + 1 : end]
                position = html.find(opening, end)
            else:
                position = html.find(opening, after)


def inline_hashes(html: bytes) -> tuple[list[str], list[str]]:
    """The hash sources of the inline scripts and styles of ``html``, in page order."""
    scripts: list[str] = []
    styles: list[str] = []
    for _, tag, attributes, text in sorted(_inline_elements(html)):
        if tag == b"style":
            found = styles
        else:
            kind = _TYPE.search(attributes)
            if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _SCRIPT_TYPES):
                continue
            found = scripts
        source = _hash(text)
        if source not in found:
            found.append(source)
    return scripts, styles


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def policy(html: bytes = b"") -> str:
    """The policy for a page whose body is ``html`` (empty: no inline code allowed)."""
    scripts, styles = inline_hashes(html) if html else ([], [])
    own = ["'self'"]
    # Static files or uploads served from another origin (a CDN, an object storage host).
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        origin = _origin(url or "")
        if origin and origin not in own:
            own.append(origin)
    images = [*own, "data:", "https:", *settings.HALLWAY_CSP_IMG_SRC]
    directives = [
        "default-src 'self'",
        "script-src " + " ".join([*own, *scripts]),
        "style-src " + " ".join([*own, *styles]),
        "img-src " + " ".join(dict.fromkeys(images)),
        "font-src " + " ".join(own),
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
    if settings.HALLWAY_CSP_REPORT_URI:
        directives.append("report-uri " + settings.HALLWAY_CSP_REPORT_URI)
    return "; ".join(directives)


def is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() == "text/html"


def add_policy(response: HttpResponse) -> HttpResponse:
    """Give an HTML response its policy (unless a view set its own); returns the response."""
    if HEADER in response or not is_html(response):
        return response
    compressed = response.has_header("Content-Encoding")
    body = b"" if response.streaming or compressed else response.content
    response[HEADER] = policy(body)
    return response


class ContentSecurityPolicyMiddleware:
    """Adds :func:`policy` to every HTML response; see the module docs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return add_policy(self.get_response(request))
