"""Colour legend with how many places each actor held on the date."""

from __future__ import annotations

import streamlit as st

from frontline.model import Dataset
from frontline.render.text import escape


def show(dataset: Dataset, held: dict[str, int]) -> None:
    items = []
    for actor_id, actor in dataset.actors.items():
        count = held.get(actor_id, 0)
        items.append(
            f"<span class='legend-item' data-actor='{escape(actor_id)}' style='margin-right:14px;white-space:nowrap'>"
            f"<span style='display:inline-block;width:12px;height:12px;border-radius:6px;background:{escape(actor.color)};"
            f"border:1px solid #222;margin-right:4px;vertical-align:middle'></span>{escape(actor.name)} "
            f"<b>{count}</b></span>")
    items.append("<span style='white-space:nowrap'>◯ red ring: besieged · dashed edge: contested</span>")
    st.markdown("<div style='line-height:1.9'>" + " ".join(items) + "</div>", unsafe_allow_html=True)
