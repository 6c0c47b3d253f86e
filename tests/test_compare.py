"""Comparing two dates: km² gained and lost per actor, the places that changed hands, the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import time

import numpy as np
import pytest

from frontline.compare import CHANGED_HANDS, CSV_FIELDS, UNCHANGED, compare, to_csv
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events, read_events
from frontline.model import Status
from frontline.render.text import csv_safe
from frontline.territory import tessellate
from frontline.timeline import Timeline

SHAPES = subject_shapes(read_countries())
D = dt.date.fromisoformat
REACH_KM = 50.0

# Four places in the Syrian desert (lat, lon); the first's name is one a spreadsheet would take for a formula.
PLACES = {"p": ("=SUM(1)", 34.8, 38.0), "q": ("Q", 34.8, 38.5), "r": ("R", 35.2, 38.25), "s": ("S", 34.4, 38.25)}
# (date, place, controller, status); every place starts with `a` (the baseline).
EVENTS = [
    ("2015-01-01", "q", "b", "held"),
    ("2015-06-01", "r", "c", "held"),
    ("2015-09-01", "s", "a", "contested"),
    ("2016-01-01", "q", "c", "held"),
    ("2016-01-01", "p", "a", "held"),  # the baseline holder confirmed: no change of hands
    ("2016-02-01", "r", "a", "held"),  # r goes back: the same holder at both ends of 2015-03-01 → 2016-03-01
    ("2016-06-01", "p", "b", "held"),
]


def literal_dataset():
    lines = ["actors:", '  a: {name: A, color: "#d7301f"}', '  b: {name: B, color: "#1a1a1a"}',
             '  c: {name: C, color: "#1f78b4"}', "places:"]
    lines += [f'  {pid}: {{name: "{name}", lat: {lat}, lon: {lon}, country: SY, kind: town}}'
              for pid, (name, lat, lon) in PLACES.items()]
    lines += ["sources:",
              "  s1: {publisher: P, title: T, date: 2015-01-01, url: 'https://example.org/1', leaning: neutral}",
              "  s2: {publisher: '-Q', title: U, date: 2016-01-01, leaning: neutral}",
              "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events:"]
    lines += [f"  - {{date: {d}, place: {p}, controller: {c}, status: {s}, kind: capture, "
              f"sources: [{'s2' if d >= '2016' else 's1'}]}}" for d, p, c, s in EVENTS]
    return parse_events("\n".join(lines).encode(), "literal.yaml")


@pytest.fixture(scope="module")
def literal() -> Atlas:
    return Atlas(Timeline(literal_dataset()), SHAPES, reach_km=REACH_KM)


@pytest.fixture(scope="module")
def area() -> dict[str, float]:
    """Each place's cell area, from a tessellation made here rather than the Atlas's."""
    ids = list(PLACES)
    tess = tessellate(np.array([PLACES[p][2] for p in ids]), np.array([PLACES[p][1] for p in ids]), ["SY"] * len(ids),
                      SHAPES, ids, REACH_KM)
    return {p: float(a) for p, a in zip(ids, tess.areas_km2, strict=True)}


def test_literal_gains_and_losses_are_exact(literal, area):
    c = compare(literal, D("2014-12-31"), D("2015-07-01"))  # q: a → b, r: a → c
    assert [(x.place, x.before, x.after) for x in c.changed] == [("q", "a", "b"), ("r", "a", "c")]
    assert c.actors["a"].lost_km2 == area["q"] + area["r"] and c.actors["a"].gained_km2 == 0
    assert c.actors["b"].gained_km2 == area["q"] and c.actors["b"].lost_km2 == 0
    assert c.actors["c"].gained_km2 == area["r"] and c.actors["c"].lost_km2 == 0
    assert c.actors["a"].before_km2 == pytest.approx(sum(area.values()), rel=1e-12)
    assert c.actors["a"].after_km2 == pytest.approx(area["p"] + area["s"], rel=1e-12)
    assert c.actors["b"].before_km2 == 0 and c.actors["b"].after_km2 == area["q"]
    assert c.actors["a"].net_km2 == -(area["q"] + area["r"])
    assert c.gained_km2 == pytest.approx(area["q"] + area["r"], rel=1e-12)
    assert [x.area_km2 for x in c.changed] == [area["q"], area["r"]]
    assert c.kind.tolist() == [UNCHANGED, CHANGED_HANDS, CHANGED_HANDS, UNCHANGED]
    assert c.status_changed == ()


def test_literal_only_the_two_ends_count_and_status_is_listed_apart(literal, area):
    c = compare(literal, D("2015-03-01"), D("2016-03-01"))  # q: b → c; r: a → c → a; s: held → contested
    assert [(x.place, x.before, x.after) for x in c.changed] == [("q", "b", "c")]
    q = c.changed[0]
    assert [(e.date, e.controller) for e in q.events] == [(D("2016-01-01"), "c")]
    assert q.sources == ("s2",) and q.name == "Q" and q.country == "SY"
    assert c.actors.keys() == {"a", "b", "c"}
    assert (c.actors["b"].lost_km2, c.actors["c"].gained_km2) == (area["q"], area["q"])
    assert (c.actors["a"].gained_km2, c.actors["a"].lost_km2) == (0, 0)
    assert c.actors["c"].before_km2 == 0 and c.actors["c"].after_km2 == area["q"]  # r's months with c: not counted
    assert c.actors["c"].net_km2 == area["q"]
    [s] = c.status_changed
    assert (s.place, s.before, s.after, s.status_before, s.status_after) == ("s", "a", "a", Status.HELD,
                                                                              Status.CONTESTED)
    assert [e.date for e in s.events] == [D("2015-09-01")]
    assert c.kind.tolist() == [UNCHANGED, CHANGED_HANDS, UNCHANGED, UNCHANGED]


def test_events_are_those_after_the_first_date_up_to_the_second(literal):
    c = compare(literal, D("2015-01-01"), D("2016-01-01"))  # the q capture of 2015-01-01 is already in `first`
    assert [(x.place, [e.date.isoformat() for e in x.events]) for x in c.changed] == [
        ("r", ["2015-06-01"]), ("q", ["2016-01-01"])]  # by first event date
    c = compare(literal, D("2014-12-31"), D("2016-01-01"))
    q = next(x for x in c.changed if x.place == "q")
    assert [e.date.isoformat() for e in q.events] == ["2015-01-01", "2016-01-01"]
    assert q.sources == ("s1", "s2")


def test_the_dates_in_either_order_give_the_same_comparison(literal):
    forward = compare(literal, D("2014-12-31"), D("2015-07-01"))
    backward = compare(literal, D("2015-07-01"), D("2014-12-31"))
    assert (backward.first, backward.second) == (D("2015-07-01"), D("2014-12-31"))
    assert (backward.earlier, backward.later) == (D("2014-12-31"), D("2015-07-01"))
    assert backward.reversed and not forward.reversed
    assert backward.actors == forward.actors and backward.changed == forward.changed
    assert (backward.kind == forward.kind).all()


def test_the_same_date_twice_changes_nothing(literal):
    c = compare(literal, D("2015-07-01"), D("2015-07-01"))
    assert c.changed == () and c.status_changed == () and not c.kind.any()
    assert all(a.gained_km2 == a.lost_km2 == 0 for a in c.actors.values())


def test_literal_csv_one_row_per_changed_place(literal):
    ds = literal.timeline.dataset
    c = compare(literal, D("2014-12-31"), D("2016-03-01"))  # q: a → b → c; r back to a; s contested
    rows = list(csv.reader(io.StringIO(to_csv(c, ds).decode("utf-8"), newline="")))
    assert rows[0] == CSV_FIELDS
    assert [r[0] for r in rows[1:]] == [x.place for x in c.changed] == ["q"]
    row = dict(zip(CSV_FIELDS, rows[1], strict=True))
    assert (row["name"], row["country"], row["before"], row["after"]) == ("Q", "SY", "a", "c")
    assert row["first_event_date"] == "2015-01-01"
    assert row["events"] == "2015-01-01 capture; 2016-01-01 capture"
    assert row["source_ids"] == "s1; s2"
    assert row["sources"] == "P, “T”, 2015-01-01, https://example.org/1; -Q, “U”, 2016-01-01"


def test_literal_csv_defuses_formulas(literal):
    c = compare(literal, D("2016-03-01"), D("2016-07-01"))  # p, named "=SUM(1)", goes to b, cited by "-Q, …"
    rows = list(csv.reader(io.StringIO(to_csv(c, literal.timeline.dataset).decode("utf-8"), newline="")))
    assert len(rows) == 2
    row = dict(zip(CSV_FIELDS, rows[1], strict=True))
    assert (row["place"], row["name"], row["before"], row["after"]) == ("p", "'=SUM(1)", "a", "b")
    assert row["sources"] == "'-Q, “U”, 2016-01-01"


def test_csv_safe_prefixes_formula_starts():
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_safe(start + "1") == "'" + start + "1"
    assert csv_safe("Palmyra") == "Palmyra" and csv_safe(-1.5) == -1.5


# --- the shipped data -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas(Timeline(read_events("data/events.yaml")), SHAPES)


def test_shipped_spring_2016_palmyra_and_qaryatain_go_to_the_government(shipped):
    start = time.perf_counter()
    c = compare(shipped, D("2016-03-01"), D("2016-04-30"))
    elapsed = time.perf_counter() - start
    print(f"compare() on the shipped data: {elapsed * 1000:.1f} ms")
    changed = {x.place: x for x in c.changed}
    for place in ("palmyra", "al_qaryatain"):
        assert (changed[place].before, changed[place].after) == ("isis", "syrian_government")
        assert changed[place].events and all(D("2016-03-01") < e.date <= D("2016-04-30")
                                             for e in changed[place].events)
        assert changed[place].sources
    assert c.actors["syrian_government"].gained_km2 >= changed["palmyra"].area_km2 + changed["al_qaryatain"].area_km2
    assert c.actors["isis"].lost_km2 >= changed["palmyra"].area_km2 + changed["al_qaryatain"].area_km2
    gained = sum(a.gained_km2 for a in c.actors.values())
    lost = sum(a.lost_km2 for a in c.actors.values())
    assert gained == pytest.approx(lost, rel=1e-9) and gained > 0
    for a in c.actors.values():
        assert a.after_km2 - a.before_km2 == pytest.approx(a.net_km2, abs=1e-6)
    assert c.kind.sum() == len(c.changed)

    rows = list(csv.reader(io.StringIO(to_csv(c, shipped.timeline.dataset).decode("utf-8"), newline="")))
    assert rows[0] == CSV_FIELDS and len(rows) == 1 + len(c.changed)
    assert {r[0] for r in rows[1:]} == set(changed)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_shipped_before_palmyra_falls_neither_is_listed(shipped):
    c = compare(shipped, D("2016-03-01"), D("2016-03-26"))
    assert not {"palmyra", "al_qaryatain"} & {x.place for x in c.changed}
    assert sum(a.gained_km2 for a in c.actors.values()) == pytest.approx(sum(a.lost_km2 for a in c.actors.values()))
