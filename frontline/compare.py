"""Two dates side by side: who gained and who lost what between them, and which places changed hands.

The comparison is cell by cell on the Atlas's tessellation: a cell whose controller on the later date differs
from its controller on the earlier date counts as lost by the earlier holder and gained by the later one, with
the cell's whole area (`Tessellation.areas_km2`). So per actor `after_km2 - before_km2 == gained_km2 - lost_km2`,
and the km² gained by all actors equal the km² lost by all. A place taken and given back between the two dates
is not a change: only the two ends are compared. A change of status alone (held, contested, besieged) moves no
land; such places are listed apart (`Comparison.status_changed`).

The comparison always runs from the earlier date to the later one, whichever the reader named first;
`Comparison.first` and `Comparison.second` keep the reader's order (`Comparison.reversed` says whether they
were swapped). The events listed for a place are its control events in (earlier, later]: the day of the
earlier date is already part of its state, the day of the later one is part of the other's.

Pure: `to_csv` returns bytes, the caller writes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from frontline.frames import Atlas
from frontline.model import Dataset, Event, Status
from frontline.render.text import csv_safe
from frontline.timeline import STATUSES

UNCHANGED = 0  # values of `Comparison.kind`
CHANGED_HANDS = 1

CSV_FIELDS = ["place", "name", "country", "before", "after", "area_km2", "first_event_date", "events",
              "source_ids", "sources"]
SEP = "; "  # between the events of a place, between its sources


@dataclass(frozen=True)
class ActorChange:
    """One actor's land on the two dates (earlier, later) and what moved between them, in km²."""

    actor: str
    before_km2: float  # held on the earlier date
    after_km2: float  # held on the later date
    gained_km2: float  # cells it held on the later date and not on the earlier
    lost_km2: float  # cells it held on the earlier date and not on the later

    @property
    def net_km2(self) -> float:
        """`gained_km2 - lost_km2`, which is also `after_km2 - before_km2` (up to rounding)."""
        return self.gained_km2 - self.lost_km2


@dataclass(frozen=True)
class PlaceChange:
    """A place whose controller (or, in `Comparison.status_changed`, only its status) differs between the dates."""

    place: str
    name: str
    country: str
    before: str  # controller on the earlier date (actor id)
    after: str  # controller on the later date
    status_before: Status
    status_after: Status
    area_km2: float  # its cell's area: what moved from `before` to `after` when they differ
    events: tuple[Event, ...]  # its control events in (earlier, later], by date then order

    @property
    def first_event(self) -> Event | None:
        return self.events[0] if self.events else None

    @property
    def sources(self) -> tuple[str, ...]:
        """The ids of the sources its events cite, each once, in the order first cited."""
        return tuple(dict.fromkeys(s for e in self.events for s in e.sources))


@dataclass(frozen=True)
class Comparison:
    first: dt.date  # the dates as the reader named them
    second: dt.date
    earlier: dt.date  # the same two, in order: the comparison runs from `earlier` to `later`
    later: dt.date
    actors: Mapping[str, ActorChange]  # every actor holding land on either date, in the dataset's actor order
    changed: tuple[PlaceChange, ...]  # changed hands; by first event date, then place id
    status_changed: tuple[PlaceChange, ...]  # same controller, another status; same order
    kind: np.ndarray  # int8 per cell of the tessellation: UNCHANGED or CHANGED_HANDS
    controller_before: np.ndarray  # actor index per cell on the earlier date (into Timeline.actor_ids)
    controller_after: np.ndarray  # ... and on the later date

    @property
    def reversed(self) -> bool:
        """Whether the reader named the later date first."""
        return self.first > self.second

    @property
    def gained_km2(self) -> float:
        """km² that changed hands: the sum of every actor's gains, equal to the sum of their losses."""
        return sum(a.gained_km2 for a in self.actors.values())


