"""One zip for a report: the map as PNG and PDF, the data of the date as GeoJSON, a citations CSV of every
source behind the places shown, and a README with the permalink and how to cite the dataset."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import geopandas as gpd

from frontline.frames import Atlas
from frontline.io import data_export
from frontline.io.export import source_line, static_map
from frontline.render.text import plain
from frontline.views import BBox

CITATION_FIELDS = ["source_id", "publisher", "title", "description", "date", "url", "seed_file", "places"]


def pack_names(date: dt.date) -> list[str]:
    stem = f"frontline-{date.isoformat()}"
    return [f"{stem}.png", f"{stem}.pdf", f"{stem}.geojson", f"{stem}-citations.csv", "README.txt"]


def places_in(atlas: Atlas, date: dt.date, bbox: BBox | None) -> list[dict]:
    rows = data_export.place_rows(atlas, date)
    if bbox is None:
        return rows
    lon0, lat0, lon1, lat1 = bbox
    return [r for r in rows if lon0 <= r["lon"] <= lon1 and lat0 <= r["lat"] <= lat1]


def citations_csv(atlas: Atlas, date: dt.date, bbox: BBox | None = None) -> bytes:
    """Every source behind the places shown: the sources of each place's deciding event, once each, with the
    places it supports."""
    dataset = atlas.timeline.dataset
    supports: dict[str, list[str]] = {}
    for row in places_in(atlas, date, bbox):
        for sid in filter(None, row["source_ids"].split(data_export.SEP)):
            supports.setdefault(sid, []).append(row["name"])
    rows = []
    for sid, names in sorted(supports.items(), key=lambda item: (dataset.sources[item[0]].date, item[0])):
        s = dataset.sources[sid]
        rows.append({"source_id": sid, "publisher": s.publisher, "title": s.title, "description": s.description,
                     "date": s.date.isoformat(), "url": s.url, "seed_file": s.file,
                     "places": data_export.SEP.join(sorted(set(names)))})
    return data_export._csv(CITATION_FIELDS, rows)


def readme(atlas: Atlas, date: dt.date, permalink: str | None, names: list[str]) -> bytes:
    dataset = atlas.timeline.dataset
    lines = [
        f"Frontline — who held what in Syria and Iraq on {date.day} {date:%B %Y}",
        "",
        "Files:",
        f"  {names[0]}  the map (PNG), as shown in the app: date, view and layers",
        f"  {names[1]}  the same map as a PDF (fonts embedded as TrueType, text editable)",
        f"  {names[2]}  the data of the date: places, territory per actor, front lines (GeoJSON, EPSG:4326)",
        f"  {names[3]}  every source behind the places shown, with the places each supports",
        "",
        f"Permalink: {plain(permalink)}" if permalink else "Permalink: (the app's address was not known)",
        "",
        "How to cite:",
        f"  {source_line(dataset)}.",
        "  Frontline dataset of dated, sourced control events in Syria and Iraq (CC BY 4.0); cite the sources in",
        f"  {names[3]} for the events behind what the map shows.",
        "",
        "Method: territory and front lines are derived from the places (each place's surroundings within "
        f"{atlas.reach_km:g} km, cut to its country); they are not reported lines. Zones beyond every place's "
        "reach are drawn lighter and left out of the areas.",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def report_zip(atlas: Atlas, date: dt.date, countries: gpd.GeoDataFrame, bbox: BBox | None = None,
               hidden: frozenset[str] = frozenset(), permalink: str | None = None, title: str | None = None,
               subtitle: str | None = None, width_px: int = 1800) -> bytes:
    """The report pack of a date and view (module docstring), as zip bytes."""
    names = pack_names(date)
    options = dict(width_px=width_px, bbox=bbox, hidden=hidden, title=title, subtitle=subtitle, permalink=permalink)
    contents = [static_map(atlas, date, countries, "png", **options),
                static_map(atlas, date, countries, "pdf", **options),
                data_export.geojson(atlas, date),
                citations_csv(atlas, date, bbox),
                readme(atlas, date, permalink, names)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in zip(names, contents, strict=True):
            archive.writestr(name, data)
    return buffer.getvalue()
