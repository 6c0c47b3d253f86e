"""The area figures and the area chart's series, on the shipped data and real outlines: shares are of each
country's whole land, and the chart's series agree with the figures of the day."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.areas import areas_by_country, chart_series, country_areas_km2
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.timeline import Timeline


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events("data/events.yaml", countries=shapes)), shapes)


def test_each_country_is_measured_whole_not_as_the_land_assigned_to_places(shipped):
    whole = country_areas_km2(shipped)
    assert set(whole) == {"SY", "IQ"}
    # Syria is about 185,000 km², Iraq about 438,000 km² (equal-area outlines of Natural Earth).
    assert 180_000 < whole["SY"] < 192_000
    assert 425_000 < whole["IQ"] < 445_000
    # Reach limits leave land unassigned: a country's cells cover less than the country.
    held = areas_by_country(shipped, shipped.timeline.state_at(dt.date(2015, 6, 1)))
    assert sum(held["SY"].values()) < whole["SY"]


def test_the_chart_series_matches_the_figures_of_any_day(shipped):
    series = chart_series(shipped)
    start = shipped.timeline.dataset.start
    assert series["start"] == start.isoformat()
    assert series["days"][0] == 0 and series["days"] == sorted(set(series["days"]))
    assert [c["code"] for c in series["countries"]] == ["SY", "IQ"]  # Syria first, as the app names them
    n = len(series["days"])
    actors = {a["id"]: a for a in series["actors"]}
    assert all(len(values) == n for a in actors.values() for values in a["km2"].values())
    for day in (dt.date(2014, 6, 20), dt.date(2016, 3, 27), dt.date(2019, 3, 23)):
        offset = (day - start).days
        epoch = max(i for i, d in enumerate(series["days"]) if d <= offset)
        figures = areas_by_country(shipped, shipped.timeline.state_at(day))
        for code, by_actor in figures.items():
            for actor, km2 in by_actor.items():
                assert actors[actor]["km2"][code][epoch] == pytest.approx(km2, abs=1)
    # ISIS held nothing in March 2011 and much of both countries in mid-2015.
    isis = actors["isis"]["km2"]
    assert isis["SY"][0] == 0 and isis["IQ"][0] == 0
    mid_2015 = max(i for i, d in enumerate(series["days"]) if d <= (dt.date(2015, 6, 1) - start).days)
    assert isis["SY"][mid_2015] > 0.2 * series["countries"][0]["km2"]


def test_no_actor_holds_more_than_its_country(shipped):
    series = chart_series(shipped)
    whole = {c["code"]: c["km2"] for c in series["countries"]}
    for e in range(len(series["days"])):
        for code, km2 in whole.items():
            assert sum(a["km2"].get(code, [0] * len(series["days"]))[e] for a in series["actors"]) <= km2
