"""Generic caching plumbing: an in-process LRU in front of the shared cache.

What Hallway caches, under which keys, and what drops each entry is listed in one place:
docs/developer/architecture.md ("Caches").
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class LocalCache:
    """A small in-process LRU of stored pages (or fragments) in front of the shared cache.

    A page key carries the conference version, so what is stored under it never changes: a
    process may keep it without asking anyone. Only the version lookup must be fresh. This
    saves moving a 100 KB schedule out of Redis and unpickling it on every hit. ``weigh``
    gives an entry's size in bytes, roughly.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, weigh=None):
        self.max_bytes = max_bytes
        self.weigh = weigh or len
        self.size = 0
        self.entries: OrderedDict[str, tuple[dict, int]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            entry = self.entries.get(key)
            if entry is None:
                return None
            self.entries.move_to_end(key)
            return entry[0]

    def set(self, key: str, stored) -> None:
        weight = self.weigh(stored)
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (stored, weight)
            self.size += weight
            while self.size > self.max_bytes and self.entries:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.size -= dropped

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0
