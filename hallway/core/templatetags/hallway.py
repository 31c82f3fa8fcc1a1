import functools
import html
import re
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

from hallway.core.formats import format_as
from hallway.core.markdown import render_markdown
from hallway.core.slotcache import slotcache, visitorhole

register = template.Library()


@functools.cache
def _static_text(path: str) -> str:
    found = finders.find(path)
    if not found:
        raise template.TemplateSyntaxError(f"inline_static: no static file {path!r}")
    return Path(found).read_text(encoding="utf-8")


@register.simple_tag
def inline_static(path: str):
    """The text of a static file, for a ``<style>`` in the page itself.

    Pages inline their stylesheet so the first paint waits for no other request (one round trip
    on a phone's network is worth more than the few kilobytes a cached file would save). The
    file is read once per process, or on every use with DEBUG on, so edits show at once.
    """
    if settings.DEBUG:
        _static_text.cache_clear()
    return mark_safe(_static_text(path))  # noqa: S308 - our own static file, not user input


# Schemes a link stored on a model may use. Anything else (javascript:, data:, vbscript:...) is
# not rendered as a link, however it reached the database (a form validates its URL fields,
# but a shell, an import or a future API may not).
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def is_safe_url(url) -> bool:
    """True for an http(s) or mailto URL, or a relative one (no scheme)."""
    if not url:
        return False
    compact = _IGNORED_IN_SCHEME.sub("", str(url))
    scheme = _SCHEME.match(compact)
    if scheme is None:
        return ":" not in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return scheme.group(1).lower() in SAFE_URL_SCHEMES


@register.filter
def safe_url(url) -> str:
    """``{% with link=sponsor.url|safe_url %}{% if link %}<a href="{{ link }}">…``: the URL
    when it is safe to put in an ``href`` (:func:`is_safe_url`), else an empty string."""
    return str(url).strip() if is_safe_url(url) else ""


@register.filter
def markdown(text: str | None):
    """Render Markdown safely (markdown-it-py + nh3)."""
    return render_markdown(text)


@register.filter
def in_zone(value, tz):
    """A datetime on a conference's clock: ``{{ session.start|in_zone:conference.tzinfo }}``."""
    if value is None:
        return None
    return timezone.localtime(value, tz)


@register.simple_tag(takes_context=True)
def conference_url(context, name: str, **kwargs) -> str:
    """``{% conference_url "program:schedule" %}`` for the current conference, whether it is
    served under /<slug>/ or on its own host name."""
    return context["conference"].reverse(name, **kwargs)


@register.filter(expects_localtime=True)
def datestyle(value, style: str = "day") -> str:
    """A date (or a datetime already on the right clock) in a named style of the active
    language: ``{{ day|datestyle:"day" }}`` is "Thursday 26 September" or "jueves 26 de
    septiembre" (hallway/core/formats.py)."""
    return format_as(value, style)


@register.simple_tag
def event_time(value, conference, style: str = "time", local: bool = True):
    """``<time>`` for an event moment, shown on the conference's clock.

    ``datetime`` carries the instant on the conference's clock with its UTC offset and
    ``data-zone`` the conference's zone; hallway.js adds the visitor's local time where their
    offset differs. ``local=False`` leaves that out (an end time beside its start).
    """
    if value is None:
        return ""
    there = timezone.localtime(value, conference.tzinfo)
    shown = format_as(there, style)
    # The conference's clock with its UTC offset: hallway.js compares the offset with the
    # visitor's without loading the browser's time zone data.
    instant = there.replace(microsecond=0).isoformat()
    if local:
        return format_html(
            '<time datetime="{}" data-zone="{}">{}</time>', instant, conference.time_zone, shown
        )
    return format_html('<time datetime="{}">{}</time>', instant, shown)


@register.filter
def summary(text: str | None, length: int = 160) -> str:
    """Markdown as one line of plain text, cut at a word near ``length`` characters (for meta
    descriptions and cards)."""
    return _cut_plain(render_markdown(text), length)


