"""The data of a date, and the whole record, as files other tools open: GeoJSON, GeoPackage, CSV.

Every function returns bytes (the UI offers them for download, the CLI writes them); only `gpkg` touches the
disk, through a temporary folder it removes. Layers, in every format:

- **places**: one point per place (EPSG:4326): who held it on the date, since when, and the deciding event with
  its sources (all empty for a place still at its baseline).
- **territory**: one (multi)polygon per actor holding some: the cells of its places dissolved, with the km² of
  `Frames.areas_km2`. Territory is derived from the places; zones of influence beyond the reach are excluded.
- **fronts**: one (multi)line per pair of actors whose territories meet: `kind` "front" for actors at war,
  "quiet" for a line of control between actors at peace (a `quiet` relation covers them on the date).

Text from the data stays text: nothing is HTML-escaped; GeoJSON and CSV are UTF-8 (no BOM). CSV cells that a
spreadsheet would read as a formula are defused with a leading `'` (`csv_safe`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from frontline.frames import Atlas, Frames
from frontline.model import Dataset, Event
from frontline.render.text import csv_safe
from frontline.territory import to_projected

SEP = "; "  # between aliases, between the sources of a place
CITATION_SEP = " | "  # between the citations of an event in the record
PLACE_FIELDS = ["id", "name", "aliases", "country", "kind", "controller", "controller_name", "status", "since",
                "event_date", "event_kind", "event_precision", "event_note", "sources", "source_ids"]
TERRITORY_FIELDS = ["controller", "controller_name", "color", "area_km2", "places", "note"]
FRONT_FIELDS = ["kind", "left", "left_name", "right", "right_name", "length_km"]
RECORD_FIELDS = ["date", "precision", "date_earliest", "place", "place_name", "country", "kind", "controller",
                 "status", "against", "alongside", "order", "note", "source_ids", "sources"]
LAYERS = ("territory", "fronts", "places")  # bottom to top: the order the combined GeoJSON lists them in
GEOMETRY_TYPES = {"places": "Point", "territory": "MultiPolygon", "fronts": "MultiLineString"}


def territory_note(atlas: Atlas) -> str:
    return (f"Territory is derived from the places: each place holds the land nearer to it than to any other "
            f"place of its country, up to {atlas.reach_km:g} km; zones beyond that reach are excluded. "
            f"Areas in km² on an equal-area projection.")


# --- tables ---------------------------------------------------------------------------------------------------



def _place_sources(dataset: Dataset, event: Event | None) -> str:
    """"label <url>; label <url>": each source of the deciding event (a seed article by its file name)."""
    if event is None:
        return ""
    out = []
    for sid in event.sources:
        source = dataset.sources[sid]
        where = source.locator
        out.append(f"{source.label} <{where}>" if where else source.label)
    return SEP.join(out)




def place_rows(atlas: Atlas, date: dt.date) -> list[dict]:
    """One dict per place (`PLACE_FIELDS` plus lat, lon): who held it on `date`, since when, and why."""
    timeline = atlas.timeline
    ds = timeline.dataset
    out = []
    for row in timeline.rows(timeline.state_at(date)):
        event: Event | None = row["event"]
        place = ds.places[row["id"]]
        out.append({
            "id": row["id"], "name": row["name"], "aliases": SEP.join(row["aliases"]), "country": row["country"],
            "kind": place.kind.value, "controller": row["controller"],
            "controller_name": ds.actors[row["controller"]].name, "status": row["status"], "since": row["since"],
            "event_date": event.date.isoformat() if event else "",
            "event_kind": event.kind.value if event else "",
            "event_precision": event.precision.value if event else "",
            "event_note": event.note if event else "",
            "sources": _place_sources(ds, event),
            "source_ids": SEP.join(event.sources) if event else "",
            "lat": place.lat, "lon": place.lon,
        })
    return out


def _multi(geom):
    if geom is None or geom.is_empty:
        return geom
    if geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    if geom.geom_type == "LineString":
        return shapely.MultiLineString([geom])
    return geom


def places_layer(atlas: Atlas, date: dt.date) -> gpd.GeoDataFrame:
    rows = place_rows(atlas, date)
    geometry = gpd.points_from_xy([r.pop("lon") for r in rows], [r.pop("lat") for r in rows])
    return gpd.GeoDataFrame(rows, columns=PLACE_FIELDS, geometry=geometry, crs=4326)


def territory_layer(atlas: Atlas, date: dt.date) -> gpd.GeoDataFrame:
    """The cells of `Frames.territory` dissolved per controller: one MultiPolygon per actor holding land, in the
    dataset's actor order, with `Frames.areas_km2`."""
    frames: Frames = atlas.frames_at(date)
    cells = frames.territory
    areas = frames.areas_km2
    actors = atlas.timeline.dataset.actors
    note = territory_note(atlas)
    rows, geoms = [], []
    for actor in atlas.timeline.actor_ids:
        if actor not in areas:
            continue
        mine = cells.geometry.values[(cells["controller"] == actor).to_numpy()]
        if not len(mine):
            continue
        rows.append({"controller": actor, "controller_name": actors[actor].name, "color": actors[actor].color,
                     "area_km2": round(areas[actor], 3), "places": len(mine), "note": note})
        geoms.append(_multi(shapely.make_valid(shapely.union_all(np.asarray(mine)))))
    return gpd.GeoDataFrame(rows, columns=TERRITORY_FIELDS, geometry=geoms, crs=4326)


