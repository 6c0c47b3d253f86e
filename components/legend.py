"""Colour legend of the shown date (how many places each actor held: re-sent on every commit, so compact) and
what the symbols mean (the same on every date: drawn on full runs only).

Plain HTML with every data text escaped (no markdown).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.model import Dataset
from frontline.render import symbols
from frontline.render.text import escape
from frontline.territory import DEFAULT_REACH_KM


def swatch(actor_id: str) -> str:
    """An actor's colour dot, by class: the colours are sent once per full run (`actor_styles`), not with every
    commit's legend, table and feed."""
    return f"<i class='fl-c-{escape(actor_id)}'></i>"


def actor_styles(dataset: Dataset) -> str:
    return "<style>" + "".join(f".fl-c-{escape(a.id)}{{background:{escape(a.color)}}}"
                               for a in dataset.actors.values()) + "</style>"


def counts(dataset: Dataset, held: dict[str, int], date: dt.date) -> None:
    """The shown date's places held per actor: only the actors present (who counts as an actor, on hover over
    its name in the key below and in "Who the actors are")."""
    items = [f"<b>{date.day} {date:%B %Y}</b> · places held:"]
    for actor_id, actor in dataset.actors.items():
        count = held.get(actor_id, 0)
        if count:
            items.append(f"<span>{swatch(actor_id)}{escape(actor.name)} <b data-count='{escape(actor_id)}'>{count}</b>"
                         "</span>")
    st.html("<div class='fl-legend'>" + " ".join(items) + "</div>")


def symbols_and_actors(dataset: Dataset) -> None:
    st.html(actor_styles(dataset) + SYMBOLS + who_is_who(dataset))


def who_is_who(dataset: Dataset) -> str:
    """Each actor's name and who counts as it (the actor's note), folded away."""
    rows = "".join(f"<li title='{escape(a.note)}'>{swatch(a.id)}<b>{escape(a.name)}</b>: {escape(a.note)}</li>"
                   for a in dataset.actors.values())
    return f"<details class='fl-legend'><summary>Who the actors are</summary><ul>{rows}</ul></details>"


SYMBOLS = ("<div class='fl-legend'>"
           f"<span>{symbols.contested_place()}contested place</span>"
           f"<span>{symbols.besieged_place()}besieged place</span>"
           f"<span>{symbols.contested_cell()}contested: the holder's colour striped with the other side's</span>"
           f"<span>{symbols.front()}front line</span>"
           f"<span>{symbols.quiet_line()}line of control, no fighting</span>"
           f"<span>{symbols.zone()}lighter: the nearest holder's zone beyond any place's reach</span>"
           f"<br><small>Derived, not reported: territory is each place's surroundings (Voronoi cells within {DEFAULT_REACH_KM:.0f} km), "
           "fronts are where two enemies' territories meet; zones are not counted in km².</small></div>")
