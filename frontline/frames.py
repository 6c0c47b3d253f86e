"""GeoDataFrames for one date: what every renderer and export draws from."""

from __future__ import annotations

import geopandas as gpd
import numpy as np

from frontline.model import Dataset, Event
from frontline.timeline import ControlState, Timeline

PLACE_COLUMNS = ["id", "name", "aliases", "country", "kind", "controller", "actor", "color", "status",
                 "since", "event_date", "event_kind", "event_note", "event_precision", "sources"]


def source_labels(dataset: Dataset, event: Event | None) -> list[dict]:
    if event is None:
        return []
    out = []
    for sid in event.sources:
        s = dataset.sources[sid]
        out.append({"id": sid, "label": s.label, "url": s.url})
    return out


def places_frame(timeline: Timeline, state: ControlState) -> gpd.GeoDataFrame:
    """One row per place: who held it on the state's date, since when, and why (event + sources)."""
    ds = timeline.dataset
    rows = timeline.rows(state)
    actors = ds.actors
    records = []
    for row in rows:
        event: Event | None = row["event"]
        place = ds.places[row["id"]]
        records.append({
            "id": row["id"], "name": row["name"], "aliases": ", ".join(row["aliases"]), "country": row["country"],
            "kind": place.kind.value, "controller": row["controller"], "actor": actors[row["controller"]].name,
            "color": actors[row["controller"]].color, "status": row["status"], "since": row["since"],
            "event_date": event.date.isoformat() if event else "", "event_kind": event.kind.value if event else "baseline",
            "event_note": event.note if event else "", "event_precision": event.precision.value if event else "",
            "sources": source_labels(ds, event),
        })
    lon = np.array([ds.places[p].lon for p in timeline.place_ids])
    lat = np.array([ds.places[p].lat for p in timeline.place_ids])
    return gpd.GeoDataFrame(records, columns=PLACE_COLUMNS, geometry=gpd.points_from_xy(lon, lat), crs=4326)
