"""The DjangoCon US 2024 demo's venue, map points, theme and standard pages.

The 2024 site's content has no venue, coordinates, colours or code of conduct page (they lived
in its templates): the demo adds them here so that it looks like the conference's own site.
Coordinates are approximate (street addresses placed by hand, to a few tens of metres).
"""

from __future__ import annotations

from hallway.content.models import Place
from hallway.content.navigation import refresh_menu_links
from hallway.content.page_templates import PAGE_TEMPLATES, create_standard_pages

VENUE = {
    "venue_name": "Durham Convention Center",
    "venue_address": "301 W Morgan St",
    "city": "Durham, NC",
    "venue_latitude": 35.9961,
    "venue_longitude": -78.9029,
}
# slug: (latitude, longitude), from each place's street address.
PLACE_COORDINATES = {
    "21c": (35.9963, -78.9008),
    "boxcar": (36.0003, -78.9013),
    "cocoa-cinnamon": (36.0020, -78.9016),
    "everlou": (35.9990, -78.8985),
    "luna-rotisserie": (35.9958, -78.9013),
    "neomonde": (35.9968, -78.9010),
    "parlour": (35.9960, -78.9004),
    "pure-soul": (35.9698, -78.9586),
    "simons-says": (35.9971, -78.9016),
}
# The palette of the DjangoCon US artwork (navy, sky blue, warm orange and sand), with the
# orange darkened where it carries text so that every pair keeps a 4.5:1 contrast.
THEME = {
    "color-brand": "#150944",
    "color-brand-contrast": "#ffffff",
    "color-accent": "#a94424",
    "color-surface": "#eef5fa",
    "color-border": "#9cc7df",
    "dark-color-brand": "#9cc7df",
    "dark-color-brand-contrast": "#150944",
    "dark-color-accent": "#f9c681",
    "dark-color-background": "#0e0830",
    "dark-color-surface": "#1b1446",
    "dark-color-border": "#50416d",
}


def create_demo_guide(conference, stdout=None) -> None:
    """Venue, map points, theme and the standard pages of the demo (safe to run again)."""
    for field, value in VENUE.items():
        setattr(conference, field, value)
    conference.theme = {**(conference.theme or {}), **THEME}
    conference.full_clean()
    conference.save()
    places = list(conference.places.filter(slug__in=PLACE_COORDINATES))
    for place in places:
        place.latitude, place.longitude = PLACE_COORDINATES[place.slug]
    Place.objects.bulk_update(places, ["latitude", "longitude"])
    created = create_standard_pages(conference, [t.kind for t in PAGE_TEMPLATES])
    # The FAQ and the code of conduct also go in the main menu, as on the conference's site.
    conference.pages.filter(slug__in=["code-of-conduct", "faq"]).update(in_header=True)
    refresh_menu_links(conference.pk)
    if stdout is not None:
        stdout.write(f"  guide: {len(places)} places on the map; pages: {len(created)} created")
