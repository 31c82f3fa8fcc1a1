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


def _narrowed(parts: list) -> list:
    """The parts with each toggle evened out (:func:`_pad`) and cut down to the bytes that
    differ between its states: what both share joins the shared parts around it, so it is
    compressed once with the page instead of once per toggle."""
    narrowed: list = []

    def shared(data: bytes) -> None:
        if narrowed and narrowed[-1][0] == "s":
            narrowed[-1] = ("s", narrowed[-1][1] + data)
        else:
            narrowed.append(("s", data))

    for part in parts:
        if part[0] == "s":
            shared(part[1])
        elif part[0] != "t" or (padded := _pad(part[2], part[3])) is None:
            narrowed.append(part)
        else:
            off, on = padded
            position = 0
            for start, end in _differences(off, on):
                shared(off[position:start])
                narrowed.append(("t", part[1], off[start:end], on[start:end]))
                position = end
            shared(off[position:])
    return narrowed


def _differences(off: bytes, on: bytes, gap: int = 16) -> list[tuple[int, int]]:
    """The (start, end) runs where two strings of one length differ; runs closer than ``gap``
    bytes are one (each run costs a few bytes of flushing in the compressed page)."""
    runs: list[list[int]] = []
    for index, (a, b) in enumerate(zip(off, on, strict=True)):
        if a != b:
            if runs and index - runs[-1][1] < gap:
                runs[-1][1] = index + 1
            else:
                runs.append([index, index + 1])
    return [(start, end) for start, end in runs]


def store(parts: list, response, unstored_headers: frozenset[str]) -> dict:
    """The stored form of a page shared by attendees (see the module docs)."""
    parts = _narrowed(parts)
    if parts[-1][0] != "s":
        parts.append(("s", b""))
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
            history = history + b"\0" * TOKEN_LENGTH if part[1] == CSRF_HOLE else b""
    content = b"".join(p[1] if p[0] == "s" else p[2] if p[0] == "t" else b"" for p in parts)
    stored = {
        "member": True,
        "parts": stored_parts,
        "gzip_parts": compressed,
        "headers": {h: v for h, v in response.headers.items() if h.lower() not in unstored_headers},
        "cache_control": response.get("Cache-Control", ""),
        "vary": response.get("Vary", ""),
        "digest": hashlib.blake2b(content, digest_size=10).hexdigest(),
        "modified": int(time.time()),
    }
    spliced = _splice_plan(stored_parts, compressed)
    if spliced is not None:
        # Answers splice; the parts are no longer needed.
        del stored["parts"], stored["gzip_parts"]
        stored["splice"] = spliced
    return stored


TOKEN_LENGTH = 64


# Splicing: an answer in as many steps as the visitor has stars on the page -------------------
#
# With every toggle's states of one length, the page with every toggle off and every hole
# empty is kept whole, plain and compressed; an answer copies it, swapping in the "on" state of
# the visitor's toggles and the holes' contents. The gzip checksum is not computed over the
# page again: CRC-32 is linear, so each toggle's effect on it (its "delta") is worked out once,
# when the page is stored, and an answer XORs in the deltas of the toggles it switches on and of
# its token, then carries the checksum across the menu with a 32×32 bit matrix (the effect of
# n more bytes on a running checksum). Pages whose toggles could not be evened out use body()'s
# plain loop instead.


def _crc_of_zeros(length: int, value: int = 0) -> int:
    return zlib.crc32(bytes(length), value)


def _shift_matrix(length: int) -> tuple[int, ...]:
    """The columns of the linear map v ↦ crc32(S, v) ^ crc32(S, 0) for any S of ``length``
    bytes: how a running checksum carries across them."""
    base = _crc_of_zeros(length)
    return tuple(_crc_of_zeros(length, 1 << bit) ^ base for bit in range(32))


def _shift(columns: tuple[int, ...], value: int) -> int:
    result, bit = 0, 0
    while value:
        if value & 1:
            result ^= columns[bit]
        value >>= 1
        bit += 1
    return result


