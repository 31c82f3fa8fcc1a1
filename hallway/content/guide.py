"""The local guide's map and distances, drawn on the server from the places' coordinates.

No tile server, no script, no third-party request: the map is an inline SVG of numbered points
around the venue, each a link to its entry in the list below it, which carries the same number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
# Places farther than this from the venue stay in the list but not on the map, so that one
# place across town does not squeeze the walkable ones into a corner.
MAP_RADIUS_KM = 3.0
WIDTH, HEIGHT, MARGIN = 640, 400, 28


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def distance_text(km: float) -> str:
    """ "350 m (0.2 mi)", "2.4 km (1.5 mi)": both units, as visitors come from everywhere."""
    miles = km / KM_PER_MILE
    metric = f"{round(km * 1000, -1):.0f} m" if km < 1 else f"{km:.1f} km"
    return f"{metric} ({miles:.1f} mi)"


@dataclass
class MapPoint:
    number: int
    label: str
    anchor: str
    x: float
    y: float


@dataclass
class GuideMap:
    venue: MapPoint | None = None
    points: list[MapPoint] = field(default_factory=list)
    off_map: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def prepare_guide(conference, places: list) -> GuideMap | None:
    """Number the places (in list order) and give each ``distance_label`` (from the venue's
    and its coordinates, else its own ``distance`` text); return the map, or None when fewer
    than one place has coordinates. Reads no database."""
    venue = None
    if conference.venue_latitude is not None and conference.venue_longitude is not None:
        venue = (conference.venue_latitude, conference.venue_longitude)
    located = []
    for number, place in enumerate(places, start=1):
        place.number = number
        place.distance_km = None
        if venue and place.has_coordinates:
            place.distance_km = distance_km(*venue, place.latitude, place.longitude)
            place.distance_label = distance_text(place.distance_km)
        else:
            place.distance_label = place.distance
        if place.has_coordinates:
            located.append(place)
    if not located:
        return None
    guide = GuideMap()
    on_map = [p for p in located if p.distance_km is None or p.distance_km <= MAP_RADIUS_KM]
    guide.off_map = [p for p in located if p not in on_map]
    coordinates = [(p.latitude, p.longitude) for p in on_map] + ([venue] if venue else [])
    project = _projection(coordinates)
    guide.points = [
        MapPoint(p.number, p.name, p.slug, *project(p.latitude, p.longitude)) for p in on_map
    ]
    if venue:
        guide.venue = MapPoint(0, conference.venue_name or "Venue", "", *project(*venue))
    return guide


def _projection(coordinates: list[tuple[float, float]]):
    """An equirectangular projection (exact enough for a few kilometres) that fits every point
    in the drawing with a margin, north up, the same scale on both axes."""
    lats = [lat for lat, _ in coordinates]
    lons = [lon for _, lon in coordinates]
    mid_lat = math.radians((min(lats) + max(lats)) / 2)
    # Degrees of longitude shrink with latitude: scale x so that a kilometre is as long both ways.
    x_of = [lon * math.cos(mid_lat) for lon in lons]
    span_x = max(max(x_of) - min(x_of), 1e-4)
    span_y = max(max(lats) - min(lats), 1e-4)
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - 2 * MARGIN) / span_y)
    # Centre the drawing.
    offset_x = (WIDTH - span_x * scale) / 2
    offset_y = (HEIGHT - span_y * scale) / 2
    min_x, max_lat = min(x_of), max(lats)

    def project(lat: float, lon: float) -> tuple[float, float]:
        x = offset_x + (lon * math.cos(mid_lat) - min_x) * scale
        y = offset_y + (max_lat - lat) * scale
        return round(x, 1), round(y, 1)

    return project
