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
    st.html("<div class='fl-legend'>" + " ".join(items) + "</div>")
    st.html(SYMBOLS + who_is_who(dataset))  # the same on every run: sent once


def who_is_who(dataset: Dataset) -> str:
    """Each actor's name and who counts as it (the actor's note), folded away."""
    rows = "".join(f"<li><i style='background:{escape(a.color)}'></i><b>{escape(a.name)}</b>: {escape(a.note)}</li>"
                   for a in dataset.actors.values())
    return f"<details class='fl-legend'><summary>Who the actors are</summary><ul>{rows}</ul></details>"


SYMBOLS = ("<div class='fl-legend'><span>◆ diamond, hatched cell: contested</span><span>dashed ring: besieged</span>"
           "<span>dark line: front</span><span>lighter colour: the nearest holder's zone beyond any place's reach "
           "(derived, not counted in km²)</span></div>")
