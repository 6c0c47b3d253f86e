"""Territory and front lines derived from places (DESIGN.md §4).

Once per dataset: one Voronoi cell per place, built on an equal-area projection, cut to the place's country
and to a reach around it, with cell areas and the shared edges of adjacent cells. Per date only the labels
change: territory is the cells coloured by their place's controller, front lines are the shared edges whose
two cells have different controllers not at peace that day (no `quiet` relation covers them), and the area per
actor is a weighted count of labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer

# Lambert azimuthal equal-area centred on the region: areas in m² are true, distances near-true.
EQUAL_AREA = "+proj=laea +lat_0=34 +lon_0=41 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
DEFAULT_REACH_KM = 35.0  # best match to IHS Conflict Monitor (bench/ihs_isis_area.py)
CIRCLE_SEGMENTS = 8  # per quarter circle: smooth enough at map scale, few vertices


@dataclass(frozen=True)
class Tessellation:
    """Cells aligned with `place_ids`; `pairs` (i < j) are adjacent cells and `edges` their shared boundary."""

    place_ids: list[str]
    cells: np.ndarray  # shapely polygons, EPSG:4326 (empty where a cell vanished)
    cells_projected: np.ndarray  # the same in EQUAL_AREA metres
    areas_km2: np.ndarray
    pairs: np.ndarray  # shape (n, 2), int
    edges: np.ndarray  # shapely lines, EPSG:4326, aligned with pairs
    reach_km: float
    voronoi: np.ndarray | None = None  # the uncut Voronoi cells, EQUAL_AREA metres (for the zones of influence)
    countries: np.ndarray | None = None  # each place's country outline, EQUAL_AREA metres

    @property
    def covered_km2(self) -> float:
        return float(self.areas_km2.sum())


def _transformers() -> tuple[Transformer, Transformer]:
    forward = Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)
    back = Transformer.from_crs(EQUAL_AREA, "EPSG:4326", always_xy=True)
    return forward, back


def _separate_duplicates(xy: np.ndarray) -> np.ndarray:
    """Voronoi needs distinct sites: nudge exact duplicates apart by a metre, deterministically."""
    xy = xy.copy()
    _, counts = np.unique(xy, axis=0, return_counts=True)
    if (counts > 1).any():
        seen: dict[tuple[float, float], int] = {}
        for i, (x, y) in enumerate(xy):
            k = seen.get((x, y), 0)
            seen[(x, y)] = k + 1
            if k:
                xy[i] = (x + k, y + k)
    return xy


def tessellate(lons: np.ndarray, lats: np.ndarray, countries: list[str], country_shapes: dict[str, object],
               place_ids: list[str], reach_km: float = DEFAULT_REACH_KM) -> Tessellation:
    """Cut the region into one cell per place (see module docstring)."""
    forward, _ = _transformers()
    x, y = forward.transform(np.asarray(lons, float), np.asarray(lats, float))
    xy = _separate_duplicates(np.column_stack([x, y]))
    sites = shapely.points(xy)

    projected_countries = {code: to_projected(shape) for code, shape in country_shapes.items()}
    frame = shapely.envelope(shapely.union_all(list(projected_countries.values()))).buffer(reach_km * 2000)
    voronoi = shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=frame, ordered=True)
    voronoi_cells = np.asarray(shapely.get_parts(voronoi))
    if len(voronoi_cells) != len(sites):  # cannot happen with distinct sites; guard against silent misalignment
        raise ValueError(f"Voronoi returned {len(voronoi_cells)} cells for {len(sites)} places")

    country_of = np.array([projected_countries[c] for c in countries], dtype=object)
    reach = shapely.buffer(sites, reach_km * 1000, quad_segs=CIRCLE_SEGMENTS)
    shapely.prepare(country_of)
    cells = _clip(shapely.intersection(voronoi_cells, reach), country_of)
    cells = shapely.make_valid(cells)
    cells = np.array([polygonal(c) for c in cells], dtype=object)
    areas = shapely.area(cells) / 1e6

    pairs, edges_projected = _adjacency(voronoi_cells, np.asarray(countries), reach, country_of)
    edges_ll = to_lonlat(edges_projected) if len(edges_projected) else edges_projected
    return Tessellation(list(place_ids), to_lonlat(cells), cells, areas, pairs, edges_ll, reach_km,
                        voronoi_cells, country_of)


def influence_zones(tess: Tessellation, cells_projected: np.ndarray | None = None) -> np.ndarray:
    """For each place, the land of its country nearer to it than to any other place but beyond every place's
    reach (EQUAL_AREA metres; empty where there is none): where no place is close enough to say who holds the
    ground, the nearest holder's zone of influence. Drawn lighter than territory, never counted in km².
    `cells_projected` replaces the cells cut away (e.g. the simplified cells drawn on screen)."""
    if tess.voronoi is None or tess.countries is None:
        return np.array([shapely.Polygon()] * len(tess.place_ids), dtype=object)
    # The country outlines only bound the zones: 1.5 km of detail is plenty, and keeps the zones light to ship.
    outlines = {id(c): shapely.simplify(c, 1500.0) for c in tess.countries}
    whole = _clip(tess.voronoi, np.array([outlines[id(c)] for c in tess.countries], dtype=object))
    cells = tess.cells_projected if cells_projected is None else cells_projected
    # A place's Voronoi cell holds no other place's cell, so cutting its own cell away is enough.
    zones = shapely.make_valid(shapely.difference(whole, shapely.make_valid(cells)))
    return np.array([polygonal(z) for z in zones], dtype=object)


def to_projected(geoms):
    """Geometries from longitude/latitude to the equal-area projection (metres)."""
    return _reproject(geoms, _transformers()[0])


def to_lonlat(geoms):
    """Geometries from the equal-area projection back to longitude/latitude."""
    return _reproject(geoms, _transformers()[1])


def _reproject(geoms, transformer: Transformer):
    return shapely.transform(geoms, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def _clip(geoms: np.ndarray, shapes: np.ndarray) -> np.ndarray:
    """Intersect each geometry with its shape, only where it is not already well inside (most are):
    intersecting with a detailed country outline is the costly part of the tessellation."""
    out = geoms.copy()
    crossing = ~shapely.contains_properly(shapes, geoms)
    out[crossing] = shapely.intersection(geoms[crossing], shapes[crossing])
    return out


def polygonal(geom):
    """Keep only the areal part of a clipped cell (clipping can leave stray lines or points)."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _adjacency(voronoi_cells: np.ndarray, countries: np.ndarray, reach: np.ndarray,
               country_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of cells in one country that share a border of positive length, and that border.

    Shared edges come from the unclipped Voronoi cells, whose neighbours share exact vertices, then are cut
    to the reach and the country (a point of the bisector is as far from both places, so one disc suffices).
    Cells of different countries meet only along the international border, which is no front line.
    """
    tree = shapely.STRtree(voronoi_cells)
    left, right = tree.query(voronoi_cells, predicate="intersects")
    keep = (left < right) & (countries[left] == countries[right])
    left, right = left[keep], right[keep]
    if len(left) == 0:
        return np.empty((0, 2), int), np.empty(0, dtype=object)
    shared = shapely.intersection(shapely.boundary(voronoi_cells[left]), shapely.boundary(voronoi_cells[right]))
    shared = _clip(shapely.intersection(shared, reach[left]), country_of[left])
    shared = np.array([_linear(g) for g in shared], dtype=object)
    ok = shapely.length(shared) > 1.0  # metres: touching at a corner is not a border
    left, right, shared = left[ok], right[ok], shared[ok]
    order = np.lexsort((right, left))  # by (i, j): a canonical order, and the pack's edge blocks rely on it
    return np.column_stack([left[order], right[order]]), shared[order]


def _linear(geom):
    if geom.geom_type in ("LineString", "MultiLineString"):
        return shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
    lines = [p for p in shapely.get_parts(geom) if p.geom_type in ("LineString", "MultiLineString")]
    return shapely.line_merge(shapely.union_all(lines)) if lines else shapely.LineString()


# --- per date: labels only ---------------------------------------------------------------------------------

def quiet_matrix(quiet_pairs, actor_ids: list[str]) -> np.ndarray:
    """A symmetric actor × actor boolean matrix, True for the pairs (sets of two actor ids, e.g.
    `Dataset.quiet_pairs(date)`) whose shared borders are quiet lines of control on a date."""
    index = {a: i for i, a in enumerate(actor_ids)}
    quiet = np.zeros((len(actor_ids), len(actor_ids)), bool)
    for pair in quiet_pairs:
        a, b = (index[x] for x in pair)
        quiet[a, b] = quiet[b, a] = True  # never [a, a]: a relation pairs two actors
    return quiet


def quiet_mask(tess: Tessellation, controller: np.ndarray, quiet: np.ndarray | None) -> np.ndarray:
    """Which adjacent pairs are held by two actors whose relation is quiet on this date (`quiet_matrix`)."""
    if len(tess.pairs) == 0 or quiet is None:
        return np.zeros(len(tess.pairs), bool)
    return quiet[controller[tess.pairs[:, 0]], controller[tess.pairs[:, 1]]]


def front_mask(tess: Tessellation, controller: np.ndarray, quiet: np.ndarray | None = None) -> np.ndarray:
    """Which adjacent pairs are front lines on this date: their controllers differ and no quiet relation covers
    the two (`quiet`: a `quiet_matrix`; None: every pair of different actors is at war)."""
    if len(tess.pairs) == 0:
        return np.zeros(0, bool)
    differ = controller[tess.pairs[:, 0]] != controller[tess.pairs[:, 1]]
    return differ & ~quiet_mask(tess, controller, quiet)


def challengers(tess: Tessellation, controller: np.ndarray, cells: np.ndarray, front: np.ndarray) -> np.ndarray:
    """The other side of each listed cell (e.g. the contested ones): the actor across the most of its front
    edges (`front_mask`), the lowest actor index on a tie; -1 where the cell has no front. Derived, since an
    event names only who holds a contested place; the web engine applies the same rule
    (frontline-engine.js `_challenger`)."""
    out = np.full(len(cells), -1, dtype=np.int64)
    if len(cells) == 0 or len(tess.pairs) == 0:
        return out
    pairs = tess.pairs[front]
    # Each front edge seen from both its cells: (cell, actor across).
    cell = np.concatenate([pairs[:, 0], pairs[:, 1]])
    other = np.concatenate([controller[pairs[:, 1]], controller[pairs[:, 0]]])
    n_actors = int(controller.max(initial=0)) + 1
    counts = np.zeros((len(controller), n_actors), dtype=np.int64)
    np.add.at(counts, (cell, other), 1)
    mine = counts[cells]
    best = mine.argmax(axis=1)  # argmax takes the first maximum: the lowest actor index
    return np.where(mine.max(axis=1) > 0, best, -1)


def areas_by_actor(tess: Tessellation, controller: np.ndarray, n_actors: int) -> np.ndarray:
    """km² held per actor index."""
    return np.bincount(controller, weights=tess.areas_km2, minlength=n_actors)
