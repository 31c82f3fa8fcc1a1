"""Which features a conference has switched on, for pages that render on every request.

A menu link that shows only while its feature is on (``links.register(..., when=...)``) is
asked on every page a signed-in visitor opens; a query each time would add one to every page.
The answer is kept on the conference instance and in the cache under the conference's version:
``Feature`` rows belong to the conference, so switching one bumps that version.
"""

from __future__ import annotations

from django.core.cache import cache

KEY = "hallway:features:{id}:{version}"
SECONDS = 24 * 3600


def enabled_keys(conference) -> frozenset[str]:
    """The keys of the features switched on for ``conference`` (no query on a cache hit)."""
    memo = getattr(conference, "_hallway_enabled_features", None)
    if memo is not None:
        return memo
    key = KEY.format(id=conference.pk, version=conference.version)
    keys = cache.get(key)
    if keys is None:
        keys = frozenset(conference.features.enabled().values_list("key", flat=True))
        cache.set(key, keys, SECONDS)
    conference._hallway_enabled_features = keys
    return keys


def is_enabled(conference, key: str) -> bool:
    return key in enabled_keys(conference)


def call_state(feature, now=None) -> str:
    """Where a feature's call stands: ``open``, ``upcoming`` (switched on, before its opening
    date) or ``closed`` (switched off, or past its closing date)."""
    from django.utils import timezone

    now = now or timezone.now()
    if feature.is_open(now):
        return "open"
    if feature.is_enabled and feature.opens_at and feature.opens_at > now:
        return "upcoming"
    return "closed"
