"""Timeline semantics on small literal fixtures: before, on and after events; same day; reversals; baseline."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.io.events import parse_events, read_events
from frontline.timeline import Timeline

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def timeline(mini_path):
    return Timeline(read_events(mini_path))


@pytest.mark.parametrize(
    "place, date, controller, status, since",
    [
        # baseline, before any event
        ("palmyra", "2011-03-15", "syrian_government", "held", "2011-03-15"),
        ("palmyra", "2015-05-20", "syrian_government", "held", "2011-03-15"),
        # on and after the event
        ("palmyra", "2015-05-21", "isis", "held", "2015-05-21"),
        ("palmyra", "2015-06-01", "isis", "held", "2015-05-21"),
        # the four changes of hands: reversals
        ("palmyra", "2016-03-26", "isis", "held", "2015-05-21"),
        ("palmyra", "2016-03-27", "syrian_government", "held", "2016-03-27"),
        ("palmyra", "2016-04-15", "syrian_government", "held", "2016-03-27"),
        ("palmyra", "2016-12-11", "isis", "held", "2016-12-11"),
        ("palmyra", "2017-03-02", "syrian_government", "held", "2017-03-02"),
        ("palmyra", "2024-12-31", "syrian_government", "held", "2017-03-02"),
        # same-day events that agree; then a statement that keeps the hold keeps its since-date
        ("yarmouk_camp", "2015-04-01", "isis", "contested", "2015-04-01"),
        ("yarmouk_camp", "2018-04-29", "isis", "contested", "2015-04-01"),
        # same day, explicit order: the last one wins
        ("yarmouk_camp", "2018-04-30", "isis", "besieged", "2018-04-30"),
        ("yarmouk_camp", "2018-05-21", "syrian_government", "held", "2018-05-21"),
        # an incident changes nothing
        ("yarmouk_camp", "2018-05-04", "isis", "besieged", "2018-04-30"),
        # per-place baseline
        ("erbil", "2016-01-01", "peshmerga", "held", "2011-03-15"),
    ],
)
def test_state_at(timeline, place, date, controller, status, since):
    rows = {r["id"]: r for r in timeline.rows(timeline.state_at(D(date)))}
    assert (rows[place]["controller"], rows[place]["status"], rows[place]["since"]) == (controller, status, since)


def test_epochs_are_the_distinct_control_dates(timeline):
    assert timeline.epochs == sorted(set(timeline.epochs))
    assert D("2018-05-04") not in timeline.epochs  # the incident's date is no epoch
    assert timeline.epoch_index(D("2011-01-01")) == -1
    assert timeline.epochs[timeline.epoch_index(D("2016-04-15"))] == D("2016-03-27")


def test_changes_between_two_dates(timeline):
    changes = {c.place: c for c in timeline.changes(D("2015-01-01"), D("2016-01-01"))}
    assert set(changes) == {"palmyra", "yarmouk_camp"}
    assert (changes["palmyra"].before, changes["palmyra"].after) == ("syrian_government", "isis")
    assert timeline.changes(D("2016-04-01"), D("2016-04-02")) == []


def test_events_on_a_date_include_incidents(timeline):
    assert [e.kind.value for e in timeline.events_on(D("2018-05-04"))] == ["incident"]
    assert len(timeline.events_between(D("2018-04-29"), D("2018-04-30"))) == 2


def test_cached_state_is_relabelled_with_the_asked_date(timeline):
    a = timeline.state_at(D("2015-06-01"))
    b = timeline.state_at(D("2015-07-01"))
    assert a.controller is b.controller and b.date == D("2015-07-01") and b.epoch == D("2015-05-21")


HEADER = """actors:
  a: {name: A, color: "#000000"}
  b: {name: B, color: "#ffffff"}
places:
  p: {name: P, lat: 34.5, lon: 38.3, country: SY, kind: town}
  q: {name: Q, lat: 35.0, lon: 39.0, country: SY, kind: town}
sources:
  s: {publisher: S, title: T, date: 2015-01-01, leaning: neutral}
baseline:
  SY: {date: 2011-03-15, controller: a}
events:
"""


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("pq"), st.integers(0, 3000), st.sampled_from("ab")), max_size=25),
       st.integers(-10, 3100))
def test_state_matches_a_naive_replay(events, day):
    """Property: the vectorised lookup equals replaying the events in order."""
    start = D("2011-03-15")
    seen: dict[tuple, str] = {}
    lines = []
    for place, offset, actor in events:
        if (place, offset) in seen:
            continue
        seen[(place, offset)] = actor
        when = start + dt.timedelta(days=offset)
        lines.append(f"  - {{date: {when}, place: {place}, controller: {actor}, kind: capture, sources: [s]}}\n")
    timeline = Timeline(parse_events((HEADER + "".join(lines) + ("  []\n" if not lines else "")).replace(
        "events:\n  []", "events: []").encode(), "h.yaml"))
    when = start + dt.timedelta(days=day)
    rows = {r["id"]: r["controller"] for r in timeline.rows(timeline.state_at(when))}
    for place in "pq":
        past = sorted((o, a) for (p, o), a in seen.items() if p == place and start + dt.timedelta(days=o) <= when)
        assert rows[place] == (past[-1][1] if past else "a")
