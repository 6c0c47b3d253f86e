"""The time map: the folium map with the time engine and its date bar, hosted by streamlit-folium.

The map's script is the same on every run (so streamlit-folium never rebuilds it and the browser keeps zoom,
pan and the engine's state); a date, view or set of layers chosen in Python travels as a small request in a
feature group. The engine sends back what the reader settled on: `{date, view, hidden, reason, seq}`.
"""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from frontline.render.engine_element import EngineRequest

MAP_KEY = "time_map"


def _settled(value: object) -> dict | None:
    """A value the engine sent (`{date, view, hidden, reason, seq}`), or None (streamlit-folium's default)."""
    return value if isinstance(value, dict) and "seq" in value else None


def pending() -> dict | None:
    """The map's latest value before the map is drawn on this run (streamlit-folium keeps it under our key)."""
    return _settled(st.session_state.get(MAP_KEY))


def show(fmap: folium.Map, request: dict, height: int = 600) -> dict | None:
    """Draw the map; the engine's latest settled state, or None before the reader has moved anything."""
    group = folium.FeatureGroup(name="request", control=False)
    EngineRequest(request).add_to(group)
    return _settled(st_folium(fmap, key=MAP_KEY, feature_group_to_add=[group], returned_objects=[], height=height,
                              use_container_width=True))
