"""Helpers for the feature apps' demo steps (``create_demo_<thing>`` in ``load_demo``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hallway.conferences.models import Feature


def switch_on_for_demo(conference, key: str) -> Feature:
    """Switch feature ``key`` on, open since last week and for three more months, so that the
    demo's forms take entries whatever the conference's own dates."""
    now = timezone.now().replace(microsecond=0)
    feature, _created = Feature.objects.update_or_create(
        conference=conference,
        key=key,
        defaults={
            "is_enabled": True,
            "opens_at": now - dt.timedelta(days=7),
            "closes_at": now + dt.timedelta(days=90),
        },
    )
    return feature