def compare(atlas: Atlas, first: dt.date, second: dt.date) -> Comparison:
    """Compare control on two dates of `atlas`'s dataset (in either order; see the module docstring)."""
    timeline = atlas.timeline
    ds = timeline.dataset
    earlier, later = sorted((first, second))
    a, b = timeline.state_at(earlier), timeline.state_at(later)
    areas = atlas.tessellation.areas_km2
    n_actors = len(timeline.actor_ids)

    hands = a.controller != b.controller
    status_only = ~hands & (a.status != b.status)
    moved = areas[hands]
    held_before = np.bincount(a.controller, weights=areas, minlength=n_actors)
    held_after = np.bincount(b.controller, weights=areas, minlength=n_actors)
    lost = np.bincount(a.controller[hands], weights=moved, minlength=n_actors)
    gained = np.bincount(b.controller[hands], weights=moved, minlength=n_actors)
    actors = {
        actor: ActorChange(actor, float(held_before[i]), float(held_after[i]), float(gained[i]), float(lost[i]))
        for i, actor in enumerate(timeline.actor_ids)
        if held_before[i] > 0 or held_after[i] > 0 or gained[i] > 0 or lost[i] > 0
    }

    listed = np.flatnonzero(hands | status_only)
    events: dict[str, list[Event]] = {timeline.place_ids[i]: [] for i in listed}
    for event in timeline.events_between(earlier, later):  # the dataset's events in (earlier, later], by date
        if event.changes_control and event.place in events:
            events[event.place].append(event)

    def change(i: int) -> PlaceChange:
        pid = timeline.place_ids[i]
        place = ds.places[pid]
        mine = tuple(sorted(events[pid], key=lambda e: (e.date, e.order, e.line)))
        return PlaceChange(pid, place.name, place.country, timeline.actor_ids[a.controller[i]],
                           timeline.actor_ids[b.controller[i]], STATUSES[a.status[i]], STATUSES[b.status[i]],
                           float(areas[i]), mine)

    def ordered(indices: np.ndarray) -> tuple[PlaceChange, ...]:
        changes = [change(int(i)) for i in indices]
        changes.sort(key=lambda c: (c.events[0].date if c.events else later, c.place))
        return tuple(changes)

    return Comparison(
        first=first, second=second, earlier=earlier, later=later,
        actors=MappingProxyType(actors),
        changed=ordered(np.flatnonzero(hands)),
        status_changed=ordered(np.flatnonzero(status_only)),
        kind=np.where(hands, CHANGED_HANDS, UNCHANGED).astype(np.int8),
        controller_before=a.controller.copy(), controller_after=b.controller.copy(),
    )


# --- CSV ------------------------------------------------------------------------------------------------------





def csv_rows(comparison: Comparison, dataset: Dataset) -> list[dict]:
    """One dict per place that changed hands (`CSV_FIELDS`), in `comparison.changed`'s order."""
    rows = []
    for change in comparison.changed:
        first = change.first_event
        rows.append({
            "place": change.place, "name": change.name, "country": change.country,
            "before": change.before, "after": change.after, "area_km2": round(change.area_km2, 1),
            "first_event_date": first.date.isoformat() if first else "",
            "events": SEP.join(f"{e.date.isoformat()} {e.kind.value}" for e in change.events),
            "source_ids": SEP.join(change.sources),
            "sources": SEP.join(dataset.sources[s].citation for s in change.sources if s in dataset.sources),
        })
    return rows


def to_csv(comparison: Comparison, dataset: Dataset) -> bytes:
    """The places that changed hands as CSV (RFC 4180, UTF-8 without BOM, CRLF): one row per place, with the
    controllers on the earlier and later dates, its cell's km², its events in (earlier, later] as "date kind"
    joined by "; ", and the sources they cite (ids, and citations joined by "; "). Cells a spreadsheet would
    read as a formula are prefixed with `'`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_FIELDS)
    for row in csv_rows(comparison, dataset):
        writer.writerow([csv_safe(row[f]) for f in CSV_FIELDS])
    return buffer.getvalue().encode("utf-8")
