"""Who held each place on any date.

Control events are sorted once by (place, date, order) into flat numpy arrays; the state on a date
is then one vectorised binary search over all places at once. Memory grows with the events, not with
epochs × places: a state is only materialised when asked for, and a cache bounded in bytes (`ByteCache`)
keeps the recently used ones.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

from frontline.model import Dataset, Event, Status

STATUSES = list(Status)
_SHIFT = np.int64(1 << 32)

# What a cached state costs besides its arrays' data: the dataclass, its dates, four ndarray headers (~112 bytes
# each) and the cache's own bookkeeping (the ordered dict's entry, the size kept per key).
STATE_OVERHEAD_BYTES = 800
# The default budget of the state cache: every epoch of the shipped data (440 places, ~10 kB a state), or
# the ~40 most recent states of a 20,000-place dataset (~420 kB each).
DEFAULT_STATE_CACHE_BYTES = 16 << 20

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class ByteCache(Generic[K, V]):
    """Least-recently-used values, bounded by their estimated size in bytes rather than by their number.

    `sizeof(value)` estimates the bytes a value holds; it must be cheap (array sizes and counts, never a walk
    over objects). A value that grows after it was stored (a lazily computed property) is measured again with
    `recount`. Whenever the counted bytes (`nbytes`) exceed `budget`, the least recently used values are
    dropped, oldest first, until they fit: between calls `nbytes <= budget` always holds. A value larger than
    the whole budget is not kept at all (and pushes nothing out). Dropping a value only forgets it: whoever
    holds it keeps a working object, and asking again computes the same result.

    Thread-safe: Streamlit's sessions share one Atlas and ask for dates from several threads at once.
    """

    def __init__(self, budget: int, sizeof: Callable[[V], int]):
        if budget < 0:
            raise ValueError(f"a cache budget must be >= 0 bytes, not {budget}")
        self.budget = budget
        self.nbytes = 0
        self._sizeof = sizeof
        self._values: OrderedDict[K, V] = OrderedDict()
        self._sizes: dict[K, int] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._values

    def values(self) -> list[V]:
        """The values stored, least recently used first (a copy)."""
        with self._lock:
            return list(self._values.values())

    def get(self, key: K) -> V | None:
        """The value stored under `key` (now the most recently used), or None."""
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        """Store `value` under `key` as the most recently used; return what is stored under `key` (the value
        another thread stored first, if one did, so that there is one object per key)."""
        size = self._sizeof(value)
        with self._lock:
            there = self._values.get(key)
            if there is not None:
                self._values.move_to_end(key)
                return there
            if size > self.budget:  # it could only be kept by dropping everything else, and then not even so
                return value
            self._values[key] = value
            self._sizes[key] = size
            self.nbytes += size
            self._evict()
        return value

    def recount(self, key: K, value: V) -> None:
        """Measure `value` again (it has grown) if it is still the one stored under `key`; drop the least
        recently used values if the count is now over budget."""
        with self._lock:
            if self._values.get(key) is not value:
                return
            size = self._sizeof(value)
            self.nbytes += size - self._sizes[key]
            self._sizes[key] = size
            if size > self.budget:
                del self._values[key]
                self.nbytes -= self._sizes.pop(key)
            self._evict()

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._sizes.clear()
            self.nbytes = 0

    def _evict(self) -> None:
        while self.nbytes > self.budget and self._values:
            key, _ = self._values.popitem(last=False)
            self.nbytes -= self._sizes.pop(key)


@dataclass(frozen=True)
class ControlState:
    """Control of every place on one date; arrays are aligned with `Timeline.place_ids`."""

    date: dt.date
    epoch: dt.date | None  # the last event date on or before `date`; None before the first event
    controller: np.ndarray  # actor index per place (into Timeline.actor_ids)
    status: np.ndarray  # index into STATUSES
    since: np.ndarray  # ordinal day since when the current controller held it
    event: np.ndarray  # index into Timeline.control_events of the deciding event, -1 for the baseline

    @property
    def nbytes(self) -> int:
        """Estimated bytes held: the arrays' data plus a fixed overhead (`STATE_OVERHEAD_BYTES`)."""
        return (self.controller.nbytes + self.status.nbytes + self.since.nbytes + self.event.nbytes
                + STATE_OVERHEAD_BYTES)


@dataclass(frozen=True)
class Change:
    place: str
    before: str
    after: str
    status_before: Status
    status_after: Status


