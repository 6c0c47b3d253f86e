"""A place's whole history: a timeline bar coloured by holder, then every event with its date, precision,
holder after, kind, note and sources; a button per event moves the map to its date. Plain HTML, every text
escaped; the buttons are Streamlit's (keyboard-reachable)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.history import events_of, last_confirmed, spans
from frontline.model import Dataset
from frontline.render.text import escape, safe_url


def _bar(dataset: Dataset, place: str) -> str:
    """An SVG bar from the start to the end of the record, one rectangle per holder (hatched if contested)."""
    total = (dataset.end - dataset.start).days + 1
    rects = []
    for span in spans(dataset, place):
        x = (span.start - dataset.start).days / total * 100
        w = max(((span.end - span.start).days + 1) / total * 100, 0.3)
        actor = dataset.actors[span.controller]
        rects.append(f"<rect x='{x:.3f}%' y='0' width='{w:.3f}%' height='14' fill='{escape(actor.color)}'"
                     f"{' fill-opacity=0.55' if span.status != 'held' else ''}>"
                     f"<title>{escape(actor.name)} ({escape(span.status)}) {span.start} to {span.end}</title></rect>")
    years = "".join(f"<text x='{((dt.date(y, 1, 1) - dataset.start).days / total * 100):.2f}%' y='26' "
                    f"font-size='9' fill='#555'>{y}</text>"
                    for y in range(dataset.start.year + 1, dataset.end.year + 1, 2))
    return (f"<svg width='100%' height='30' role='img' aria-label='holders of the place over time'>"
            f"{''.join(rects)}{years}</svg>")


def show(dataset: Dataset, place: str, date: dt.date) -> dt.date | None:
    """The panel; returns the date of an event whose button was pressed, or None."""
    p = dataset.places[place]
    events = events_of(dataset, place)
    confirmed = last_confirmed(dataset, place, date)
    age = f"last confirmed on {confirmed.day} {confirmed:%B %Y} ({(date - confirmed).days} days before the shown date)" \
        if confirmed else "no report of it up to the shown date"
    aliases = f" · also {escape(', '.join(p.aliases))}" if p.aliases else ""
    st.html(f"<div class='fl-history'><h3>History of {escape(p.name)}</h3><p><small>{escape(p.country)} · "
            f"{escape(p.kind.value)}{aliases} · {escape(age)}</small></p>{_bar(dataset, place)}</div>")
    chosen = None
    for k, event in enumerate(events):
        who = (f"{dataset.actors[event.controller].name} ({event.status.value})" if event.controller
               else "no change of control")
        precision = "" if event.precision.value == "day" else f" (date precision: {event.precision.value})"
        cites = []
        for sid in event.sources:
            s = dataset.sources[sid]
            url = safe_url(s.url)
            cites.append(f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>{escape(s.label)}</a>"
                         if url else escape(s.label))
        left, right = st.columns([5, 1])
        left.html(f"<p class='fl-history-entry'><b>{event.date.isoformat()}</b>{escape(precision)} · "
                  f"{escape(event.kind.value.replace('_', ' '))} · {escape(who)}"
                  f"{'<br>' + escape(event.note) if event.note else ''}<br><small>Sources: {'; '.join(cites)}"
                  f"</small></p>")
        if right.button("Show", key=f"history_{place}_{k}", help=f"Move the map to {event.date.isoformat()}"):
            chosen = event.date
    return chosen
