"""A place's whole history: every event of the place with its sources, and the holders over time as spans
(for the small timeline bar). Pure, over a Dataset."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontline.model import Dataset, Event


@dataclass(frozen=True)
class Span:
    """Who held the place from `start` to `end` (inclusive) and how."""

    start: dt.date
    end: dt.date
    controller: str
    status: str


def events_of(dataset: Dataset, place: str) -> list[Event]:
    """Every event of the place (control events, statements and incidents), by date then order."""
    return [e for e in dataset.events if e.place == place]


def spans(dataset: Dataset, place: str) -> list[Span]:
    """The holders of the place from the baseline to the end of the record, one span per holder and status."""
    holder, since = dataset.baseline_of(dataset.places[place])
    status = "held"
    out: list[Span] = []
    for event in events_of(dataset, place):
        if not event.changes_control or (event.controller, event.status.value) == (holder, status):
            continue
        if event.date > since:
            out.append(Span(since, event.date - dt.timedelta(days=1), holder, status))
        holder, status, since = event.controller, event.status.value, event.date
    out.append(Span(since, dataset.end, holder, status))
    return out


def changes_of_hands(dataset: Dataset, place: str) -> list[Event]:
    """The control events after which the place had a different controller."""
    holder, _ = dataset.baseline_of(dataset.places[place])
    out = []
    for event in events_of(dataset, place):
        if event.changes_control and event.controller != holder:
            out.append(event)
            holder = event.controller
    return out
