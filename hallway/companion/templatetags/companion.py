"""Star buttons on public pages, and the fragment cache that lets signed-in pages share them.

``{% starcache conference "name" part... %}…{% endstarcache %}`` caches what it encloses once per
conference version and ``part`` values, for every visitor, and then lays each visitor's stars
over it. Inside, each star button (``companion/_star_button.html``) is rendered both ways, starred
and not, and kept as a slot between the shared pieces of HTML; an answer picks one of the two
per slot from the visitor's stars. A signed-in attendee's 1,000-session schedule then costs a
join of the stored pieces instead of laying out and rendering the whole grid.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from hallway.core.caching import LocalCache

register = template.Library()

STAR_BUTTON = "companion/_star_button.html"
FRAGMENT_KEY = "hallway:star-fragment:{id}:{version}:{digest}"
FRAGMENT_SECONDS = 86400
# Slot delimiters. PostgreSQL refuses NUL in text; SQLite stores it, so the split checks every
# slot: a stray NUL only makes that fragment uncached, never a wrong page.
SLOT, PART = "\x00", "\x01"


def _weigh(pieces: list) -> int:
    return sum(len(piece) if isinstance(piece, str) else len(piece[1]) * 2 for piece in pieces)


local_fragments = LocalCache(16 * 1024 * 1024, weigh=_weigh)


@register.filter
def starred_labels(stars, session_id):
    """The labels a visitor starred a session under: ``{{ stars|starred_labels:session.pk }}``."""
    if not stars:
        return []
    return stars.get(session_id, [])


@register.simple_tag(takes_context=True)
def star_slot(context, session) -> str:
    """Both states of a session's star button, as a slot for :class:`StarCacheNode`."""
    button = context.template.engine.get_template(STAR_BUTTON)
    # (Without the file's last newline, which the button's own include still adds.)
    with context.push(star_slots=False, stars={}):
        plain = button.render(context).removesuffix("\n")
    with context.push(star_slots=False, stars={session.pk: [True]}):
        pressed = button.render(context).removesuffix("\n")
    return mark_safe(f"{SLOT}{session.pk}{PART}{plain}{PART}{pressed}{SLOT}")


def split_slots(html: str) -> list | None:
    """``html`` as [shared piece, (session id, plain, pressed), shared piece, ...], or None when
    it holds a NUL that is not a slot's."""
    pieces: list = []
    for n, piece in enumerate(html.split(SLOT)):
        if n % 2 == 0:
            pieces.append(piece)
            continue
        session_id, _, rest = piece.partition(PART)
        plain, separator, pressed = rest.partition(PART)
        if not session_id.isdigit() or not separator or PART in pressed:
            return None
        pieces.append((int(session_id), plain, pressed))
    return pieces


def join_slots(pieces: list, stars) -> str:
    """The page for a visitor with ``stars`` ({session id: labels}, or None)."""
    stars = stars or {}
    return "".join(
        piece if isinstance(piece, str) else piece[2] if piece[0] in stars else piece[1]
        for piece in pieces
    )


class StarCacheNode(template.Node):
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
        if context.get("star_slots"):
            # Inside another {% starcache %}: leave the slots to it.
            return self.nodelist.render(context)
        key = self.key(context)
        pieces = local_fragments.get(key)
        if pieces is None:
            pieces = cache.get(key)
        if pieces is None:
            with context.push(star_slots=True):
                html = self.nodelist.render(context)
            pieces = split_slots(html)
            if pieces is None:
                with context.push(star_slots=False):
                    return self.nodelist.render(context)
            cache.set(key, pieces, FRAGMENT_SECONDS)
        local_fragments.set(key, pieces)
        return mark_safe(join_slots(pieces, context.get("stars")))


@register.tag
def starcache(parser, token):
    """``{% starcache conference name part... %}…{% endstarcache %}``; see the module docs.

    What is enclosed must depend on nothing but the conference (and its version), the ``part``
    values and the visitor's stars.
    """
    bits = token.split_contents()[1:]
    if len(bits) < 2:
        raise template.TemplateSyntaxError("starcache takes a conference and a fragment name.")
    nodelist = parser.parse(("endstarcache",))
    parser.delete_first_token()
    return StarCacheNode(
        nodelist, parser.compile_filter(bits[0]), [parser.compile_filter(bit) for bit in bits[1:]]
    )
