"""A fragment cache shared by every visitor, with per-visitor switches laid over it.

``{% slotcache conference "name" part... %}…{% endslotcache %}`` (``hallway`` template library)
caches what it encloses once per conference version and ``part`` values, for everyone, signed
in or not. Inside, a higher app's slot content may render itself **both ways** (off and on) and
mark the two with :func:`toggle` under a numeric key; the cache keeps each such toggle between
the shared pieces of HTML, and each answer picks one state per toggle: "on" when the key is in
the context's ``slot_state`` (a container of keys that the higher app provides, e.g. the
companion's visitor stars). While such a fragment renders, ``toggle_slots`` is true in the
context, so slot templates know to emit both states.

A signed-in attendee's 1,000-session schedule then costs a join of the stored pieces instead of
laying out and rendering the whole grid. Keys and lifetimes: docs/developer/architecture.md.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from hallway.core import cache_keys
from hallway.core.caching import LocalCache

FRAGMENT_KEY = cache_keys.SLOT_FRAGMENT
FRAGMENT_SECONDS = 86400
# Toggle delimiters. PostgreSQL refuses NUL in text; SQLite stores it, so the split checks every
# toggle: a stray NUL only makes that fragment uncached, never a wrong page.
SLOT, PART = "\x00", "\x01"
# A hole: what a page shared by signed-in attendees leaves out for each one to fill in
# (hallway/conferences/member_pages.py), e.g. their account menu.
HOLE = "\x02"


def _weigh(pieces: list) -> int:
    return sum(len(piece) if isinstance(piece, str) else len(piece[1]) * 2 for piece in pieces)


local_fragments = LocalCache(16 * 1024 * 1024, weigh=_weigh)


def toggle(key: int, off: str, on: str) -> str:
    """Both states of a piece of a slot, marked for :class:`SlotCacheNode` to choose from."""
    return mark_safe(f"{SLOT}{key}{PART}{off}{PART}{on}{SLOT}")  # noqa: S308 - rendered HTML


def split_slots(html: str) -> list | None:
    """``html`` as [shared piece, (key, off, on), shared piece, ...], or None when it holds a
    NUL that is not a toggle's."""
    pieces: list = []
    for n, piece in enumerate(html.split(SLOT)):
        if n % 2 == 0:
            pieces.append(piece)
            continue
        key, _, rest = piece.partition(PART)
        off, separator, on = rest.partition(PART)
        if not key.isdigit() or not separator or PART in on:
            return None
        pieces.append((int(key), off, on))
    return pieces


def join_slots(pieces: list, state) -> str:
    """The fragment for a visitor whose switched-on keys are ``state`` (or None)."""
    state = state or {}
    return "".join(
        piece if isinstance(piece, str) else piece[2] if piece[0] in state else piece[1]
        for piece in pieces
    )


class SlotCacheNode(template.Node):
    def __init__(self, nodelist, conference, parts):
        self.nodelist = nodelist
        self.conference = conference
        self.parts = parts

    def key(self, context) -> str:
        conference = self.conference.resolve(context)
        # The creation time too: ids come back after a delete (SQLite, tests), versions restart.
        parts = [str(conference.created_at.timestamp())]
        parts += [str(part.resolve(context)) for part in self.parts]
        digest = hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()
        return FRAGMENT_KEY.format(id=conference.pk, version=conference.version, digest=digest)

    def render(self, context) -> str:
        if context.get("toggle_slots"):
            # Inside another {% slotcache %} or a page shared by attendees: leave the toggles
            # to it, from the stored pieces when there are some.
            pieces = local_fragments.get(self.key(context))
            if pieces is None:
                return self.nodelist.render(context)
            return mark_safe(  # noqa: S308 - rendered HTML
                "".join(piece if isinstance(piece, str) else toggle(*piece) for piece in pieces)
            )
        key = self.key(context)
        pieces = local_fragments.get(key)
        if pieces is None:
            pieces = cache.get(key)
        if pieces is None:
            with context.push(toggle_slots=True):
                html = self.nodelist.render(context)
            pieces = split_slots(html)
            if pieces is None:
                with context.push(toggle_slots=False):
                    return self.nodelist.render(context)
            cache.set(key, pieces, FRAGMENT_SECONDS)
        local_fragments.set(key, pieces)
        return mark_safe(join_slots(pieces, context.get("slot_state")))  # noqa: S308


def slotcache(parser, token):
    """``{% slotcache conference name part... %}…{% endslotcache %}``; see the module docs.

    What is enclosed must depend on nothing but the conference (and its version), the ``part``
    values and the toggles' state.
    """
    bits = token.split_contents()[1:]
    if len(bits) < 2:
        raise template.TemplateSyntaxError("slotcache takes a conference and a fragment name.")
    nodelist = parser.parse(("endslotcache",))
    parser.delete_first_token()
    return SlotCacheNode(
        nodelist, parser.compile_filter(bits[0]), [parser.compile_filter(bit) for bit in bits[1:]]
    )


class VisitorHoleNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        if context.get("member_page"):
            return mark_safe(f"{HOLE}{self.name}{HOLE}")  # noqa: S308 - a marker, no input
        return self.nodelist.render(context)


def visitorhole(parser, token):
    """``{% visitorhole "account" %}…{% endvisitorhole %}``: rendered as usual, except in a page
    rendered to be shared by signed-in attendees, where it leaves a hole named ``account`` that
    each answer fills with the visitor's own rendering of the same part
    (hallway/conferences/member_pages.py)."""
    bits = token.split_contents()[1:]
    if len(bits) != 1 or bits[0][0] not in "\"'" or bits[0][0] != bits[0][-1]:
        raise template.TemplateSyntaxError("visitorhole takes one quoted name.")
    nodelist = parser.parse(("endvisitorhole",))
    parser.delete_first_token()
    return VisitorHoleNode(nodelist, bits[0][1:-1])
