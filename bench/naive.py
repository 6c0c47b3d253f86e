"""The naive baseline: everything recomputed from the raw events for each date, as a first version would.

Honest but correct: it must agree with `Atlas.frames_at(d).areas_km2` within 1%, which also cross-checks
the core's precomputed tessellation and label-only per-date work.
"""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import shapely
from common import timed

from frontline.frames import Atlas
from frontline.model import Dataset, Event
from frontline.territory import DEFAULT_REACH_KM, EQUAL_AREA

TOLERANCE = 0.01


def controllers_on(dataset: Dataset, date: dt.date) -> dict[str, str]:
    """Each place's controller on `date`: its last control event on or before it (ties by order), else its baseline."""
    last: dict[str, Event] = {}
    for event in dataset.events:
        if event.changes_control and event.date <= date:
            held = last.get(event.place)
            if held is None or (event.date, event.order) >= (held.date, held.order):
                last[event.place] = event
    return {
        pid: last[pid].controller if pid in last else dataset.baseline_of(place)[0]
        for pid, place in dataset.places.items()
    }


def places_gdf(dataset: Dataset, controllers: dict[str, str]) -> gpd.GeoDataFrame:
    """One point per place, in the equal-area projection."""
    places = list(dataset.places.values())
    frame = gpd.GeoDataFrame(
        {
            "place": [p.id for p in places],
            "country": [p.country for p in places],
            "controller": [controllers[p.id] for p in places],
        },
        geometry=gpd.points_from_xy([p.lon for p in places], [p.lat for p in places]),
        crs=4326,
    )
    return frame.to_crs(EQUAL_AREA)


def _distinct(points: gpd.GeoSeries) -> np.ndarray:
    """Voronoi needs distinct sites: move exact duplicates a metre apart (as the core does)."""
    xy = shapely.get_coordinates(points.values)
    seen: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(map(tuple, xy)):
        k = seen.get((x, y), 0)
        seen[(x, y)] = k + 1
        xy[i] = (x + k, y + k)
    return shapely.points(xy)


def areas_on(
    dataset: Dataset, shapes: dict[str, object], date: dt.date, reach_km: float = DEFAULT_REACH_KM
) -> dict[str, float]:
    """km² per actor on `date`: Voronoi, clip to country and reach, dissolve by controller, measure."""
    places = places_gdf(dataset, controllers_on(dataset, date))
    countries = gpd.GeoSeries(list(shapes.values()), index=list(shapes), crs=4326).to_crs(EQUAL_AREA)
    sites = _distinct(places.geometry)
    frame = shapely.envelope(shapely.union_all(countries.values)).buffer(reach_km * 2000)
    cells = shapely.get_parts(shapely.voronoi_polygons(shapely.multipoints(sites), extend_to=frame, ordered=True))
    clipped = shapely.intersection(
        shapely.intersection(cells, shapely.buffer(sites, reach_km * 1000)), countries.loc[places["country"]].values
    )
    territory = gpd.GeoDataFrame(
        {"controller": places["controller"]}, geometry=shapely.make_valid(clipped), crs=EQUAL_AREA
    )
    dissolved = territory.dissolve(by="controller")
    area = dissolved.geometry.area / 1e6
    return {actor: float(km2) for actor, km2 in area.items() if km2 > 0}


def disagreements(naive: dict[str, float], core: dict[str, float]) -> list[str]:
    """Actors whose km² differ by more than TOLERANCE between the naive and the core computation."""
    out = []
    for actor in sorted(set(naive) | set(core)):
        a, b = naive.get(actor, 0.0), core.get(actor, 0.0)
        if abs(a - b) > TOLERANCE * max(a, b, 1.0):
            out.append(f"{actor}: naive {a:.0f} km² vs core {b:.0f} km²")
    return out


def run(atlas: Atlas, shapes: dict[str, object], dates: list[dt.date]) -> tuple[list[float], list[str]]:
    """Seconds per date for the naive computation, and every disagreement with the core (should be none)."""
    samples, problems = [], []
    for date in dates:
        areas, seconds = timed(lambda d=date: areas_on(atlas.timeline.dataset, shapes, d))
        samples.append(seconds)
        problems += [f"{date}: {p}" for p in disagreements(areas, atlas.frames_at(date).areas_km2)]
    return samples, problems
