"""The two sides of a contested place: the side an event names (`against`), else the enemy across most of the
cell's fronts (`territory.challengers`), in the frames, the pack and the static export alike."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pytest

from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events
from frontline.problems import DataError
from frontline.territory import challengers
from frontline.timeline import Timeline
from frontline.timepack import decode_array, pack

SHAPES = subject_shapes(read_countries())
D = dt.date.fromisoformat
# A row of four towns in the Syrian desert, ~45 km apart: w - p - e, and n north of p.
PLACES = {"w": (34.8, 37.5), "p": (34.8, 38.0), "e": (34.8, 38.5), "n": (35.2, 38.0)}


def text(events: list[str], relations: str = "") -> str:
    lines = ["actors:", '  a: {name: A, color: "#e61909"}', '  b: {name: B, color: "#121212"}',
             '  c: {name: C, color: "#57b599"}', "places:"]
    lines += [f"  {pid}: {{name: {pid}, lat: {lat}, lon: {lon}, country: SY, kind: town}}"
              for pid, (lat, lon) in PLACES.items()]
    lines += ["sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}",
              "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events:"]
    lines += [f"  - {e}" for e in events]
    return "\n".join(lines) + ("\n" + relations if relations else "")


def atlas_of(events: list[str], relations: str = "") -> Atlas:
    return Atlas(Timeline(parse_events(text(events, relations).encode(), "literal.yaml")), SHAPES, reach_km=50.0)


def sides(atlas: Atlas, date: str) -> dict[str, str | None]:
    t = atlas.frames_at(D(date)).territory
    return {p: (None if pd.isna(c) else c) for p, c in zip(t["place"], t["challenger"])}


HOLD = "{date: 2015-01-01, place: %s, controller: %s, kind: capture, sources: [s]}"
CONTEST = "{date: 2015-02-01, place: p, controller: a, kind: capture, status: contested, sources: [s]%s}"


def test_the_side_is_derived_from_the_enemy_across_most_fronts():
    # p (a) faces c on two sides (w, e) and b on one (n): the stripes are c's.
    atlas = atlas_of([HOLD % ("w", "c"), HOLD % ("e", "c"), HOLD % ("n", "b"), CONTEST % ""])
    assert sides(atlas, "2015-02-01")["p"] == "c"
    assert sides(atlas, "2015-01-15")["p"] is None  # not contested yet
    assert sides(atlas, "2015-02-01")["w"] is None  # held, not contested


def test_a_named_side_wins_over_the_derived_one():
    atlas = atlas_of([HOLD % ("w", "c"), HOLD % ("e", "c"), HOLD % ("n", "b"), CONTEST % ", against: b"])
    assert sides(atlas, "2015-02-01")["p"] == "b"


def test_a_contested_place_without_enemies_around_has_no_side():
    atlas = atlas_of([CONTEST % ""])
    assert sides(atlas, "2015-02-01")["p"] is None


def test_allies_across_a_quiet_line_are_not_the_other_side():
    relations = "relations:\n  - {actors: [a, c], kind: quiet, from: 2011-03-15, sources: [s]}"
    atlas = atlas_of([HOLD % ("w", "c"), HOLD % ("e", "c"), HOLD % ("n", "b"), CONTEST % ""], relations)
    assert sides(atlas, "2015-02-01")["p"] == "b"


def test_ties_go_to_the_first_actor():
    tess = atlas_of([]).tessellation
    controller = np.zeros(len(tess.place_ids), np.int64)
    ids = tess.place_ids
    controller[ids.index("w")], controller[ids.index("e")] = 2, 1  # p faces b once and c once
    front = controller[tess.pairs[:, 0]] != controller[tess.pairs[:, 1]]
    assert challengers(tess, controller, np.array([ids.index("p")]), front).tolist() == [1]


def test_the_pack_carries_the_named_side():
    atlas = atlas_of([HOLD % ("w", "c"), CONTEST % ", against: b"])
    data = json.loads(json.dumps(pack(atlas)))
    against = decode_array(data["changes"]["against"]).tolist()
    assert sorted(against) == [0, 2]  # w's capture names none; p's contest names b (index 1, stored + 1)


@pytest.mark.parametrize(("event", "field", "message"), [
    ("{date: 2015-02-01, place: p, controller: a, kind: capture, status: contested, against: zz, sources: [s]}",
     "against", "unknown actor"),
    ("{date: 2015-02-01, place: p, controller: a, kind: capture, status: contested, against: a, sources: [s]}",
     "against", "holds the place"),
    ("{date: 2015-02-01, place: p, controller: a, kind: capture, against: b, sources: [s]}",
     "against", "status: contested"),
])
def test_a_bad_side_is_a_problem_with_its_line(event, field, message):
    with pytest.raises(DataError) as caught:
        parse_events(text([event]).encode(), "literal.yaml")
    problems = caught.value.problems
    assert any(p.field == field and message in p.message and p.line == 15 for p in problems), problems