def _splice_plan(parts: list, compressed: list) -> dict | None:
    """What answers splice (see above), or None when a toggle's two states differ in length."""
    if any(part[0] == "t" and len(part[2]) != len(part[3]) for part in parts):
        return None
    plain, packed = bytearray(), bytearray()
    toggles: dict[int, list] = {}
    holes: list = []  # (name, plain start, plain end, packed offset)
    segments: list[dict] = [{"start": 0, "tokens": [], "toggles": []}]
    for part, gz in zip(parts, compressed, strict=True):
        kind = part[0]
        if kind == "s":
            plain += part[1]
            packed += gz
        elif kind == "t":
            entry = [len(plain), part[3], len(packed), len(packed) + len(gz[0]), gz[1], 0]
            toggles.setdefault(part[1], []).append(entry)
            segments[-1]["toggles"].append((entry, part[2]))
            plain += part[2]
            packed += gz[0]
        else:
            width = TOKEN_LENGTH if part[1] == CSRF_HOLE else 0
            holes.append((part[1], len(plain), len(plain) + width, len(packed)))
            if part[1] == CSRF_HOLE:
                segments[-1]["tokens"].append(len(plain))
                plain += bytes(TOKEN_LENGTH)  # NULs: a token's delta is the token itself
            else:
                segments[-1]["end"] = len(plain)
                segments.append(
                    {"start": len(plain), "tokens": [], "toggles": [], "after": part[1]}
                )
    segments[-1]["end"] = len(plain)
    plain, packed = bytes(plain), bytes(packed)
    plan_segments = []
    for segment in segments:
        start, end = segment["start"], segment["end"]
        data = plain[start:end]
        crc0 = zlib.crc32(data)
        length = end - start
        for entry, off in segment["toggles"]:
            position = entry[0] - start
            changed = bytearray(data)
            changed[position : position + len(off)] = entry[1]
            entry[5] = zlib.crc32(changed) ^ crc0
        tokens = []
        for offset in segment["tokens"]:
            position, rest = offset - start, end - offset - TOKEN_LENGTH
            constant = _crc_of_zeros(rest) ^ _crc_of_zeros(length)
            tokens.append((_crc_of_zeros(position), constant, _shift_matrix(rest)))
        plan_segments.append(
            {
                "after": segment.get("after"),
                "crc": crc0,
                "length": length,
                "shift": _shift_matrix(length),
                "tokens": tokens,
                "toggles": [entry for entry, _off in segment["toggles"]],
            }
        )
    # Which segment each toggle is in, for the checksum.
    for number, segment in enumerate(plan_segments):
        for entry in segment.pop("toggles"):
            entry.append(number)
    return {
        "plain": plain,
        "packed": packed,
        "toggles": {key: [tuple(entry) for entry in entries] for key, entries in toggles.items()},
        "holes": holes,
        "segments": plan_segments,
    }


def _spliced(plan: dict, on: frozenset, holes: dict[str, bytes], gzip: bool) -> bytes:
    switched = [entry for key in on if key in plan["toggles"] for entry in plan["toggles"][key]]
    if not gzip:
        cuts = [(entry[0], entry[0] + len(entry[1]), entry[1]) for entry in switched]
        cuts += [(start, end, holes[name]) for name, start, end, _packed in plan["holes"]]
        return _cut(plan["plain"], cuts)
    cuts = [(entry[2], entry[3], entry[4]) for entry in switched]
    # A 512-byte window and little memory: a menu or a token needs no more.
    for name, _start, _end, offset in plan["holes"]:
        compressor = zlib.compressobj(1, zlib.DEFLATED, -9, 1)
        block = compressor.compress(holes[name]) + compressor.flush(zlib.Z_SYNC_FLUSH)
        cuts.append((offset, offset, block))
    deltas = [0] * len(plan["segments"])
    for entry in switched:
        deltas[entry[6]] ^= entry[5]
    token = holes.get(CSRF_HOLE, b"")
    crc, size = 0, 0
    for number, segment in enumerate(plan["segments"]):
        if segment["after"] is not None:
            crc = zlib.crc32(holes[segment["after"]], crc)
            size += len(holes[segment["after"]])
        segment_crc = segment["crc"] ^ deltas[number]
        for start_crc, constant, columns in segment["tokens"]:
            segment_crc ^= constant ^ _shift(columns, zlib.crc32(token, start_crc))
        crc = segment_crc ^ _shift(segment["shift"], crc)
        size += segment["length"]
    body = _cut(plan["packed"], cuts)
    return b"".join((_GZIP_HEADER, body, struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)))


def _cut(data: bytes, cuts: list) -> bytes:
    """``data`` with each (start, end, replacement) applied; the cuts do not overlap."""
    cuts.sort(key=lambda cut: (cut[0], cut[1]))
    pieces, position = [], 0
    for start, end, replacement in cuts:
        pieces.append(data[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(data[position:])
    return b"".join(pieces)


def weigh(stored: dict) -> int:
    if "splice" in stored:
        plan = stored["splice"]
        size = len(plan["plain"]) + len(plan["packed"])
        return size + sum(
            len(entry[1]) + len(entry[4])
            for entries in plan["toggles"].values()
            for entry in entries
        )
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
    if "splice" in stored:
        return _spliced(stored["splice"], on, holes, gzip)
    return joined(stored, on, holes, gzip=gzip)


def joined(stored: dict, on: frozenset, holes: dict[str, bytes], *, gzip: bool) -> bytes:
    """body() by walking every part: for pages whose toggles differ in length."""
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
    if "splice" in stored:
        keys = sorted(key for key in on if key in stored["splice"]["toggles"])
    else:
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
