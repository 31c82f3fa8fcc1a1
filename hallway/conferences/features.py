"""Where a feature's call stands, for the pages that say so."""

from __future__ import annotations


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
