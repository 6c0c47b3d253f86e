"""Colour legend of the shown date: how many places each actor held, and what the symbols mean."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.model import Dataset
from frontline.render.text import escape


def show(dataset: Dataset, held: dict[str, int], date: dt.date) -> None:
    items = [f"<b>{date.day} {date:%B %Y}</b> · places held:"]
    for actor_id, actor in dataset.actors.items():
        count = held.get(actor_id, 0)
        if not count:
            continue
        items.append(
            f"<span class='legend-item' data-actor='{escape(actor_id)}' style='margin-right:14px;white-space:nowrap'>"
            f"<span style='display:inline-block;width:12px;height:12px;border-radius:6px;background:{escape(actor.color)};"
            f"border:1px solid #222;margin-right:4px;vertical-align:middle'></span>{escape(actor.name)} "
            f"<b data-count='{escape(actor_id)}'>{count}</b></span>")
    items.append("<span style='white-space:nowrap'>◆ diamond / hatched cell: contested · dashed ring: besieged · "
                 "dark line: front</span>")
    st.markdown("<div class='frontline-legend' style='line-height:1.9'>" + " ".join(items) + "</div>",
                unsafe_allow_html=True)
