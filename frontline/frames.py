"""GeoDataFrames for one date: what every renderer and export draws from.

`Atlas` ties a timeline to its tessellation and caches one `Frames` per epoch: every date of an epoch
(the days between two event dates) shows the same map, so a date already seen costs a dictionary lookup.
An epoch is also split where a quiet relation between two actors begins or ends (`Atlas.relation_days`),
since their shared borders stop or start being front lines then.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import shapely

from frontline.model import Dataset, Event, RelationKind, Status
from frontline.territory import (
    DEFAULT_REACH_KM,
    Tessellation,
    areas_by_actor,
    challengers,
    front_mask,
    influence_zones,
    polygonal,
    quiet_mask,
    quiet_matrix,
    tessellate,
    to_lonlat,
    to_projected,
)
from frontline.timeline import STATUSES, ControlState, Timeline

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


@dataclass(frozen=True)
class Frames:
    """Territory, front lines and areas of one epoch, built from arrays (no per-row Python)."""

    atlas: Atlas
    state: ControlState
    quiet: np.ndarray | None = None  # actor × actor: pairs at peace on these dates (`territory.quiet_matrix`)

    @property
    def epoch(self) -> dt.date | None:
        """The last event date on or before the dates these frames stand for (None: the baseline).
        Frames are shared by every date of an epoch, so they carry no date of their own."""
        return self.state.epoch

    @cached_property
    def areas_km2(self) -> dict[str, float]:
        return self.atlas.areas_km2(self.state)

    @cached_property
    def territory(self) -> gpd.GeoDataFrame:
        """One row per non-empty cell: the place, its controller and status, the actor's colour; for a contested
        cell the other side (`challenger`: the one its deciding event names as `against`, else derived by
        `territory.challengers`) and its colour, else None."""
        atlas, state = self.atlas, self.state
        keep = atlas.nonempty
        controller = state.controller[keep]
        status = atlas.status_array[state.status[keep]]
        challenger = np.full(len(controller), None, dtype=object)
        challenger_color = np.full(len(controller), None, dtype=object)
        contested = np.flatnonzero(status == Status.CONTESTED.value)
        cells = np.flatnonzero(keep)[contested]
        named = atlas.timeline.against(state)[cells]
        other = np.where(named >= 0, named, challengers(atlas.tessellation, state.controller, cells, self.front))
        has = other >= 0
        challenger[contested[has]] = atlas.actor_array[other[has]]
        challenger_color[contested[has]] = atlas.color_array[other[has]]
        return gpd.GeoDataFrame(
            {
                "place": atlas.place_array[keep],
                "controller": atlas.actor_array[controller],
                "color": atlas.color_array[controller],
                "status": status,
                "challenger": challenger,
                "challenger_color": challenger_color,
                "area_km2": atlas.tessellation.areas_km2[keep],
            },
            geometry=atlas.tessellation.cells[keep], crs=4326,
        )

    @cached_property
    def zones(self) -> gpd.GeoDataFrame:
        """Zones of influence beyond every reach, coloured by their place's controller (derived, no km²)."""
        atlas, state = self.atlas, self.state
        geoms = atlas.display_zones
        keep = ~shapely.is_empty(geoms)
        controller = state.controller[keep]
        return gpd.GeoDataFrame({"place": atlas.place_array[keep], "controller": atlas.actor_array[controller],
                                 "color": atlas.color_array[controller]}, geometry=geoms[keep], crs=4326)

    @cached_property
    def front(self) -> np.ndarray:
        """Per adjacent pair of cells: is their shared edge a front line (`territory.front_mask`)."""
        return front_mask(self.atlas.tessellation, self.state.controller, self.quiet)

    @cached_property
    def fronts(self) -> gpd.GeoDataFrame:
        """Shared edges of adjacent cells held by different actors at war (no quiet relation covers them)."""
        return self._borders(self.front)

    @cached_property
    def quiet_borders(self) -> gpd.GeoDataFrame:
        """Shared edges of adjacent cells held by two actors at peace: lines of control, not fronts."""
        return self._borders(quiet_mask(self.atlas.tessellation, self.state.controller, self.quiet))

    def _borders(self, mask: np.ndarray) -> gpd.GeoDataFrame:
        atlas, state = self.atlas, self.state
        pairs = atlas.tessellation.pairs[mask]
        return gpd.GeoDataFrame(
            {
                "left": atlas.actor_array[state.controller[pairs[:, 0]]],
                "right": atlas.actor_array[state.controller[pairs[:, 1]]],
            },
            geometry=atlas.tessellation.edges[mask], crs=4326,
        )


