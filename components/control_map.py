"""The folium map: the same base map on every run, date-dependent layers passed separately so that
moving the slider repaints them without resetting zoom and pan."""

from __future__ import annotations

import folium
from streamlit_folium import st_folium

MAP_KEY = "control_map"


def show(base: folium.Map, layers: list[folium.FeatureGroup], height: int = 620) -> None:
    st_folium(base, key=MAP_KEY, feature_group_to_add=layers, returned_objects=[], height=height,
              use_container_width=True)
