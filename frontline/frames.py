"""GeoDataFrames for one date: what every renderer and export draws from.

`Atlas` ties a timeline to its tessellation and caches one `Frames` per epoch: every date of an epoch
(the days between two event dates) shows the same map, so a date already seen costs a dictionary lookup.
An epoch is also split where a quiet relation between two actors begins or ends (`Atlas.relation_days`),
since their shared borders stop or start being front lines then.

The cache is bounded in bytes (`cache_bytes`), not in entries: a `Frames` is small when only its state and
areas were asked for (the app's reruns, ~12 kB on the shipped data) and grows as its GeoDataFrames are
built (the exports, ~170 kB). Each entry is measured by `Frames.nbytes` when stored and again whenever one of
its lazy properties is computed; the least recently used entries go when the total is over budget.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import geopandas as gpd
import numpy as np
import pyproj
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
from frontline.timeline import STATUSES, ByteCache, ControlState, Timeline

# The default budget of an Atlas's frames cache: on the shipped data, every epoch's frames as the app's reruns
# use them (state and areas, ~12 kB each: ~5 MB in all), or the ~290 most recent with every GeoDataFrame built
# (~170 kB each, as the exports build them).
DEFAULT_FRAMES_CACHE_BYTES = 48 << 20

# Byte estimates of what a cached Frames holds (`Frames.nbytes`), calibrated on the shipped data against the
# process's resident memory (glibc malloc and pyarrow's mimalloc, after gc and malloc_trim), over all epochs:
# - a GeoDataFrame: a fixed cost (the frame, its index, block manager, Series and arrays: ~15 kB), plus per
#   row and column ~16 bytes (float64 data, Arrow string offsets and copied characters, the geometry
#   column's pointers). The geometries themselves are the Atlas's (cells, edges, zones: computed once and
#   shared by every date), so a frame holds a pointer to each, counted here as one more column;
# - a dict of floats (`areas_km2`): ~100 bytes per item;
# - any other array: its `nbytes`; the Frames object itself and the cache's bookkeeping: ~1 kB.
GDF_BYTES = 15_000
GDF_CELL_BYTES = 16
DICT_ITEM_BYTES = 100
FRAMES_OVERHEAD_BYTES = 1_000
WGS84 = pyproj.CRS.from_epsg(4326)  # one CRS object for every frame (each CRS made holds ~4 kB of PROJ's memory)

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
    return gpd.GeoDataFrame(records, columns=PLACE_COLUMNS, geometry=gpd.points_from_xy(lon, lat), crs=WGS84)


def gdf_nbytes(frame: gpd.GeoDataFrame) -> int:
    """Estimated bytes a GeoDataFrame of shared geometries holds (`GDF_BYTES`, `GDF_CELL_BYTES`): O(1), no
    walk over its values (pandas' `memory_usage(deep=True)` costs milliseconds per frame)."""
    return GDF_BYTES + GDF_CELL_BYTES * len(frame) * (len(frame.columns) + 1)


def value_nbytes(value: object) -> int:
    """Estimated bytes of one lazily computed value of a Frames."""
    if isinstance(value, gpd.GeoDataFrame):
        return gdf_nbytes(value)
    if isinstance(value, np.ndarray):
        return value.nbytes
    if isinstance(value, dict):
        return DICT_ITEM_BYTES * (len(value) + 1)
    return 100


class _counted(cached_property):
    """A cached property of a Frames whose value, once computed, is added to its Atlas's cache count."""

    def __get__(self, instance, owner=None):
        value = super().__get__(instance, owner)
        if instance is not None:  # only reached when computing: the value is then found in the instance's dict
            instance.atlas._recount(instance)
        return value


_FIELDS = ("atlas", "state", "quiet")  # what a Frames is made of; its instance dict holds these and the lazy values


@dataclass(frozen=True)
class Frames:
    """Territory, front lines and areas of one epoch, built from arrays (no per-row Python)."""

    atlas: Atlas
    state: ControlState
    quiet: np.ndarray | None = None  # actor × actor: pairs at peace on these dates (`territory.quiet_matrix`)

    @property
    def nbytes(self) -> int:
        """Estimated bytes this Frames holds (its state, quiet pairs and what its properties computed so far;
        the geometries and the Atlas's arrays it refers to are shared, and not counted)."""
        quiet = self.quiet.nbytes if self.quiet is not None else 0
        return (FRAMES_OVERHEAD_BYTES + self.state.nbytes + quiet
                + sum(value_nbytes(v) for k, v in list(self.__dict__.items()) if k not in _FIELDS))

    @property
    def epoch(self) -> dt.date | None:
        """The last event date on or before the dates these frames stand for (None: the baseline).
        Frames are shared by every date of an epoch, so they carry no date of their own."""
        return self.state.epoch

    @_counted
    def areas_km2(self) -> dict[str, float]:
        return self.atlas.areas_km2(self.state)

    @_counted
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
            geometry=atlas.tessellation.cells[keep], crs=WGS84,
        )

    @_counted
    def zones(self) -> gpd.GeoDataFrame:
        """Zones of influence beyond every reach, coloured by their place's controller (derived, no km²)."""
        atlas, state = self.atlas, self.state
        geoms = atlas.display_zones
        keep = ~shapely.is_empty(geoms)
        controller = state.controller[keep]
        return gpd.GeoDataFrame({"place": atlas.place_array[keep], "controller": atlas.actor_array[controller],
                                 "color": atlas.color_array[controller]}, geometry=geoms[keep], crs=WGS84)

    @_counted
    def front(self) -> np.ndarray:
        """Per adjacent pair of cells: is their shared edge a front line (`territory.front_mask`)."""
        return front_mask(self.atlas.tessellation, self.state.controller, self.quiet)

    @_counted
    def fronts(self) -> gpd.GeoDataFrame:
        """Shared edges of adjacent cells held by different actors at war (no quiet relation covers them)."""
        return self._borders(self.front)

    @_counted
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
            geometry=atlas.tessellation.edges[mask], crs=WGS84,
        )


