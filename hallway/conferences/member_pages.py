"""Public pages for signed-in attendees: one stored copy for all, with their own parts filled in.

A signed-in attendee's schedule differs from everyone else's in three places only: the account
menu, the state of each star button, and the CSRF token. Rendering the whole page for each of
them cost 20× an anonymous answer. Instead the page cache (page_cache.py) renders a public page
once per conference version for **all attendees**:

* with every toggle of the page in both states (``toggle_slots``: each star button starred and
  not, hallway/core/slotcache.py), and a hole where the account menu goes
  (``{% visitorhole "account" %}``) and where the token goes (the CSRF placeholder);
* while ``request.user`` is a :class:`~hallway.core.members.TracedUser`: a page that reads
  anything of the visitor but whether they are signed in (an RSVP button that knows their
  answer, a presenter's edit link) is marked personal and rendered for each visitor as before.

Each answer then joins the stored pieces: per toggle the state the visitor's member entry says
(hallway/core/members.py: the sessions they starred), their own menu, their own token. The
pieces are stored gzip-compressed, so an answer compresses only the menu and the token:

* the two states of a toggle are made the same length (spaces before the first ``>`` of the
  shorter one, where HTML ignores them), so the compressed pieces after a toggle may still
  point back past it, and the toggle's bytes are NULs in the history they are compressed with
  (no match ever points into a toggle, whose bytes differ between visitors);
* after a hole of varying length (the menu) the history starts again.

The fast path (fast_path.py) answers the same stored pieces from the WSGI environ when the
visitor's session and member entry are both in the cache.
"""

from __future__ import annotations

import hashlib
import re
import struct
import time
import zlib

from django.conf import settings

from hallway.core import members
from hallway.core.slotcache import HOLE, PART, SLOT

CSRF_HOLE = "csrf"
ACCOUNT_HOLE = "account"
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
WINDOW = 32 * 1024
# The start tag a toggle state opens with, before whose ">" padding spaces may go.
_START_TAG = re.compile(rb"<[A-Za-z][^<>\"']*(?:\"[^\"]*\"[^<>\"']*|'[^']*'[^<>\"']*)*>")
PERSONAL = {"personal": True}


def split(html: str, placeholder: str) -> list | None:
    """The page as parts: ``("s", bytes)``, ``("t", key, off, on)``, ``("h", name)``; None when
    it holds a stray marker character (then it is not shared)."""
    parts: list = []
    for n, piece in enumerate(html.split(SLOT)):
        if n % 2:
            key, _, rest = piece.partition(PART)
            off, separator, on = rest.partition(PART)
            if not key.isdigit() or not separator or PART in on or HOLE in rest:
                return None
            parts.append(("t", int(key), off.encode(), on.encode()))
            continue
        if PART in piece:
            return None
        for m, bit in enumerate(piece.split(HOLE)):
            if m % 2:
                if not bit.isidentifier():
                    return None
                parts.append(("h", bit))
                continue
            for k, text in enumerate(bit.split(placeholder)):
                if k:
                    parts.append(("h", CSRF_HOLE))
                parts.append(("s", text.encode()))
    if parts and parts[-1][0] != "s":
        parts.append(("s", b""))
    return parts


def _pad(off: bytes, on: bytes) -> tuple[bytes, bytes] | None:
    """Both states of a toggle at the same length, or None when the shorter one does not open
    with a start tag to put spaces in."""
    if len(off) == len(on):
        return off, on
    short, long = (off, on) if len(off) < len(on) else (on, off)
    match = _START_TAG.match(short)
    if match is None:
        return None
    end = match.end() - 1
    padded = short[:end] + b" " * (len(long) - len(short)) + short[end:]
    return (padded, long) if short is off else (long, padded)


def _deflate(data: bytes, history: bytes, last: bool) -> bytes:
    """``data`` as raw deflate blocks that may point into ``history``, ending on a flush (or the
    end of the stream); the smaller of dynamic and fixed Huffman codes."""
    best = None
    for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FIXED):
        options = {"zdict": history} if history else {}
        compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS, 9, strategy, **options)
        out = compressor.compress(data) + compressor.flush(
            zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH
        )
        if best is None or len(out) < len(best):
            best = out
    return best


