"""bench/synthetic_war.py: the war set holds control in contiguous blocks, and its pack replays like the Timeline."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pytest

from frontline import timepack

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:  # the bench scripts import each other as top-level modules
    sys.path.insert(0, str(BENCH))

import synthetic_war  # noqa: E402

PLACES, YEARS, SEED = 800, 1, 7


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    before = synthetic_war.CACHE
    synthetic_war.CACHE = tmp_path_factory.mktemp("war-cache")
    yield synthetic_war.CACHE
    synthetic_war.CACHE = before


@pytest.fixture(scope="module")
def war(cache):
    return synthetic_war.war_atlas(PLACES, YEARS, SEED)


@pytest.fixture(scope="module")
def random(cache):
    return synthetic_war.random_atlas(PLACES, YEARS, SEED)


@pytest.fixture(scope="module")
def war_pack(war):
    return timepack.pack(war)


def days_of(atlas) -> int:
    ds = atlas.timeline.dataset
    return (ds.end - ds.start).days + 1


def test_same_places_in_both_variants(war, random):
    a, b = war.timeline.dataset.places, random.timeline.dataset.places
    assert len(a) == PLACES
    assert [(p.lon, p.lat, p.country) for p in a.values()] == [(p.lon, p.lat, p.country) for p in b.values()]
    assert np.array_equal(war.tessellation.pairs, random.tessellation.pairs)


def test_war_control_is_contiguous_random_is_not(war, random):
    mid = days_of(war) // 2
    war_fronts, pairs = synthetic_war.front_share(war, mid)
    random_fronts, _ = synthetic_war.front_share(random, mid)
    assert war_fronts > 0  # there is a war: insurgents hold ground by mid-year
    assert random_fronts / pairs > 0.7  # random controllers: nearly every border is a front
    assert war_fronts < 0.3 * random_fronts


def test_war_fronts_move_gradually(war):
    day, place, code, _, start = timepack.net_changes(war)
    assert len(day) > PLACES // 4  # control moves ...
    assert np.bincount(day).max() < 0.05 * PLACES  # ... a little each day, never a wholesale reshuffle
    assert (code >> timepack.STATUS_SHIFT == 1).any()  # some places are contested along the moving fronts
    assert len(set(timepack.split_codes(code)[0].tolist())) >= 3  # several actors take ground


def test_pack_replays_like_the_timeline(war, war_pack):
    timeline = war.timeline
    start = timeline.dataset.start
    days = days_of(war)
    change_days = timepack.decoded_changes(war_pack)[0]
    picks = {0, 1, days // 3, days // 2, days - 1, int(change_days[len(change_days) // 2]), int(change_days[-1]) - 1}
    for d in sorted(picks):
        state = timeline.state_at(start + dt.timedelta(days=d))
        expected = state.controller.astype(np.int64) | (state.status.astype(np.int64) << timepack.STATUS_SHIFT)
        codes = timepack.state_on(war_pack, d)
        assert np.array_equal(codes, expected), f"day {d}"
        assert timepack.front_count(war_pack, codes, d) == synthetic_war.front_share(war, d)[0]


def test_data_files_are_cached_by_parameters(cache, war):
    path = synthetic_war.war_path(PLACES, YEARS, SEED)
    assert path.parent == cache
    stamp = path.stat().st_mtime_ns
    assert synthetic_war.war_path(PLACES, YEARS, SEED).stat().st_mtime_ns == stamp
    assert synthetic_war.war_path(PLACES, YEARS, SEED + 1) != path
