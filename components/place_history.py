"""A place's whole history: a timeline bar coloured by holder, then every event with its date, precision,
holder after, kind, note and sources; a button per event moves the map to its date. Plain HTML, every text
escaped; the buttons are Streamlit's (keyboard-reachable)."""

from __future__ import annotations

import base64
import datetime as dt

import streamlit as st

from frontline import evidence
from frontline.dates import event_when
from frontline.feed import alongside_words
from frontline.history import events_of, spans
from frontline.model import Dataset
from frontline.render.text import escape, safe_url
from frontline.timeline import Timeline


def _bar(dataset: Dataset, place: str) -> str:
    """A bar from the start to the end of the record, one rectangle per holder (paler if contested or
    besieged), as an image (st.html drops inline SVG); its alt text lists the spans."""
    total = (dataset.end - dataset.start).days + 1
    rects, words = [], []
    for span in spans(dataset, place):
        x = (span.start - dataset.start).days / total * 1000
        w = max(((span.end - span.start).days + 1) / total * 1000, 3)
        actor = dataset.actors[span.controller]
        opacity = "" if span.status == "held" else " fill-opacity='0.55'"
        rects.append(f"<rect x='{x:.1f}' y='0' width='{w:.1f}' height='16' fill='{escape(actor.color)}'{opacity}/>")
        words.append(f"{actor.name} ({span.status}) {span.start} to {span.end}")
    years = "".join(f"<text x='{((dt.date(y, 1, 1) - dataset.start).days / total * 1000):.1f}' y='29' "
                    f"font-size='10' font-family='sans-serif' fill='#555'>{y}</text>"
                    for y in range(dataset.start.year + 1, dataset.end.year + 1, 2))
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1000 32' preserveAspectRatio='none'>"
           f"{''.join(rects)}{years}</svg>")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f"<img alt='{escape('; '.join(words))}' style='width:100%;height:32px' "
            f"src='data:image/svg+xml;base64,{data}'>")


def show(timeline: Timeline, place: str, date: dt.date) -> dt.date | None:
    """The panel; returns the date of an event whose button was pressed, or None."""
    dataset = timeline.dataset
    p = dataset.places[place]
    events = events_of(dataset, place)
    age = evidence.describe(evidence.last_confirmed(timeline, date), place)
    # <bdi>: an Arabic-script alias keeps its own direction without reordering the commas around it
    aliases = f" · also {', '.join(f'<bdi>{escape(a)}</bdi>' for a in p.aliases)}" if p.aliases else ""
    st.html(f"<div class='fl-history'><h3>History of {escape(p.name)}</h3><p><small>{escape(p.country)} · "
            f"{escape(p.kind.value)}{aliases} · {escape(age)}</small></p>{_bar(dataset, place)}</div>")
    chosen = None
    for k, event in enumerate(events):
        who = (f"{dataset.actors[event.controller].name} ({event.status.value})" if event.controller
               else "no change of control")
        shared = alongside_words(dataset, event)
        if shared:
            who += ", " + shared
        cites = []
        for sid in event.sources:
            s = dataset.sources[sid]
            url = safe_url(s.url)
            cites.append(f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>{escape(s.label)}</a>"
                         if url else escape(s.label))
        left, right = st.columns([5, 1])
        when = event_when(event.date, event.precision.value, event.earliest)
        left.html(f"<p class='fl-history-entry'><b>{escape(when)}</b> · "
                  f"{escape(event.kind.value.replace('_', ' '))} · {escape(who)}"
                  f"{'<br>' + escape(event.note) if event.note else ''}<br><small>Sources: {'; '.join(cites)}"
                  f"</small></p>")
        if right.button("Show", key=f"history_{place}_{k}", help=f"Move the map to {event.date.isoformat()}"):
            chosen = event.date
    return chosen
