"""Key moments: every landmark is a control event of the shipped data, and none is shown without one."""

from __future__ import annotations

import dataclasses
import datetime as dt

from frontline.io.events import read_events
from frontline.moments import KEY_MOMENTS, key_moments
from frontline.paths import DATA
from tests.conftest import DATA as TEST_DATA


def test_every_key_moment_is_a_sourced_control_event_of_the_shipped_data():
    dataset = read_events(DATA)
    found = key_moments(dataset)
    assert [m for m, _ in found] == sorted(KEY_MOMENTS, key=lambda m: m.date)
    for moment, event in found:
        assert (event.place, event.date, event.controller) == (moment.place, moment.date, moment.controller)
        assert event.sources


def test_a_moment_the_data_does_not_record_is_not_offered():
    dataset = read_events(DATA)
    moved = tuple(dataclasses.replace(e, date=e.date + dt.timedelta(days=1))
                  if (e.place, e.date) == ("mosul", dt.date(2014, 6, 10)) else e for e in dataset.events)
    offered = {(m.place, m.date) for m, _ in key_moments(dataclasses.replace(dataset, events=moved))}
    assert ("mosul", dt.date(2014, 6, 10)) not in offered
    assert ("raqqa", dt.date(2017, 10, 17)) in offered
    assert key_moments(read_events(TEST_DATA / "mini.yaml")) == [] or all(
        m.place in read_events(TEST_DATA / "mini.yaml").places for m, _ in key_moments(read_events(TEST_DATA / "mini.yaml")))