class Atlas:
    """A dataset's timeline and tessellation, and the frames of the dates asked for (cached per epoch, within
    `cache_bytes` as counted by `Frames.nbytes`)."""

    def __init__(self, timeline: Timeline, country_shapes: dict[str, object], reach_km: float | None = None,
                 cache_bytes: int = DEFAULT_FRAMES_CACHE_BYTES):
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
        self.cache: ByteCache[tuple[int, int], Frames] = ByteCache(cache_bytes, lambda frames: frames.nbytes)
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

    def _key(self, date: dt.date) -> tuple[int, int]:
        """The cache's key of a date: its epoch, and its stretch between the days quiet relations change."""
        return self.timeline.epoch_index(date), bisect.bisect_right(self.relation_days, date)

    def frames_at(self, date: dt.date) -> Frames:
        key = self._key(date)
        frames = self.cache.get(key)
        if frames is None:
            frames = self.cache.put(key, Frames(self, self.timeline.state_at(date), self.quiet_on(date)))
        return frames

    def _recount(self, frames: Frames) -> None:
        """A lazy property of `frames` was just computed: measure it again in the cache (if still there)."""
        self.cache.recount(self._key(frames.state.date), frames)

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

    def places_on_a_front(self, before: dt.date) -> np.ndarray:
        """Per place: does its cell border a place held by another side at war with it on some day before
        `before`? A place that never does draws no front line: inside one side's territory it only repeats its
        neighbours' colour (data/README.md keeps such villages out when their only change is the last offensive).
        The map changes only on an epoch or a relation day (`_key`), so those days and the start cover every day."""
        tess, timeline = self.tessellation, self.timeline
        on_front = np.zeros(len(timeline.place_ids), bool)
        for date in sorted({timeline.dataset.start, *timeline.epochs, *self.relation_days}):
            if date >= before:
                break
            pairs = tess.pairs[front_mask(tess, timeline.state_at(date).controller, self.quiet_on(date))]
            on_front[pairs.ravel()] = True
        return on_front

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
