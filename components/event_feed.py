"""The events of the chosen date, with their sources, listed under the map."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.model import Dataset, Event
from frontline.render.text import escape, safe_url


def _line(dataset: Dataset, event: Event) -> str:
    place = dataset.places[event.place]
    if event.controller:
        what = f"**{escape(place.name)}** → {escape(dataset.actors[event.controller].name)} ({escape(event.status.value)})"
    else:
        what = f"**{escape(place.name)}** — incident"
    text = f"{event.date.isoformat()} · {escape(event.kind.value)} · {what}"
    if event.precision.value != "day":
        text += f" · _date precision: {escape(event.precision.value)}_"
    if event.claimant:
        text += f" · claim by {escape(event.claimant)}: {escape(event.claim)}"
    if event.note:
        text += f"  \n{escape(event.note)}"
    cites = []
    for sid in event.sources:
        source = dataset.sources[sid]
        url = safe_url(source.url)
        label = escape(source.label)
        cites.append(f"[{label}]({url})" if url else label)
    return text + "  \n<small>Sources: " + "; ".join(cites) + "</small>"


def show(dataset: Dataset, date: dt.date, on_date: list[Event], recent: list[Event]) -> None:
    st.subheader(f"Events on {date.isoformat()}")
    if on_date:
        for event in on_date:
            st.markdown(_line(dataset, event), unsafe_allow_html=True)
    else:
        st.caption("No events recorded on this date.")
    if recent:
        with st.expander(f"Earlier events ({len(recent)} in the 30 days before)"):
            for event in reversed(recent):
                st.markdown(_line(dataset, event), unsafe_allow_html=True)
