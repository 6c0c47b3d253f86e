"""Tessellation and front lines on small literal fixtures, and on the shipped data."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import shapely

from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events, read_events
from frontline.territory import tessellate, to_projected
from frontline.timeline import Timeline

SHAPES = subject_shapes(read_countries())
D = dt.date.fromisoformat


def dataset(places: dict[str, tuple[float, float]], events: list[tuple[str, str, str]]):
    """A literal dataset: places by (lat, lon) in Syria; events as (date, place, controller)."""
    lines = ["actors:", '  a: {name: A, color: "#d7301f"}', '  b: {name: B, color: "#1a1a1a"}', "places:"]
    lines += [f"  {pid}: {{name: {pid}, lat: {lat}, lon: {lon}, country: SY, kind: town}}"
              for pid, (lat, lon) in places.items()]
    lines += ["sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}",
              "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events:" + ("" if events else " []")]
    lines += [f"  - {{date: {d}, place: {p}, controller: {c}, kind: capture, sources: [s]}}" for d, p, c in events]
    return parse_events("\n".join(lines).encode(), "literal.yaml")


def atlas_of(places, events, reach_km=50.0) -> Atlas:
    return Atlas(Timeline(dataset(places, events)), SHAPES, reach_km=reach_km)


TWO = {"p": (34.8, 38.0), "q": (34.8, 38.5)}  # 46 km apart in the Syrian desert
THREE = {"p": (34.8, 38.0), "q": (34.8, 38.5), "r": (35.2, 38.25)}


projected = to_projected


def test_two_places_same_controller_have_no_front_and_one_shared_edge():
    atlas = atlas_of(TWO, [])
    frames = atlas.frames_at(D("2015-01-01"))
    assert len(atlas.tessellation.pairs) == 1
    assert len(frames.fronts) == 0
    assert frames.areas_km2.keys() == {"a"}


def test_front_appears_exactly_between_different_controllers():
    atlas = atlas_of(TWO, [("2015-01-01", "q", "b")])
    assert len(atlas.frames_at(D("2014-12-31")).fronts) == 0
    fronts = atlas.frames_at(D("2015-01-01")).fronts
    assert len(fronts) == 1 and {fronts.iloc[0]["left"], fronts.iloc[0]["right"]} == {"a", "b"}
    # the front is the perpendicular bisector: every vertex is equidistant from both places
    line = projected(fronts.geometry.iloc[0])
    p, q = (projected(shapely.Point(lon, lat)) for lat, lon in TWO.values())
    for x, y in shapely.get_coordinates(line):
        v = shapely.Point(x, y)
        assert abs(v.distance(p) - v.distance(q)) < 1.0  # metres


def test_three_places_fronts_only_where_controllers_differ():
    atlas = atlas_of(THREE, [("2015-01-01", "r", "b")])
    assert len(atlas.tessellation.pairs) == 3
    fronts = atlas.frames_at(D("2015-06-01")).fronts
    assert len(fronts) == 2
    assert all({row.left, row.right} == {"a", "b"} for row in fronts.itertuples())


def test_a_place_is_on_a_front_only_on_dates_its_neighbour_is_held_by_another_side():
    row = {f"p{i}": (34.8, 37.5 + 0.4 * i) for i in range(4)}  # four places west to east: a chain of cells
    atlas = atlas_of(row, [("2015-01-01", "p3", "b")])
    assert not atlas.places_on_a_front(before=D("2015-01-01")).any()
    assert atlas.places_on_a_front(before=D("2015-01-02")).tolist() == [False, False, True, True]
    assert atlas.places_on_a_front(before=D("2016-01-01")).tolist() == [False, False, True, True]


def test_one_place_flipping_moves_its_area_and_back():
    atlas = atlas_of(THREE, [("2015-01-01", "r", "b"), ("2016-01-01", "r", "a")])
    cell_r = atlas.tessellation.areas_km2[atlas.timeline.place_ids.index("r")]
    before, during, after = (atlas.frames_at(D(d)).areas_km2 for d in ("2014-06-01", "2015-06-01", "2016-06-01"))
    assert before == after and "b" not in before
    assert during["b"] == pytest.approx(cell_r)
    assert during["a"] + during["b"] == pytest.approx(before["a"])


@pytest.mark.parametrize("places", [TWO, THREE], ids=["two", "three"])
def test_cells_have_no_gaps_or_overlaps(places):
    reach = 50.0
    atlas = atlas_of(places, [], reach_km=reach)
    cells = atlas.tessellation.cells_projected
    # no overlaps: pairwise intersections have no area
    for i in range(len(cells)):
        for j in range(i + 1, len(cells)):
            assert shapely.intersection(cells[i], cells[j]).area < 1.0
    # no gaps: the cells cover exactly the land within reach of some place
    sites = [projected(shapely.Point(lon, lat)) for lat, lon in places.values()]
    within_reach = shapely.intersection(shapely.union_all([s.buffer(reach * 1000, quad_segs=8) for s in sites]),
                                        projected(SHAPES["SY"]))
    assert atlas.tessellation.covered_km2 == pytest.approx(within_reach.area / 1e6, rel=1e-5)
    assert atlas.tessellation.covered_km2 == pytest.approx(shapely.union_all(cells).area / 1e6, rel=1e-9)


def test_cells_are_cut_to_their_country():
    # Abu Kamal (SY) and al-Qaim (IQ) face each other across the border
    lines = ["actors:", '  a: {name: A, color: "#d7301f"}', "places:",
             "  abu_kamal: {name: Abu Kamal, lat: 34.4506, lon: 40.9186, country: SY, kind: town}",
             "  al_qaim: {name: al-Qaim, lat: 34.3688, lon: 41.0945, country: IQ, kind: town}",
             "sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}", "baseline:",
             "  SY: {date: 2011-03-15, controller: a}", "  IQ: {date: 2011-03-15, controller: a}", "events: []"]
    ds = parse_events("\n".join(lines).encode(), "border.yaml")
    atlas = Atlas(Timeline(ds), SHAPES, reach_km=40)
    syria, iraq = atlas.tessellation.cells
    assert shapely.intersection(syria, SHAPES["IQ"]).area < 1e-6
    assert shapely.intersection(iraq, SHAPES["SY"]).area < 1e-6


def test_duplicate_coordinates_still_get_one_cell_each():
    tess = tessellate(np.array([38.0, 38.0, 38.5]), np.array([34.8, 34.8, 34.8]), ["SY"] * 3, SHAPES,
                      ["a", "b", "c"], 40.0)
    assert len(tess.cells) == 3


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas(Timeline(read_events("data/events.yaml")), SHAPES)


def test_shipped_cells_are_valid_and_cover_less_than_the_two_countries(shipped):
    cells = shipped.tessellation.cells
    assert shapely.is_valid(cells).all()
    total = sum(projected(SHAPES[c]).area for c in ("SY", "IQ")) / 1e6
    assert 0.5 * total < shipped.tessellation.covered_km2 < total


def test_shipped_area_series_sums_to_the_covered_area(shipped):
    for item in shipped.area_series[:: max(1, len(shipped.area_series) // 25)]:
        assert sum(item["areas_km2"].values()) == pytest.approx(shipped.tessellation.covered_km2, rel=1e-3)
