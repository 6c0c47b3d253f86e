"""Rebuild countries.geojson from Natural Earth (npm package world-atlas@2, public domain data).

Usage (from the repository root)::

    npm install --prefix /tmp/world-atlas world-atlas@2
    python data/boundaries/build.py /tmp/world-atlas/node_modules/world-atlas/countries-10m.json

Keeps Syria and Iraq (the map's subject) and their neighbours (context on static maps), with
coordinates rounded to 1e-4 degrees (~11 m), far finer than the places they frame.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geopandas as gpd
import shapely

# world-atlas ids are ISO 3166-1 numeric codes.
COUNTRIES = {
    "760": ("SY", "Syria"),
    "368": ("IQ", "Iraq"),
    "792": ("TR", "Turkey"),
    "400": ("JO", "Jordan"),
    "422": ("LB", "Lebanon"),
    "376": ("IL", "Israel"),
    "275": ("PS", "Palestine"),
    "682": ("SA", "Saudi Arabia"),
    "364": ("IR", "Iran"),
    "414": ("KW", "Kuwait"),
    "196": ("CY", "Cyprus"),
}


def build(topojson_path: Path, out_path: Path) -> None:
    world = gpd.read_file(topojson_path, layer="countries").set_crs(4326, allow_override=True)
    world = world[world["id"].isin(COUNTRIES)].copy()
    world["iso2"] = world["id"].map(lambda i: COUNTRIES[i][0])
    world["name"] = world["id"].map(lambda i: COUNTRIES[i][1])
    world["subject"] = world["iso2"].isin(["SY", "IQ"])
    # Neighbours are only context: cut them to the frame the maps show.
    frame = shapely.box(33.0, 27.5, 50.5, 39.5)
    world["geometry"] = shapely.intersection(shapely.make_valid(world.geometry.values), frame)
    world["geometry"] = shapely.set_precision(world.geometry.values, 1e-4)
    world[["iso2", "name", "subject", "geometry"]].sort_values("iso2").to_file(out_path, driver="GeoJSON")


if __name__ == "__main__":
    src = Path(sys.argv[1])
    build(src, Path(__file__).with_name("countries.geojson"))