class Atlas:
    """A dataset's timeline and tessellation, and the frames of the dates asked for (cached per epoch)."""

    def __init__(self, timeline: Timeline, country_shapes: dict[str, object], reach_km: float | None = None,
                 cache_size: int = 1024):
        self.timeline = timeline
        ds = timeline.dataset
        places = [ds.places[p] for p in timeline.place_ids]
        self.tessellation: Tessellation = tessellate(
            np.array([p.lon for p in places]), np.array([p.lat for p in places]), [p.country for p in places],
            country_shapes, timeline.place_ids, reach_km or DEFAULT_REACH_KM)
        self.place_array = np.array(timeline.place_ids, dtype=object)
        self.actor_array = np.array(timeline.actor_ids, dtype=object)
        self.color_array = np.array([ds.actors[a].color for a in timeline.actor_ids], dtype=object)
        self.status_array = np.array([s.value for s in STATUSES], dtype=object)
        self.nonempty = ~np.array([c.is_empty for c in self.tessellation.cells])
        self._cache: OrderedDict[tuple[int, int], Frames] = OrderedDict()
        self._cache_size = cache_size
        # The days on which some quiet relation begins or ends: between two, the same pairs are at peace.
        quiet = [r for r in ds.relations if r.kind is RelationKind.QUIET]
        self.relation_days: list[dt.date] = sorted(
            {r.start for r in quiet} | {r.until + dt.timedelta(days=1) for r in quiet if r.until is not None})

    @property
    def reach_km(self) -> float:
        return self.tessellation.reach_km

    def quiet_on(self, date: dt.date) -> np.ndarray | None:
        """The actor pairs at peace on a date (`territory.quiet_matrix`); None when the dataset has none."""
        if not self.relation_days:
            return None
        return quiet_matrix(self.timeline.dataset.quiet_pairs(date), self.timeline.actor_ids)

    def frames_at(self, date: dt.date) -> Frames:
        index = (self.timeline.epoch_index(date), bisect.bisect_right(self.relation_days, date))
        frames = self._cache.get(index)
        if frames is None:
            frames = Frames(self, self.timeline.state_at(date), self.quiet_on(date))
            self._cache[index] = frames
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(index)
        return frames

    @cached_property
    def display_geometries(self) -> np.ndarray:
        """Cells simplified for the screen (shapely, lon/lat, 1e-4° grid), computed once; empty where a cell
        vanished. Coverage simplification keeps shared edges shared, so neighbouring cells still meet without
        gaps or slivers; 1.5 km tolerance is below what a map of the region shows."""
        return shapely.set_precision(to_lonlat(self._display_projected), 1e-4)

    @cached_property
    def _display_projected(self) -> np.ndarray:
        projected = self.tessellation.cells_projected
        simplified = projected.copy()
        keep = self.nonempty
        simplified[keep] = shapely.coverage_simplify(projected[keep], tolerance=1500.0)
        return simplified

    @cached_property
    def display_zones(self) -> np.ndarray:
        """Zones of influence beyond every reach (`territory.influence_zones`), cut around the simplified cells
        so that zones and cells meet without slivers; parts under 25 km² are dropped."""
        zones = influence_zones(self.tessellation, self._display_projected)
        zones = np.where(shapely.area(zones) > 25e6, zones, shapely.Polygon())
        zones = shapely.make_valid(to_lonlat(shapely.simplify(zones, 2000.0)))
        return np.array([polygonal(z) for z in shapely.set_precision(zones, 1e-4)], dtype=object)

    @cached_property
    def display_edges(self) -> np.ndarray:
        """The shared borders of adjacent cells simplified like the cells (1.5 km), on the 1e-4° grid."""
        edges = self.tessellation.edges
        if not len(edges):
            return edges
        simplified = shapely.simplify(to_projected(edges), 1500.0, preserve_topology=False)
        return shapely.set_precision(to_lonlat(simplified), 1e-4)

    def areas_km2(self, state: ControlState) -> dict[str, float]:
        """km² held per actor (only actors holding some) in a state."""
        totals = areas_by_actor(self.tessellation, state.controller, len(self.timeline.actor_ids))
        return {a: float(v) for a, v in zip(self.timeline.actor_ids, totals) if v > 0}

    @cached_property
    def area_series(self) -> list[dict]:
        """km² per actor at the baseline and at every epoch: `{"date": iso, "areas_km2": {actor: km2}}`."""
        dates = [self.timeline.dataset.start, *self.timeline.epochs]
        return [{"date": date.isoformat(),
                 "areas_km2": {a: round(v, 1) for a, v in self.areas_km2(self.timeline.state_at(date)).items()}}
                for date in dates]
