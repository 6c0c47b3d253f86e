"""The events of the shown date, with their sources, and the few before it.

Rendered as HTML with every text from the data file escaped: notes and titles are never markdown, so a data
file cannot add links, images or formatting. Kept short: it is re-sent on every commit.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.model import Dataset, Event
from frontline.render.text import escape, safe_url

EARLIER = 4


def _what(dataset: Dataset, event: Event) -> str:
    place = dataset.places[event.place]
    if event.controller:
        return (f"<b>{escape(place.name)}</b> → {escape(dataset.actors[event.controller].name)} "
                f"({escape(event.status.value)})")
    return f"<b>{escape(place.name)}</b> — incident"


def _line(dataset: Dataset, event: Event) -> str:
    text = f"{event.date.isoformat()} · {escape(event.kind.value.replace('_', ' '))} · {_what(dataset, event)}"
    if event.precision.value != "day":
        text += f" · <i>date precision: {escape(event.precision.value)}</i>"
    if event.claimant:
        text += f" · claim by {escape(event.claimant)}: {escape(event.claim)}"
    if event.note:
        text += f"<br>{escape(event.note)}"
    cites = []
    for sid in event.sources:
        source = dataset.sources[sid]
        url = safe_url(source.url)
        label = escape(source.label)
        cites.append(f"<a href='{escape(url)}' target='_blank' rel='noopener noreferrer'>{label}</a>" if url else label)
    return f"<p>{text}<br><small>Sources: {'; '.join(cites)}</small></p>"


def show(dataset: Dataset, date: dt.date, on_date: list[Event], recent: list[Event]) -> None:
    parts = ["<div class='fl-feed'>", f"<h3>Events on {date.isoformat()}</h3>"]
    parts += [_line(dataset, e) for e in on_date] or ["<p><small>No events recorded on this date.</small></p>"]
    if recent:
        shown = list(reversed(recent))[:EARLIER]
        parts.append(f"<p><b>Before it</b> <small>({len(recent)} event(s) in the 30 days before; the latest "
                     f"{len(shown)}, with their sources on their own dates)</small><br>"
                     + "<br>".join(f"{e.date.isoformat()} · {_what(dataset, e)}" for e in shown) + "</p>")
    parts.append("</div>")
    st.html("".join(parts))
