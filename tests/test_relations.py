"""Relations between actors: a shared border is a front line unless a quiet relation covers the pair that day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from frontline import timepack
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events, read_events
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.territory import front_mask, quiet_mask, quiet_matrix
from frontline.timeline import Timeline

SHAPES = subject_shapes(read_countries())
D = dt.date.fromisoformat
TWO = {"p": (34.8, 38.0), "q": (34.8, 38.5)}  # 46 km apart in the Syrian desert: one shared border
QUIET_AB = "  - {actors: [a, b], kind: quiet, from: 2015-06-01, until: 2015-12-31, sources: [s]}"
WAR_AB = "  - {actors: [b, a], kind: war, from: 2016-01-01, until: 2016-06-30, sources: [s]}"


def text(relations: list[str], places=TWO, events=(("2015-01-01", "q", "b"), ("2017-06-01", "p", "a"))) -> str:
    """A literal dataset: actors a, b, c; places by (lat, lon) in Syria; events (date, place, controller)."""
    lines = ["actors:", '  a: {name: A, color: "#d7301f"}', '  b: {name: B, color: "#1a1a1a"}',
             '  c: {name: C, color: "#11a6f0"}', "places:"]
    lines += [f"  {pid}: {{name: {pid}, lat: {lat}, lon: {lon}, country: SY, kind: town}}"
              for pid, (lat, lon) in places.items()]
    lines += ["sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}",
              "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events:"]
    lines += [f"  - {{date: {d}, place: {p}, controller: {c}, kind: capture, sources: [s]}}" for d, p, c in events]
    if relations:
        lines += ["relations:", *relations]
    return "\n".join(lines) + "\n"


def atlas_of(relations: list[str], **kw) -> Atlas:
    return Atlas(Timeline(parse_events(text(relations, **kw).encode(), "literal.yaml")), SHAPES, reach_km=50.0)


def problems_of(relations: list[str]) -> list:
    with pytest.raises(DataError) as caught:
        parse_events(text(relations).encode(), "literal.yaml")
    return caught.value.problems


FIRST = text([]).count("\n") + 2  # the line of the first relation


# --- semantics ------------------------------------------------------------------------------------------

def test_a_quiet_relation_removes_the_front_only_while_it_lasts():
    atlas = atlas_of([QUIET_AB, WAR_AB])
    assert len(atlas.tessellation.pairs) == 1
    assert len(atlas.frames_at(D("2015-05-31")).fronts) == 1  # outside any relation: war by default
    quiet = atlas.frames_at(D("2015-06-01"))
    assert len(quiet.fronts) == 0 and len(quiet.quiet_borders) == 1
    assert {quiet.quiet_borders.iloc[0]["left"], quiet.quiet_borders.iloc[0]["right"]} == {"a", "b"}
    assert len(atlas.frames_at(D("2015-12-31")).fronts) == 0  # `until` is inclusive
    assert len(atlas.frames_at(D("2016-01-01")).fronts) == 1  # inside a war relation
    assert len(atlas.frames_at(D("2016-01-01")).quiet_borders) == 0
    assert len(atlas.frames_at(D("2017-01-01")).fronts) == 1  # after every relation
    # the areas do not depend on relations
    assert atlas.frames_at(D("2015-06-01")).areas_km2 == atlas.frames_at(D("2015-05-31")).areas_km2


def test_an_open_ended_quiet_relation_lasts_to_the_end_and_binds_only_its_pair():
    rel = "  - {actors: [a, b], kind: quiet, from: 2015-06-01, sources: [s]}"
    atlas = atlas_of([rel], events=(("2015-01-01", "q", "b"), ("2016-01-01", "q", "c")))
    assert len(atlas.frames_at(D("2015-09-01")).fronts) == 0
    assert len(atlas.frames_at(D("2016-01-01")).fronts) == 1  # a and c are at war


def test_quiet_mask_is_vectorised_over_the_pairs():
    atlas = atlas_of([QUIET_AB])
    ds = atlas.timeline.dataset
    assert ds.quiet_pairs(D("2015-07-01")) == {frozenset({"a", "b"})}
    assert ds.quiet_pairs(D("2016-07-01")) == frozenset()
    quiet = quiet_matrix(ds.quiet_pairs(D("2015-07-01")), atlas.timeline.actor_ids)
    assert quiet.tolist() == [[False, True, False], [True, False, False], [False, False, False]]
    controller = atlas.timeline.state_at(D("2015-07-01")).controller
    assert quiet_mask(atlas.tessellation, controller, quiet).tolist() == [True]
    assert front_mask(atlas.tessellation, controller, quiet).tolist() == [False]
    assert front_mask(atlas.tessellation, controller).tolist() == [True]


def test_the_pack_ships_quiet_periods_and_counts_fronts_like_the_frames():
    atlas = atlas_of([QUIET_AB, WAR_AB])
    data = timepack.pack(atlas)
    start = atlas.timeline.dataset.start
    assert data["relations"] == [{"a": 0, "b": 1, "from": (D("2015-06-01") - start).days,
                                  "until": (D("2015-12-31") - start).days}]
    for date in ["2015-05-31", "2015-06-01", "2015-12-31", "2016-01-01", "2017-06-01"]:
        day = (D(date) - start).days
        codes = timepack.state_on(data, day)
        assert timepack.front_count(data, codes, day) == len(atlas.frames_at(D(date)).fronts), date


# --- validation -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("relation", "field", "message"), [
    ("{actors: [a, zz], kind: quiet, from: 2015-06-01, sources: [s]}", "actors", "unknown actor 'zz'"),
    ("{actors: [a, a], kind: quiet, from: 2015-06-01, sources: [s]}", "actors", "with itself"),
    ("{actors: [a, b, c], kind: quiet, from: 2015-06-01, sources: [s]}", "actors", "exactly two actors, got 3"),
    ("{actors: a, kind: quiet, from: 2015-06-01, sources: [s]}", "actors", "exactly two actors, got 1"),
    ("{actors: [a, b], kind: peace, from: 2015-06-01, sources: [s]}", "kind", "'peace' is not one of: quiet, war"),
    ("{actors: [a, b], kind: quiet, from: 2015-02-30, sources: [s]}", "from", "not a real calendar date"),
    ("{actors: [a, b], kind: quiet, from: June 2015, sources: [s]}", "from", "YYYY-MM-DD"),
    ("{actors: [a, b], kind: quiet, from: 2015-06-01, until: 2015-05-01, sources: [s]}", "until",
     "before 'from'"),
    ("{actors: [a, b], kind: quiet, sources: [s]}", "from", "missing"),
    ("{actors: [a, b], kind: quiet, from: 2015-06-01}", "sources", "missing"),
    ("{actors: [a, b], kind: quiet, from: 2015-06-01, sources: []}", "sources", "at least one id"),
    ("{actors: [a, c], kind: quiet, from: 2015-06-01, sources: [nope]}", "sources", "unknown source 'nope'"),
    ("{actors: [a, b], kind: quiet, from: 2015-06-01, sources: [s], since: 2015-01-01}", "since",
     "unknown field in relation"),
])
def test_each_bad_relation_is_reported_with_file_line_and_field(relation, field, message):
    problems = problems_of([QUIET_AB, f"  - {relation}"])
    assert len(problems) == 1, problems
    problem = problems[0]
    assert (problem.file, problem.line, problem.field) == ("literal.yaml", FIRST + 1, field)
    assert message in problem.message


def test_overlapping_periods_of_one_pair_are_reported_in_either_order():
    later = "  - {actors: [b, a], kind: war, from: 2015-12-31, sources: [s]}"
    other_pair = "  - {actors: [a, c], kind: quiet, from: 2015-06-01, sources: [s]}"
    problems = problems_of([QUIET_AB, other_pair, later])
    assert [(p.line, p.field) for p in problems] == [(FIRST + 2, "from")]
    assert f"line {FIRST}" in problems[0].message
    # an open-ended period overlaps every later one, even past one that does not
    problems = problems_of(["  - {actors: [a, b], kind: quiet, from: 2011-06-01, sources: [s]}", WAR_AB, QUIET_AB])
    assert sorted(p.line for p in problems) == [FIRST + 1, FIRST + 2]


def test_every_problem_is_listed_at_once():
    problems = problems_of([
        "  - {actors: [a, a], kind: quiet, from: 2015-06-01, sources: [s]}",
        "  - {actors: [a, b], kind: calm, from: 2015-06-01, sources: [s]}",
        "  - {actors: [a, b], kind: quiet, from: 2015-06-01, until: 2015-01-01, sources: []}",
    ])
    assert [(p.line, p.field) for p in problems] == [(FIRST, "actors"), (FIRST + 1, "kind"),
                                                    (FIRST + 2, "until"), (FIRST + 2, "sources")]


def test_relations_are_optional_and_must_be_a_list():
    parse_events(text([]).encode(), "literal.yaml")
    with pytest.raises(DataError) as caught:
        parse_events((text([]) + "relations: {a: b}\n").encode(), "literal.yaml")
    assert [(p.line, p.field) for p in caught.value.problems] == [(FIRST - 1, "relations")]


# --- the shipped data -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas(Timeline(read_events(DATA, countries=SHAPES)), SHAPES)


def pairs_facing(frames) -> set[frozenset[str]]:
    return {frozenset(p) for p in zip(frames.fronts["left"], frames.fronts["right"])}


def test_shipped_iraqi_government_and_peshmerga_are_quiet_until_the_kirkuk_operation(shipped):
    pair = frozenset({"iraqi_government", "peshmerga"})
    before = shipped.frames_at(D("2011-03-20"))
    assert pair not in pairs_facing(before)
    assert any(frozenset(p) == pair for p in zip(before.quiet_borders["left"], before.quiet_borders["right"]))
    assert pair not in pairs_facing(shipped.frames_at(D("2017-10-15")))
    assert pair in pairs_facing(shipped.frames_at(D("2017-10-17")))


def test_shipped_relations_cite_known_sources(shipped):
    ds = shipped.timeline.dataset
    assert ds.relations
    for relation in ds.relations:
        assert relation.sources and all(s in ds.sources for s in relation.sources)


def test_shipped_pack_counts_fronts_like_the_frames_around_relation_boundaries(shipped):
    data = timepack.pack(shipped)
    assert data["relations"]
    start = shipped.timeline.dataset.start
    days = {0, 5}
    for r in data["relations"]:
        days |= {r["from"] - 1, r["from"], r["from"] + 1, r["until"], r["until"] + 1}
    days = sorted(d for d in days if 0 <= d < data["days"])
    counts = []
    for day in days:
        codes = timepack.state_on(data, day)
        counts.append(timepack.front_count(data, codes, day))
        assert counts[-1] == len(shipped.frames_at(start + dt.timedelta(days=day)).fronts), day
    assert len(set(counts)) > 1
    assert np.all(np.array(counts) >= 0)
