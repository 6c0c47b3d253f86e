"""Colour legend of the shown date: how many places each actor held, and what the symbols mean.

Plain HTML with every data text escaped (no markdown); compact, since it is re-sent on every commit.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.model import Dataset
from frontline.render.text import escape


def show(dataset: Dataset, held: dict[str, int], date: dt.date) -> None:
    items = [f"<b>{date.day} {date:%B %Y}</b> · places held:"]
    for actor_id, actor in dataset.actors.items():
        count = held.get(actor_id, 0)
        if count:
            items.append(f"<span data-actor='{escape(actor_id)}'><i style='background:{escape(actor.color)}'></i>"
                         f"{escape(actor.name)} <b data-count='{escape(actor_id)}'>{count}</b></span>")
    items.append("<span>◆ / hatched: contested · dashed ring: besieged · dark line: front · lighter colour: the "
                 "nearest holder's zone beyond any place's reach (derived, not counted in km²)</span>")
    st.html("<div class='fl-legend'>" + " ".join(items) + "</div>")