def store(parts: list, response, unstored_headers: frozenset[str]) -> dict:
    """The stored form of a page shared by attendees (see the module docs)."""
    stored_parts, compressed = [], []
    history = b""
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part[0] == "s":
            stored_parts.append(part)
            compressed.append(_deflate(part[1], history[-WINDOW:], last))
            history += part[1]
        elif part[0] == "t":
            padded = _pad(part[2], part[3])
            off, on = padded or (part[2], part[3])
            window = history[-WINDOW:]
            stored_parts.append(("t", part[1], off, on))
            compressed.append((_deflate(off, window, False), _deflate(on, window, False)))
            history = history + b"\0" * len(off) if padded else b""
        else:
            stored_parts.append(part)
            compressed.append(None)
            # The token always has the same length; the menu does not.
            history = history + b"\0" * 64 if part[1] == CSRF_HOLE else b""
    content = b"".join(p[1] if p[0] == "s" else p[2] if p[0] == "t" else b"" for p in parts)
    return {
        "member": True,
        "parts": stored_parts,
        "gzip_parts": compressed,
        "headers": {h: v for h, v in response.headers.items() if h.lower() not in unstored_headers},
        "cache_control": response.get("Cache-Control", ""),
        "vary": response.get("Vary", ""),
        "digest": hashlib.blake2b(content, digest_size=10).hexdigest(),
        "modified": int(time.time()),
    }


def weigh(stored: dict) -> int:
    if "parts" not in stored:
        return 64
    size = 0
    for part, packed in zip(stored["parts"], stored["gzip_parts"], strict=True):
        if part[0] == "s":
            size += len(part[1]) + len(packed)
        elif part[0] == "t":
            size += 2 * len(part[2]) + len(packed[0]) + len(packed[1])
    return size


def body(stored: dict, on: frozenset, holes: dict[str, bytes], *, gzip: bool) -> bytes:
    """The page for a visitor whose switched-on toggles are ``on`` and whose holes hold
    ``holes`` (bytes by name), gzip-compressed or not."""
    parts = stored["parts"]
    if not gzip:
        return b"".join(
            part[1]
            if part[0] == "s"
            else (part[3] if part[1] in on else part[2])
            if part[0] == "t"
            else holes[part[1]]
            for part in parts
        )
    pieces = [_GZIP_HEADER]
    crc = 0
    size = 0
    for part, packed in zip(parts, stored["gzip_parts"], strict=True):
        kind = part[0]
        if kind == "s":
            data = part[1]
            pieces.append(packed)
        elif kind == "t":
            if part[1] in on:
                data = part[3]
                pieces.append(packed[1])
            else:
                data = part[2]
                pieces.append(packed[0])
        else:
            data = holes[part[1]]
            # A 512-byte window and little memory: a menu or a token needs no more.
            compressor = zlib.compressobj(1, zlib.DEFLATED, -9, 1)
            pieces.append(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH))
        crc = zlib.crc32(data, crc)
        size += len(data)
    pieces.append(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
    return b"".join(pieces)


def etag(stored: dict, on: frozenset, holes: dict[str, bytes], csrf_secret: str) -> str:
    """A weak ETag: the stored page, the visitor's toggles on this page, their menu and their
    CSRF cookie (the token is masked afresh each time, like a shared page's)."""
    keys = sorted(part[1] for part in stored["parts"] if part[0] == "t" and part[1] in on)
    state = hashlib.blake2s(digest_size=6)
    state.update(",".join(map(str, keys)).encode())
    state.update(b"\0" + holes.get(ACCOUNT_HOLE, b"") + b"\0" + csrf_secret.encode())
    return f'W/"{stored["digest"]}-m{state.hexdigest()}"'


# The visitor -----------------------------------------------------------------------------------


def enabled() -> bool:
    return getattr(settings, "HALLWAY_MEMBER_PAGES", True) and not (
        settings.SESSION_SAVE_EVERY_REQUEST
    )


def member_of(request):
    """The signed-in attendee a shared page may be answered to, or None (see the module docs):
    signed in, not an organizer, a plain session, no messages waiting."""
    if not enabled() or "messages" in request.COOKIES:
        return None
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if not user.is_active or user.is_staff or user.is_superuser:
        return None
    if not members.plain_session(request.session.keys()):
        return None
    return user


def entry_fits(entry: dict | None, session: dict, conference_id: int, language: str) -> bool:
    """Whether a member entry vouches for this session and holds this page's state."""
    from django.utils.crypto import constant_time_compare

    return bool(
        entry
        and entry["active"]
        and not entry["staff"]
        and constant_time_compare(entry["hash"], session.get(members.HASH_SESSION_KEY, ""))
        and conference_id in entry["toggles"]
        and (conference_id, language) in entry["holes"]
    )
