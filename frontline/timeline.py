"""Who held each place on any date.

Control events are sorted once by (place, date, order) into flat numpy arrays; the state on a date
is then one vectorised binary search over all places at once. Memory grows with the events, not with
epochs × places: a state is only materialised when asked for, and a bounded cache keeps recent ones.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from frontline.model import Dataset, Event, Status

STATUSES = list(Status)
_SHIFT = np.int64(1 << 32)


@dataclass(frozen=True)
class ControlState:
    """Control of every place on one date; arrays are aligned with `Timeline.place_ids`."""

    date: dt.date
    epoch: dt.date | None  # the last event date on or before `date`; None before the first event
    controller: np.ndarray  # actor index per place (into Timeline.actor_ids)
    status: np.ndarray  # index into STATUSES
    since: np.ndarray  # ordinal day since when the current controller held it
    event: np.ndarray  # index into Timeline.control_events of the deciding event, -1 for the baseline


@dataclass(frozen=True)
class Change:
    place: str
    before: str
    after: str
    status_before: Status
    status_after: Status


class Timeline:
    def __init__(self, dataset: Dataset, cache_size: int = 512):
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
        self._cache: OrderedDict[int, ControlState] = OrderedDict()
        self._cache_size = cache_size

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
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached if cached.date == date else _redated(cached, date)
        state = self._compute(index, date)
        self._cache[index] = state
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return state

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