def fronts_layer(atlas: Atlas, date: dt.date) -> gpd.GeoDataFrame:
    """`Frames.fronts` (kind "front") and `Frames.quiet_borders` (kind "quiet") merged per pair of actors: one
    MultiLineString per pair, `left` before `right` in the dataset's actor order, with its length in km."""
    frames = atlas.frames_at(date)
    order = {a: i for i, a in enumerate(atlas.timeline.actor_ids)}
    actors = atlas.timeline.dataset.actors
    rows, geoms = [], []
    for kind, borders in (("front", frames.fronts), ("quiet", frames.quiet_borders)):
        groups: dict[tuple[str, str], list] = {}
        for left, right, edge in zip(borders["left"], borders["right"], borders.geometry.values, strict=True):
            pair = tuple(sorted((left, right), key=order.__getitem__))
            groups.setdefault(pair, []).append(edge)
        for (left, right), edges in sorted(groups.items(), key=lambda item: (order[item[0][0]], order[item[0][1]])):
            rows.append({"kind": kind, "left": left, "left_name": actors[left].name, "right": right,
                         "right_name": actors[right].name})
            geoms.append(_multi(shapely.line_merge(shapely.union_all(np.asarray(edges, dtype=object)))))
    if geoms:  # one reprojection for all: building the transformer costs more than the lines
        lengths = shapely.length(to_projected(np.asarray(geoms, dtype=object)))
        for row, metres in zip(rows, lengths, strict=True):
            row["length_km"] = round(float(metres) / 1000, 3)
    return gpd.GeoDataFrame(rows, columns=FRONT_FIELDS, geometry=geoms, crs=4326)


def layers(atlas: Atlas, date: dt.date) -> dict[str, gpd.GeoDataFrame]:
    """The three layers of a date, bottom to top (`LAYERS`)."""
    return {"territory": territory_layer(atlas, date), "fronts": fronts_layer(atlas, date),
            "places": places_layer(atlas, date)}


# --- GeoJSON --------------------------------------------------------------------------------------------------