def _cut_plain(rendered: str, length: int | str) -> str:
    """Rendered HTML as one line of plain text, cut at a word near ``length`` characters."""
    plain = html.unescape(" ".join(strip_tags(rendered).split()))
    length = int(length)
    if len(plain) <= length:
        return plain
    return plain[: length - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


# Blocks of a Markdown body that do not belong in a teaser: their text would read as run-on
# words (a heading glued to the first sentence, a table's cells, a code listing).
_TEASER_SKIPPED_BLOCKS = re.compile(
    r"<(h[1-6]|pre|table|figure|figcaption)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE
)


@register.filter
def teaser(text: str | None, length: int = 280) -> str:
    """Markdown as a plain-text teaser for lists (news): no headings, nested lists, tables or
    code, only the prose, on one line, cut at a word near ``length`` characters."""
    rendered = _TEASER_SKIPPED_BLOCKS.sub(" ", render_markdown(text))
    # List items become sentences of their own rather than words run together.
    rendered = re.sub(r"</li>", "; ", rendered, flags=re.IGNORECASE)
    return _cut_plain(rendered, length).replace(" ;", ";").replace(";;", ";")


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """``path`` as an absolute URL on the host of the current request (for Open Graph)."""
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag
def icon(name: str, label: str = ""):
    """An inline SVG icon; decorative unless ``label`` is given (then it is the icon's name)."""
    path = ICONS.get(name, ICONS["link"])
    if label:
        return format_html(
            '<svg class="icon" viewBox="0 0 24 24" role="img" aria-label="{}" focusable="false">'
            "{}</svg>",
            label,
            mark_safe(path),  # noqa: S308 (our own constant markup)
        )
    return format_html(
        '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">{}</svg>',
        mark_safe(path),  # noqa: S308 (our own constant markup)
    )


# Simple line icons drawn for Hallway (stroke: currentColor, set in hallway.css).
ICONS = {
    "link": (
        '<path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1"/><path d="M14 10a4 '
        '4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"/>'
    ),
    "website": (
        '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18"/>'
    ),
    "github": (
        '<path d="M9 19c-4 1.5-4-2-6-2.5m12 5v-3.5c0-1 .1-1.4-.5-2 2.8-.3 5.5-1.4 '
        "5.5-6a4.6 4.6 0 0 0-1.3-3.2 4.2 4.2 0 0 0-.1-3.2s-1.1-.3-3.5 1.3a12 12 0 0 "
        "0-6.2 0C6.5 2.8 5.4 3.1 5.4 3.1a4.2 4.2 0 0 0-.1 3.2A4.6 4.6 0 0 0 4 9.5c0 4.6 "
        '2.7 5.7 5.5 6-.6.6-.6 1.2-.5 2V21"/>'
    ),
    "mastodon": (
        '<path d="M20 8c0-4-3-5-8-5S4 4 4 8v5c0 5 3 7 8 7 1.5 0 3-.3 '
        '4-.8v-2c-1.2.5-2.6.8-4 .8-2 0-3.5-.7-3.8-2.5 5.8 1 11.8.5 11.8-4.5z"/><path d="'
        'M8 13V9a2 2 0 0 1 4 0v3m0 0V9a2 2 0 0 1 4 0v4"/>'
    ),
    "bluesky": (
        '<path d="M12 11C10.5 8 6.5 3.5 3.5 3.5c-1.5 0-1 4 0 6 1 1.8 3.5 2.3 5.5 2-4 '
        ".8-5 3-2.5 5.5 3.5 3.5 5-1 5.5-3 .5 2 2 6.5 5.5 3 2.5-2.5 1.5-4.7-2.5-5.5 2 .3 "
        '4.5-.2 5.5-2 1-2 1.5-6 0-6-3 0-7 4.5-8.5 7.5z"/>'
    ),
    "twitter": '<path d="M4 4l16 16M20 4L4 20"/>',
    "instagram": (
        '<rect x="3" y="3" width="18" height="18" rx="5"/><circle cx="12" cy="12" r="4"/>'
        '<circle cx="17.5" cy="6.5" r=".5"/>'
    ),
    "linkedin": (
        '<rect x="3" y="3" width="18" height="18" rx="2"/><path d="M8 10v7M8 7v.01M12 '
        '17v-7m0 3a3 3 0 0 1 6 0v4"/>'
    ),
    "video": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M10 9l5 3-5 3z"/>',
    "slides": '<rect x="3" y="4" width="18" height="12" rx="1"/><path d="M12 16v4M8 20h8"/>',
    "calendar": (
        '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>'
    ),
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>',
    "pin": (
        '<path d="M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12z"/><circle cx="12" '
        'cy="9" r="2.5"/>'
    ),
}


@register.simple_tag(takes_context=True)
def site_link(context, target: str) -> str:
    """A link target written relative to the conference's site (``/catering-menus/#lunch``),
    made to work under ``/<slug>/`` and on the conference's own host; full URLs pass through
    when they are safe (:func:`safe_url`), anything else gives an empty string."""
    if not target.startswith("/") or target.startswith("//"):
        return safe_url(target)
    return context["conference"].get_absolute_url() + target.removeprefix("/")


@register.simple_tag(takes_context=True)
def person_photo(context, person, size: int = 180, css_class: str = "avatar", eager: bool = False):
    """A presenter's or organizer's photo as a square WebP thumbnail at 1x and 2x.

    Lazy unless ``eager`` (the first row of a grid: lazy images there would hold back the
    largest paint). The alt text is empty: the person's name is always printed beside the
    photo. People without a photo get their initials instead.
    """
    if not person.photo:
        initials = "".join(word[0] for word in person.name.split()[:2]).upper()
        return format_html(
            '<span class="{} avatar--initials" aria-hidden="true">{}</span>', css_class, initials
        )
    conference = context["conference"]
    name = f"people:{person._meta.model_name}-photo"
    version = conference.version

    def url(pixels: int) -> str:
        return f"{conference.reverse(name, slug=person.slug, size=pixels)}?v={version}"

    double = {96: 180, 180: 360, 360: 540}.get(size, size)
    return format_html(
        '<img class="{}" src="{}" srcset="{} 1x, {} 2x" width="{}" height="{}" alt="" '
        'loading="{}" decoding="async">',
        css_class,
        url(size),
        url(size),
        url(double),
        size,
        size,
        "eager" if eager else "lazy",
    )


class CaptureNode(template.Node):
    # Declared so that {% block %} tags inside a capture are still found and overridden
    # by child templates.
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        # The content was escaped as it rendered; whitespace is collapsed for meta tags.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render once, use as ``{{ name }}`` many
    times (the page description goes in three meta tags)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def get_item(mapping, key):
    """``{{ tokens|get_item:"color-brand" }}``: a dict value whose key is not an identifier."""
    return mapping.get(key, "") if mapping else ""


@register.simple_tag(takes_context=True)
def slot(context, name: str):
    """``{% slot "session-actions" %}``: whatever higher apps registered for this place of the
    page (hallway.core.seams), rendered with the current context; nothing when none did."""
    from hallway.core.seams import slots

    engine = context.template.engine
    return mark_safe(  # noqa: S308 - templates render with autoescaping
        "".join(engine.get_template(name).render(context) for name in slots.templates(name))
    )


@register.simple_tag(takes_context=True)
def menu(context, name: str) -> list[dict]:
    """``{% menu "main" as items %}``: the links apps registered for that menu of the current
    conference (hallway.core.seams), each with ``url``, ``label`` and ``current``."""
    from hallway.core.seams import links

    request = context.get("request")
    conference = context["conference"]
    match = getattr(request, "resolver_match", None)
    section = match.url_name if match else None
    items = [
        (
            link.order,
            {
                "url": conference.reverse(link.url_name),
                "label": link.label(request, conference) if callable(link.label) else link.label,
                "current": section in link.sections,
            },
        )
        for link in links.menu(name)
        if link.when is None or link.when(request, conference)
    ]
    # Per-conference items (organizers' pages) take their place by order among the others.
    items += [
        (item.order, {"url": item.url, "label": item.label, "current": item.current})
        for item in links.items_from_sources(request, conference, name)
    ]
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]


register.tag("slotcache", slotcache)
register.tag("visitorhole", visitorhole)
