"""How old the evidence behind each place's control is on a date.

A place was last confirmed on the date of its latest event on or before the shown date — any event that
concerns it and cites a source: captures, sieges, deals, statements, and incidents too (an incident changes
no control, but a report from the place is evidence of who held it). A place with no such event rests on its
country's baseline alone: it has no confirmation date, and its age is counted from the baseline date.

The events of a timeline are indexed once (sorted by place and day into flat arrays, kept while the timeline
lives); each question is then one vectorised binary search over all places.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from dataclasses import dataclass

import numpy as np

from frontline.dates import long_date
from frontline.timeline import ControlState, Timeline

# (name, first day, last day or None): how old the latest evidence of a place is, in days before the shown date.
AGE_CLASSES: tuple[tuple[str, int, int | None], ...] = (("fresh", 0, 90), ("months", 91, 365), ("years", 366, None))
_AGE_STARTS = np.array([lo for _, lo, _ in AGE_CLASSES], np.int64)
_AGE_NAMES = np.array([name for name, _, _ in AGE_CLASSES], dtype=object)
_SHIFT = np.int64(1 << 32)


@dataclass(frozen=True)
class _Index:
    """A timeline's sourced events sorted by (place, day): `keys` = place × 2³² + ordinal day."""

    keys: np.ndarray
    event: np.ndarray  # index into Timeline.events, aligned with keys
    baseline_day: np.ndarray  # per place: the ordinal day of its baseline


_indexes: weakref.WeakKeyDictionary[Timeline, _Index] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _index(timeline: Timeline) -> _Index:
    with _lock:
        found = _indexes.get(timeline)
    if found is not None:
        return found
    ds = timeline.dataset
    place_index = {p: i for i, p in enumerate(timeline.place_ids)}
    chosen = [i for i, e in enumerate(timeline.events) if e.sources and e.place in place_index]
    n = len(chosen)
    place = np.fromiter((place_index[timeline.events[i].place] for i in chosen), np.int64, n)
    day = np.fromiter((timeline.events[i].date.toordinal() for i in chosen), np.int64, n)
    keys = place * _SHIFT + day
    order = np.argsort(keys, kind="stable")  # the dataset's order within a day: the last listed is the latest
    baseline = np.array([ds.baseline_of(ds.places[p])[1].toordinal() for p in timeline.place_ids], np.int64)
    built = _Index(keys[order], np.asarray(chosen, np.int64)[order], baseline)
    with _lock:
        return _indexes.setdefault(timeline, built)


@dataclass(frozen=True)
class Confirmation:
    """Per place (aligned with `Timeline.place_ids`), the latest sourced event on or before `date`."""

    date: dt.date  # the shown date
    place_ids: list[str]
    day: np.ndarray  # ordinal day of the latest sourced event on or before `date`; -1 where there is none
    event: np.ndarray  # index into Timeline.events of that event; -1 where there is none
    baseline_day: np.ndarray  # ordinal day of the place's baseline

    @property
    def confirmed(self) -> np.ndarray:
        """Whether some sourced event concerns the place on or before `date` (False: baseline only)."""
        return self.day >= 0

    def of(self, place: str) -> dt.date | None:
        """The date a place was last confirmed, or None when it rests on its baseline alone."""
        day = int(self.day[self.place_ids.index(place)])
        return dt.date.fromordinal(day) if day >= 0 else None

    def dates(self) -> list[dt.date | None]:
        """`of` for every place, in `place_ids` order."""
        return [dt.date.fromordinal(int(d)) if d >= 0 else None for d in self.day]


def last_confirmed(timeline: Timeline, state_or_date: ControlState | dt.date) -> Confirmation:
    """Per place, its latest sourced event (any kind, incidents included) on or before the date (a state's date)."""
    date = state_or_date.date if isinstance(state_or_date, ControlState) else state_or_date
    index = _index(timeline)
    n = len(timeline.place_ids)
    if not len(index.keys):
        return Confirmation(date, timeline.place_ids, np.full(n, -1, np.int64), np.full(n, -1, np.int64),
                            index.baseline_day)
    places = np.arange(n, dtype=np.int64)
    pos = np.searchsorted(index.keys, places * _SHIFT + date.toordinal(), side="right") - 1
    safe = np.maximum(pos, 0)
    has = (pos >= 0) & (index.keys[safe] // _SHIFT == places)
    day = np.where(has, index.keys[safe] % _SHIFT, -1)
    event = np.where(has, index.event[safe], -1)
    return Confirmation(date, timeline.place_ids, day, event, index.baseline_day)


def age_days(confirmation: Confirmation) -> np.ndarray:
    """Per place, the days from its last confirmation (from its baseline date where it has none) to the shown
    date: 0 for an event on the shown date. A baseline dated after the shown date (a date before the dataset
    starts) counts as 0."""
    since = np.where(confirmation.day >= 0, confirmation.day, confirmation.baseline_day)
    return np.maximum(confirmation.date.toordinal() - since, 0)


def age_class(days: int) -> str:
    """The name of the `AGE_CLASSES` entry that `days` (>= 0) falls in."""
    if days < 0:
        raise ValueError(f"an age is a number of days >= 0, not {days}")
    return str(_AGE_NAMES[np.searchsorted(_AGE_STARTS, days, side="right") - 1])


def age_classes(days: np.ndarray) -> np.ndarray:
    """`age_class` of every element (negative ages count as 0): an array of class names."""
    return _AGE_NAMES[np.searchsorted(_AGE_STARTS, np.maximum(np.asarray(days), 0), side="right") - 1]


def _before(days: int) -> str:
    if days == 0:
        return "on the shown date"
    unit = "day" if abs(days) == 1 else "days"
    return f"{abs(days):,} {unit} {'before' if days > 0 else 'after'} the shown date"


def confirmed_sentence(last: dt.date | None, shown: dt.date, baseline: dt.date) -> str:
    """"last confirmed on 27 March 2016 (123 days before the shown date)"; for a place resting on its baseline
    alone (`last` None): "not confirmed by any event since the baseline of 15 March 2011 (… before the shown
    date)"."""
    if last is not None:
        return f"last confirmed on {long_date(last)} ({_before((shown - last).days)})"
    return f"not confirmed by any event since the baseline of {long_date(baseline)} ({_before((shown - baseline).days)})"


def describe(confirmation: Confirmation, place: str) -> str:
    """`confirmed_sentence` for one place of a confirmation."""
    i = confirmation.place_ids.index(place)
    return confirmed_sentence(confirmation.of(place), confirmation.date,
                              dt.date.fromordinal(int(confirmation.baseline_day[i])))
