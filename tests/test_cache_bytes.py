"""The Atlas's frames cache and the Timeline's state cache are bounded in bytes: visiting every epoch of the
shipped data with small budgets keeps the counted bytes within them, and what is computed after an entry was
evicted is what an unbounded cache gives."""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pytest
import shapely

from frontline.frames import Atlas, gdf_nbytes
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.paths import DATA
from frontline.timeline import ByteCache, Timeline

SHAPES = subject_shapes(read_countries())
FRAMES_BUDGET = 400_000  # ~30 frames with state and areas, ~3 with their GeoDataFrames too
STATE_BUDGET = 60_000  # ~5 states of the shipped data's 440 places


@pytest.fixture(scope="module")
def dataset():
    return read_events(str(DATA), countries=SHAPES)


@pytest.fixture(scope="module")
def reference(dataset) -> Atlas:
    return Atlas(Timeline(dataset), SHAPES)


@pytest.fixture
def small(dataset) -> Atlas:
    return Atlas(Timeline(dataset, cache_bytes=STATE_BUDGET), SHAPES, cache_bytes=FRAMES_BUDGET)


def visits(timeline: Timeline) -> list[dt.date]:
    """Every epoch's first day and a day inside it, the baseline, in record order then backwards."""
    days = [timeline.dataset.start]
    for a, b in zip(timeline.epochs, [*timeline.epochs[1:], timeline.dataset.end]):
        days += [a, a + (b - a) // 2]
    return days + days[::-1]


def within_budget(cache: ByteCache) -> None:
    assert cache.nbytes <= cache.budget
    assert cache.nbytes == sum(cache._sizeof(v) for v in cache.values())  # the running count is the sum


def same_frames(got, want) -> None:
    for name in ("controller", "status", "since", "event"):
        np.testing.assert_array_equal(getattr(got.state, name), getattr(want.state, name), err_msg=name)
    assert got.epoch == want.epoch  # (a Frames is shared by the dates of its epoch: its state's date is any of them)
    assert got.areas_km2 == want.areas_km2
    for layer in ("territory", "fronts", "quiet_borders", "zones"):
        a, b = getattr(got, layer), getattr(want, layer)
        assert list(a.columns) == list(b.columns) and len(a) == len(b), layer
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry")), layer
        assert shapely.equals_exact(a.geometry.values, b.geometry.values, tolerance=0).all(), layer
        assert a.crs == b.crs == "EPSG:4326"


def test_visiting_every_epoch_stays_within_both_budgets(small, reference):
    timeline = small.timeline
    seen = set()
    for k, day in enumerate(visits(timeline)):
        frames = small.frames_at(day)
        frames.areas_km2  # noqa: B018 - what every rerun of the app asks
        if k % 7 == 0:  # what an export asks: the GeoDataFrames, which grow the entry after it was stored
            frames.territory, frames.fronts  # noqa: B018
        seen.add(small._key(day))
        within_budget(small.cache)
        within_budget(timeline.cache)
    assert len(seen) > 400 and len(small.cache) < len(seen) / 10  # many epochs went through; most were evicted
    assert small.cache.nbytes > small.cache.budget / 2  # ...and the cache was used, not emptied
    assert 0 < len(timeline.cache) < 10

    # Evicted long ago, asked again: the same results as an unbounded cache, still within the budgets.
    for day in visits(timeline)[:60:6]:
        same_frames(small.frames_at(day), reference.frames_at(day))
        within_budget(small.cache)
        within_budget(timeline.cache)


def test_a_lazy_property_computed_later_is_counted_and_can_evict(dataset, reference):
    # A budget that holds one date's frames with their GeoDataFrames but not two, whatever the data's size.
    probe = reference.frames_at(dt.date(2016, 3, 26))
    probe.territory, probe.fronts, probe.zones  # noqa: B018
    atlas = Atlas(Timeline(dataset), SHAPES, cache_bytes=int(1.5 * probe.nbytes))
    first = atlas.frames_at(dt.date(2016, 3, 26))
    stored = atlas.cache.nbytes
    assert stored == first.nbytes
    territory = first.territory
    assert atlas.cache.nbytes >= stored + gdf_nbytes(territory)
    # Another date's GeoDataFrames push the older entry out.
    second = atlas.frames_at(dt.date(2017, 10, 17))
    second.territory, second.fronts, second.zones  # noqa: B018
    assert first not in atlas.cache.values() and second in atlas.cache.values()
    within_budget(atlas.cache)
    # An evicted Frames still works, and its growth no longer counts.
    before = atlas.cache.nbytes
    assert len(first.fronts) > 0 and atlas.cache.nbytes == before
    # A Frames larger than the whole budget is handed out but not kept.
    tiny = Atlas(atlas.timeline, SHAPES, cache_bytes=5_000)
    frames = tiny.frames_at(dt.date(2016, 3, 26))
    assert len(frames.territory) > 0 and len(tiny.cache) == 0 and tiny.cache.nbytes == 0


def test_the_estimate_is_not_below_pandas_own_count(reference):
    frames = reference.frames_at(dt.date(2016, 3, 26))
    for layer in ("territory", "fronts", "quiet_borders", "zones"):
        frame = getattr(frames, layer)
        assert gdf_nbytes(frame) >= frame.memory_usage(deep=True).sum(), layer
    state = frames.state
    assert state.nbytes > sum(a.nbytes for a in (state.controller, state.status, state.since, state.event))


def test_states_are_the_same_after_eviction(dataset, reference):
    timeline = Timeline(dataset, cache_bytes=STATE_BUDGET)
    for day in visits(timeline):
        got, want = timeline.state_at(day), reference.timeline.state_at(day)
        assert got.date == want.date == day and got.epoch == want.epoch
        for name in ("controller", "status", "since", "event"):
            np.testing.assert_array_equal(getattr(got, name), getattr(want, name))
        within_budget(timeline.cache)


def test_least_recently_used_goes_first():
    cache = ByteCache(10, len)
    cache.put("a", "aaa")
    cache.put("b", "bbb")
    cache.put("c", "ccc")
    assert cache.get("a") == "aaa"  # now the most recent
    cache.put("d", "dd")  # 11 bytes: b, the least recently used, goes
    assert "b" not in cache and cache.values() == ["ccc", "aaa", "dd"] and cache.nbytes == 8
    assert cache.put("a", "other") == "aaa"  # one value per key: the first stored stays
    cache.put("e", "e" * 11)  # larger than the budget: not kept, and it evicts nothing else
    assert "e" not in cache and cache.nbytes == 8
    with pytest.raises(ValueError):
        ByteCache(-1, len)


def test_sessions_asking_at_once_share_one_cache_safely(dataset, reference):
    """Streamlit's sessions share one Atlas and run in threads: concurrent asks with constant eviction."""
    atlas = Atlas(Timeline(dataset, cache_bytes=STATE_BUDGET), SHAPES, cache_bytes=FRAMES_BUDGET)
    days = visits(atlas.timeline)
    want = {day: reference.frames_at(day).areas_km2 for day in days}
    errors: list[BaseException] = []

    def ask(offset: int) -> None:
        try:
            for day in days[offset::3] + days[:offset:2]:
                frames = atlas.frames_at(day)
                assert frames.areas_km2 == want[day], day
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    within_budget(atlas.cache)
    within_budget(atlas.timeline.cache)