def _features(frame: gpd.GeoDataFrame, layer: str | None = None) -> list[dict]:
    features = []
    for props, geom in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry.values, strict=True):
        if layer is not None:
            props = {"layer": layer, **props}
        features.append({"type": "Feature", "properties": props,
                         "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None})
    return features


def _collection(features: list[dict], date: dt.date, name: str, **extra) -> bytes:
    """A FeatureCollection (RFC 7946: WGS 84 longitude/latitude); `name`, `date` and `extra` are foreign members
    that readers may ignore. UTF-8, non-ASCII text as is."""
    doc = {"type": "FeatureCollection", "name": name, "date": date.isoformat(), **extra, "features": features}
    return json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")


def places_geojson(atlas: Atlas, date: dt.date) -> bytes:
    """The places layer of `date` as a GeoJSON FeatureCollection of points."""
    return _collection(_features(places_layer(atlas, date)), date, "places")


def territory_geojson(atlas: Atlas, date: dt.date) -> bytes:
    """The territory layer of `date` (one MultiPolygon per actor) as a GeoJSON FeatureCollection."""
    return _collection(_features(territory_layer(atlas, date)), date, "territory", note=territory_note(atlas))


def fronts_geojson(atlas: Atlas, date: dt.date) -> bytes:
    """The front lines and quiet lines of control of `date` as a GeoJSON FeatureCollection."""
    return _collection(_features(fronts_layer(atlas, date)), date, "fronts")


def geojson(atlas: Atlas, date: dt.date) -> bytes:
    """All three layers of `date` in ONE GeoJSON FeatureCollection, each feature tagged with a `layer` property
    ("territory", "fronts", "places"), listed bottom to top so that a viewer drawing in order shows the places
    over the fronts over the territory. Geometry types are mixed: filter on `layer` to get one."""
    features = [f for name, frame in layers(atlas, date).items() for f in _features(frame, name)]
    return _collection(features, date, "frontline", note=territory_note(atlas))


# --- GeoPackage -----------------------------------------------------------------------------------------------

def gpkg(atlas: Atlas, date: dt.date) -> bytes:
    """ONE GeoPackage with three layers, "places", "territory" and "fronts" (EPSG:4326), as bytes. Written to a
    temporary folder, read back and removed."""
    import pyogrio

    descriptions = {"places": f"Who held each place on {date.isoformat()}",
                    "territory": f"Territory per actor on {date.isoformat()}. {territory_note(atlas)}",
                    "fronts": f"Front lines and quiet lines of control on {date.isoformat()}"}
    with tempfile.TemporaryDirectory(prefix="frontline-gpkg-") as folder:
        path = Path(folder) / f"frontline-{date.isoformat()}.gpkg"
        for index, (name, frame) in enumerate(layers(atlas, date).items()):
            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG", geometry_type=GEOMETRY_TYPES[name],
                                    append=index > 0, layer_options={"DESCRIPTION": descriptions[name]})
        return path.read_bytes()


# --- CSV ------------------------------------------------------------------------------------------------------



def _csv(fields: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(fields)
    for row in rows:
        writer.writerow([csv_safe(row[f]) for f in fields])
    return buffer.getvalue().encode("utf-8")


def places_csv(atlas: Atlas, date: dt.date) -> bytes:
    """The places of `date` as CSV (RFC 4180, UTF-8 without BOM): the fields of the places layer plus lat, lon."""
    return _csv([*PLACE_FIELDS, "lat", "lon"], place_rows(atlas, date))


def record_csv(dataset: Dataset) -> bytes:
    """The whole record as CSV (RFC 4180, UTF-8 without BOM): ONE ROW PER CONTROL EVENT, by date (the dataset's
    order), the same events as `Timeline.control_events`. Incidents are excluded: they leave control as it was.
    `sources` cites each source (publisher, title or description, date, URL or seed file) joined by " | "."""
    rows = []
    for event in dataset.events:
        if not event.changes_control:
            continue
        place = dataset.places[event.place]
        rows.append({
            "date": event.date.isoformat(), "precision": event.precision.value,
            "date_earliest": event.earliest.isoformat() if event.earliest else "", "place": event.place,
            "place_name": place.name, "country": place.country, "kind": event.kind.value,
            "controller": event.controller or "", "status": event.status.value, "against": event.against or "",
            "alongside": SEP.join(event.alongside),
            "order": event.order, "note": event.note, "source_ids": SEP.join(event.sources),
            "sources": CITATION_SEP.join(dataset.sources[s].citation for s in event.sources),
        })
    return _csv(RECORD_FIELDS, rows)


def data_bytes(atlas: Atlas, date: dt.date, fmt: str) -> bytes:
    """The data download named by `fmt`: geojson, gpkg, csv (the places of the date) or record-csv."""
    makers = {"geojson": geojson, "gpkg": gpkg, "csv": places_csv}
    if fmt == "record-csv":
        return record_csv(atlas.timeline.dataset)
    if fmt not in makers:
        raise ValueError(f"unknown data format '{fmt}'")
    return makers[fmt](atlas, date)
