"""Country outlines (Natural Earth 1:10m via world-atlas; see data/boundaries/README.md)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from frontline.paths import BOUNDARIES


@lru_cache(maxsize=4)
def read_countries(path: str | Path = BOUNDARIES) -> gpd.GeoDataFrame:
    """Syria, Iraq (`subject` true) and their neighbours, in EPSG:4326."""
    frame = gpd.read_file(path)
    return frame.set_crs(4326, allow_override=True)


def subject_shapes(countries: gpd.GeoDataFrame) -> dict[str, object]:
    """{"SY": geometry, "IQ": geometry}: what places are checked and cells are clipped against."""
    subject = countries[countries["subject"].astype(bool)]
    return dict(zip(subject["iso2"], subject.geometry, strict=False))
