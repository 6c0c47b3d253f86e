"""What part of the map a report shows: the whole region, a named region, a bounding box, or the web map's view.

Pure: boxes are (lon_min, lat_min, lon_max, lat_max) in degrees, EPSG:4326.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BBox = tuple[float, float, float, float]

WHOLE: BBox = (35.4, 29.0, 48.9, 37.6)  # Syria and Iraq
# Presets for `export --region`: the theatres a report is usually about.
REGIONS: dict[str, BBox] = {
    "syria": (35.5, 32.2, 42.5, 37.4),
    "iraq": (38.7, 29.0, 48.7, 37.45),
    "aleppo": (36.6, 35.7, 38.5, 36.85),
    "idlib": (35.9, 35.35, 37.05, 36.35),
    "damascus": (35.85, 33.1, 36.95, 33.85),
    "homs": (36.3, 34.3, 38.8, 35.15),
    "deir-ez-zor": (39.5, 34.2, 41.3, 35.75),
    "raqqa": (38.2, 35.5, 39.8, 36.75),
    "mosul": (42.6, 35.9, 43.8, 36.75),
    "anbar": (38.9, 32.2, 44.2, 34.8),
    "kirkuk": (43.3, 34.9, 44.8, 35.85),
    "daraa": (35.7, 32.3, 36.7, 33.15),
    "palmyra": (37.4, 34.1, 39.2, 35.0),
    "hasakah": (39.9, 35.9, 42.4, 37.4),
}


def parse_bbox(text: str) -> BBox:
    """`LON_MIN,LAT_MIN,LON_MAX,LAT_MAX` inside the region's frame; ValueError with a plain message."""
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise ValueError("give four numbers: LON_MIN,LAT_MIN,LON_MAX,LAT_MAX")
    try:
        lon0, lat0, lon1, lat1 = (float(p) for p in parts)
    except ValueError:
        raise ValueError("give four numbers: LON_MIN,LAT_MIN,LON_MAX,LAT_MAX") from None
    return checked((lon0, lat0, lon1, lat1))


def checked(box: BBox) -> BBox:
    lon0, lat0, lon1, lat1 = box
    if not all(math.isfinite(v) for v in box):
        raise ValueError("the numbers must be finite")
    if not (lon0 < lon1 and lat0 < lat1):
        raise ValueError("LON_MIN must be below LON_MAX and LAT_MIN below LAT_MAX")
    if lon1 < 30 or lon0 > 55 or lat1 < 25 or lat0 > 42:
        raise ValueError("the box lies outside the Syria–Iraq region (about 35–49°E, 29–38°N)")
    if lon1 - lon0 < 0.05 or lat1 - lat0 < 0.05:
        raise ValueError("the box is under 0.05° across: too small for a map of places")
    return box


def region(name: str) -> BBox:
    key = name.strip().lower().replace(" ", "-").replace("_", "-")
    if key not in REGIONS:
        raise ValueError(f"unknown region '{name[:40]}': choose one of {', '.join(REGIONS)}")
    return REGIONS[key]


def is_whole(box: BBox | None) -> bool:
    """Does the box show (nearly) the whole region, so that north needs no arrow?"""
    if box is None:
        return True
    return (box[2] - box[0]) >= 0.8 * (WHOLE[2] - WHOLE[0])


@dataclass(frozen=True)
class WebView:
    """The web map's view as its link states it: centre and zoom (Leaflet, Web Mercator, 256 px tiles)."""

    lat: float
    lon: float
    zoom: float


def bbox_of_view(view: WebView, width_px: int, height_px: int) -> BBox:
    """The box a Web Mercator view of `width_px` × `height_px` shows around its centre at its zoom."""
    scale = 256 * 2 ** view.zoom  # world size in pixels

    def x_of(lon: float) -> float:
        return (lon + 180) / 360 * scale

    def y_of(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale

    def lon_of(x: float) -> float:
        return x / scale * 360 - 180

    def lat_of(y: float) -> float:
        n = math.pi - 2 * math.pi * y / scale
        return math.degrees(math.atan(math.sinh(n)))

    cx, cy = x_of(view.lon), y_of(view.lat)
    return (lon_of(cx - width_px / 2), lat_of(cy + height_px / 2), lon_of(cx + width_px / 2),
            lat_of(cy - height_px / 2))


def view_of_bbox(box: BBox, width_px: int = 1200, height_px: int = 800) -> tuple[float, float, int]:
    """The web map's centre and zoom that show `box` on a screen of about `width_px` × `height_px`."""
    lon0, lat0, lon1, lat1 = box
    centre = ((lat0 + lat1) / 2, (lon0 + lon1) / 2)
    for zoom in range(12, 3, -1):
        shown = bbox_of_view(WebView(centre[0], centre[1], zoom), width_px, height_px)
        if shown[0] <= lon0 and shown[2] >= lon1 and shown[1] <= lat0 and shown[3] >= lat1:
            return round(centre[0], 4), round(centre[1], 4), zoom
    return round(centre[0], 4), round(centre[1], 4), 4
