"""Demo data of conferences (the DjangoCon US series), and helpers for the feature apps' demo
steps (``create_demo_<thing>`` in ``load_demo``)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hallway.conferences.models import Conference, Feature, Series


def create_demo_series(conference: Conference, stdout=None) -> Series:
    """Put the demo conference in the "DjangoCon US" series (safe to run again)."""
    series, _ = Series.objects.get_or_create(
        slug="djangocon-us",
        defaults={
            "name": "DjangoCon US",
            "description": "The conference of the Django community in North America, every "
            "year since 2008.",
            "website_url": "https://djangocon.us/",
        },
    )
    if conference.series_id != series.pk:
        conference.series = series
        conference.save(update_fields=["series"])
    if stdout is not None:
        stdout.write(f"Series: {series.get_absolute_url()}")
    return series


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