class Timeline:
    """The control of every place on any date of a dataset.

    `cache_bytes` bounds the cache of states (one per epoch, `ByteCache`, measured by `ControlState.nbytes`).
    """

    def __init__(self, dataset: Dataset, cache_bytes: int = DEFAULT_STATE_CACHE_BYTES):
        self.dataset = dataset
        self.place_ids: list[str] = list(dataset.places)
        self.actor_ids: list[str] = list(dataset.actors)
        place_index = {p: i for i, p in enumerate(self.place_ids)}
        actor_index = {a: i for i, a in enumerate(self.actor_ids)}

        self.events: tuple[Event, ...] = dataset.events  # all, by date (incidents included): the feed
        self._event_days = [e.date.toordinal() for e in self.events]
        control = [e for e in dataset.events if e.changes_control]
        control.sort(key=lambda e: (place_index[e.place], e.date, e.order, e.line))
        self.control_events: tuple[Event, ...] = tuple(control)

        n = len(control)
        self._ev_place = np.fromiter((place_index[e.place] for e in control), np.int64, n)
        self._ev_day = np.fromiter((e.date.toordinal() for e in control), np.int64, n)
        self._ev_actor = np.fromiter((actor_index[e.controller] for e in control), np.int32, n)
        self._ev_status = np.fromiter((STATUSES.index(e.status) for e in control), np.int8, n)
        self._ev_against = np.fromiter((actor_index.get(e.against, -1) for e in control), np.int32, n)
        self._keys = self._ev_place * _SHIFT + self._ev_day

        base = [dataset.baseline_of(dataset.places[p]) for p in self.place_ids]
        self._base_actor = np.array([actor_index[c] for c, _ in base], np.int32)
        self._base_day = np.array([d.toordinal() for _, d in base], np.int64)
        self._ev_since = self._since_days()

        self.epochs: list[dt.date] = sorted({e.date for e in control})
        self._epoch_days = np.array([d.toordinal() for d in self.epochs], np.int64)
        self._place_range = np.arange(len(self.place_ids), dtype=np.int64) * _SHIFT
        self.cache: ByteCache[int, ControlState] = ByteCache(cache_bytes, lambda state: state.nbytes)

    def _since_days(self) -> np.ndarray:
        """For each event, the day its controller's unbroken hold on the place began."""
        since = self._ev_day.copy()
        if len(since) == 0:
            return since
        same_place = np.r_[False, self._ev_place[1:] == self._ev_place[:-1]]
        same_actor = np.r_[False, self._ev_actor[1:] == self._ev_actor[:-1]]
        first = ~same_place
        # The first event of a place continues the baseline hold if it names the baseline holder.
        first_idx = np.flatnonzero(first)
        keeps_base = self._ev_actor[first_idx] == self._base_actor[self._ev_place[first_idx]]
        since[first_idx[keeps_base]] = self._base_day[self._ev_place[first_idx[keeps_base]]]
        continues = same_place & same_actor
        # Propagate the start of each run forward: a run starts wherever `continues` is False.
        run_start = np.where(continues, 0, np.arange(len(since)))
        np.maximum.accumulate(run_start, out=run_start)
        return since[run_start]

    def epoch_index(self, date: dt.date) -> int:
        """Index of the last epoch on or before `date`; -1 before the first event."""
        return bisect.bisect_right(self.epochs, date) - 1

    def state_at(self, date: dt.date) -> ControlState:
        index = self.epoch_index(date)
        cached = self.cache.get(index)
        if cached is None:
            cached = self.cache.put(index, self._compute(index, date))
        return cached if cached.date == date else _redated(cached, date)

    def _compute(self, index: int, date: dt.date) -> ControlState:
        n = len(self.place_ids)
        if index < 0:  # before the first event: everyone at their baseline
            return ControlState(date, None, self._base_actor.copy(), np.zeros(n, np.int8),
                                self._base_day.copy(), np.full(n, -1, np.int64))
        day = self._epoch_days[index]
        pos = np.searchsorted(self._keys, self._place_range + day, side="right") - 1
        safe = np.maximum(pos, 0)
        has = (pos >= 0) & (self._ev_place[safe] == np.arange(n))
        return ControlState(
            date=date,
            epoch=self.epochs[index],
            controller=np.where(has, self._ev_actor[safe], self._base_actor).astype(np.int32),
            status=np.where(has, self._ev_status[safe], 0).astype(np.int8),
            since=np.where(has, self._ev_since[safe], self._base_day),
            event=np.where(has, pos, -1),
        )

    # --- questions asked of the timeline -----------------------------------------------------

    def against(self, state: ControlState) -> np.ndarray:
        """Per place, the other side its deciding event names (`against`, actor index), -1 where none does."""
        named = self._ev_against[np.maximum(state.event, 0)] if len(self._ev_against) else state.event * 0 - 1
        return np.where(state.event >= 0, named, -1)

    def held_counts(self, state: ControlState) -> dict[str, int]:
        """Places held per actor (only actors holding at least one)."""
        counts = np.bincount(state.controller, minlength=len(self.actor_ids))
        return {a: int(c) for a, c in zip(self.actor_ids, counts, strict=False) if c}

    def controller_of(self, state: ControlState, place: str) -> str:
        return self.actor_ids[state.controller[self.place_ids.index(place)]]

    def events_between(self, after: dt.date, until: dt.date) -> list[Event]:
        """Events (incidents included) dated in (after, until]."""
        lo = bisect.bisect_right(self._event_days, after.toordinal())
        hi = bisect.bisect_right(self._event_days, until.toordinal())
        return list(self.events[lo:hi])

    def events_on(self, date: dt.date) -> list[Event]:
        return self.events_between(date - dt.timedelta(days=1), date)

    def changes(self, before: dt.date, after: dt.date) -> list[Change]:
        """Places whose controller or status differs between two dates."""
        a, b = self.state_at(before), self.state_at(after)
        differ = np.flatnonzero((a.controller != b.controller) | (a.status != b.status))
        return [
            Change(self.place_ids[i], self.actor_ids[a.controller[i]], self.actor_ids[b.controller[i]],
                   STATUSES[a.status[i]], STATUSES[b.status[i]])
            for i in differ
        ]

    def rows(self, state: ControlState) -> list[dict]:
        """One plain dict per place: the shape of `state --json` and of the place frames."""
        out = []
        for i, pid in enumerate(self.place_ids):
            place = self.dataset.places[pid]
            ev = int(state.event[i])
            out.append({
                "id": pid, "name": place.name, "aliases": list(place.aliases), "lat": place.lat, "lon": place.lon,
                "country": place.country, "controller": self.actor_ids[state.controller[i]],
                "status": STATUSES[state.status[i]].value,
                "since": dt.date.fromordinal(int(state.since[i])).isoformat(),
                "event": self.control_events[ev] if ev >= 0 else None,
            })
        return out


def _redated(state: ControlState, date: dt.date) -> ControlState:
    """The same control on another date of the same epoch: share the arrays, change the label."""
    return ControlState(date, state.epoch, state.controller, state.status, state.since, state.event)
