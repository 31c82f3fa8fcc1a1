"""Demo data of conferences: the demo conference is a year of the DjangoCon US series."""

from hallway.conferences.models import Conference, Series


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
