"""The age of the evidence behind each place: its latest sourced event of any kind, on a literal fixture."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from frontline.dates import long_date
from frontline.evidence import (
    AGE_CLASSES,
    age_class,
    age_classes,
    age_days,
    confirmed_sentence,
    describe,
    last_confirmed,
)
from frontline.io.events import parse_events, read_events
from frontline.timeline import Timeline

D = dt.date.fromisoformat

# (date, place, kind, controller or None for an incident)
EVENTS = [
    ("2015-01-10", "p", "capture", "b"),
    ("2015-03-01", "q", "capture", "b"),
    ("2015-06-01", "p", "incident", None),  # p's latest evidence is an incident: it changes no control
    ("2016-01-01", "q", "statement", "b"),
    ("2017-01-01", "s", "capture", "b"),  # s: nothing before 2017
]
# p: incident; q: statement; r: the baseline only; s: the baseline until 2017.


def literal_timeline() -> Timeline:
    lines = ["actors:", '  a: {name: A, color: "#d7301f"}', '  b: {name: B, color: "#1a1a1a"}', "places:"]
    lines += [f"  {pid}: {{name: {pid.upper()}, lat: 34.8, lon: {38 + i / 2}, country: SY, kind: town}}"
              for i, pid in enumerate("pqrs")]
    lines += ["sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}",
              "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events:"]
    for d, p, kind, controller in EVENTS:
        who = f"controller: {controller}" if controller else "claimant: X, claim: Y"
        lines.append(f"  - {{date: {d}, place: {p}, kind: {kind}, {who}, sources: [s]}}")
    return Timeline(parse_events("\n".join(lines).encode(), "literal.yaml"))


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return literal_timeline()


def test_last_confirmed_any_kind_or_none(timeline):
    c = last_confirmed(timeline, D("2016-03-01"))
    assert c.place_ids == ["p", "q", "r", "s"]
    assert c.dates() == [D("2015-06-01"), D("2016-01-01"), None, None]
    assert c.of("p") == D("2015-06-01") and c.of("r") is None
    assert c.confirmed.tolist() == [True, True, False, False]
    assert timeline.events[int(c.event[0])].kind.value == "incident"
    assert c.event[2] == c.event[3] == -1


def test_age_days_exact(timeline):
    c = last_confirmed(timeline, D("2016-03-01"))
    # p: 2015-06-01 → 2016-03-01; q: 2016-01-01 → 2016-03-01; r, s: the baseline, 2011-03-15 → 2016-03-01
    assert age_days(c).tolist() == [274, 60, 1813, 1813]
    assert [age_class(d) for d in age_days(c)] == ["months", "fresh", "years", "years"]
    assert age_classes(age_days(c)).tolist() == ["months", "fresh", "years", "years"]


def test_the_event_of_the_shown_day_counts_and_later_ones_do_not(timeline):
    c = last_confirmed(timeline, D("2015-06-01"))
    assert c.dates() == [D("2015-06-01"), D("2015-03-01"), None, None]
    assert age_days(c).tolist() == [0, 92, 1539, 1539]
    c = last_confirmed(timeline, D("2015-05-31"))
    assert c.of("p") == D("2015-01-10") and age_days(c)[0] == 141
    c = last_confirmed(timeline, D("2017-01-01"))
    assert c.dates() == [D("2015-06-01"), D("2016-01-01"), None, D("2017-01-01")]
    assert age_days(c).tolist() == [580, 366, 2119, 0]
    assert age_classes(age_days(c)).tolist() == ["years", "years", "years", "fresh"]


def test_a_state_stands_for_its_date(timeline):
    by_state = last_confirmed(timeline, timeline.state_at(D("2016-03-01")))
    by_date = last_confirmed(timeline, D("2016-03-01"))
    assert by_state.date == D("2016-03-01")
    assert (by_state.day == by_date.day).all() and (by_state.event == by_date.event).all()


def test_before_the_baseline_the_age_is_zero(timeline):
    c = last_confirmed(timeline, D("2011-01-01"))
    assert c.dates() == [None] * 4 and age_days(c).tolist() == [0] * 4


def test_age_class_bounds():
    assert AGE_CLASSES == (("fresh", 0, 90), ("months", 91, 365), ("years", 366, None))
    expected = {0: "fresh", 90: "fresh", 91: "months", 365: "months", 366: "years", 10_000: "years"}
    assert {d: age_class(d) for d in expected} == expected
    assert age_classes(np.array(list(expected))).tolist() == list(expected.values())
    with pytest.raises(ValueError):
        age_class(-1)


def test_sentences(timeline):
    assert long_date(D("2016-03-27")) == "27 March 2016"
    assert (confirmed_sentence(D("2016-03-27"), D("2016-07-28"), D("2011-03-15"))
            == "last confirmed on 27 March 2016 (123 days before the shown date)")
    c = last_confirmed(timeline, D("2016-03-01"))
    assert describe(c, "p") == "last confirmed on 1 June 2015 (274 days before the shown date)"
    assert describe(c, "r") == ("not confirmed by any event since the baseline of 15 March 2011 "
                                "(1,813 days before the shown date)")
    assert describe(last_confirmed(timeline, D("2016-01-02")), "q") == (
        "last confirmed on 1 January 2016 (1 day before the shown date)")
    assert describe(last_confirmed(timeline, D("2016-01-01")), "q") == (
        "last confirmed on 1 January 2016 (on the shown date)")


def test_a_dataset_without_events():
    lines = ["actors:", '  a: {name: A, color: "#d7301f"}', "places:",
             "  p: {name: P, lat: 34.8, lon: 38.0, country: SY, kind: town}",
             "sources:", "  s: {publisher: P, title: T, date: 2015-01-01, leaning: neutral}",
             "baseline:", "  SY: {date: 2011-03-15, controller: a}", "events: []"]
    timeline = Timeline(parse_events("\n".join(lines).encode(), "empty.yaml"))
    c = last_confirmed(timeline, D("2011-03-25"))
    assert c.dates() == [None] and age_days(c).tolist() == [10]


def test_shipped_ages_are_bounded_and_match_a_plain_scan():
    timeline = Timeline(read_events("data/events.yaml"))
    date = D("2016-04-30")
    c = last_confirmed(timeline, date)
    latest: dict[str, dt.date] = {}
    for event in timeline.events:
        if event.date <= date and event.sources:
            latest[event.place] = max(latest.get(event.place, event.date), event.date)
    assert c.dates() == [latest.get(p) for p in timeline.place_ids]
    assert (age_days(c) >= 0).all()
    assert describe(c, "palmyra") == "last confirmed on 27 March 2016 (34 days before the shown date)"
