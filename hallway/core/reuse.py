"""Outputs taken back from an earlier run by what they are made of (a seam for ``build_site``).

Some outputs are costly to make and depend on nothing but a few values and the code: a social
card's PNG, a session's VEVENT. ``reuse(kind, inputs, make)`` returns ``make()``; while a store
is installed (``build_site`` installs one that lives in its output folder between builds), an
output made earlier from equal ``inputs`` is returned instead, so a build that renders a page
again (the page's queries answered differently, or ``--full``) does not make its unchanged
parts again. On the live site no store is installed and ``reuse`` only calls ``make``.

``inputs`` must hold everything the output depends on besides the code (the store mixes the
code's fingerprint in), as values with a stable ``repr`` (strings, numbers, datetimes, tuples).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import Protocol


class Store(Protocol):
    def reuse(self, kind: str, inputs: object, make: Callable[[], bytes]) -> bytes: ...


_stores: list[Store] = []


def reuse(kind: str, inputs: object, make: Callable[[], bytes]) -> bytes:
    """``make()``, or the output of an earlier ``make`` of the same ``kind`` and ``inputs``
    while a store is installed."""
    if not _stores:
        return make()
    return _stores[-1].reuse(kind, inputs, make)


@contextmanager
def reusing(store: Store):
    """Install ``store`` for the calls to :func:`reuse` made inside (in any thread)."""
    _stores.append(store)
    try:
        yield store
    finally:
        _stores.remove(store)
