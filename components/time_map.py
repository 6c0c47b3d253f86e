"""The time map: the folium map with the time engine and its date bar, hosted by streamlit-folium.

The map's script is the same on every run (so streamlit-folium never rebuilds it and the browser keeps zoom,
pan and the engine's state); a date, view or set of layers chosen in Python travels as a small request in a
feature group. The engine sends back what the reader settled on: `{date, view, hidden, reason, seq}`.

The map is rendered to its component arguments once per dataset (`MapArgs`), not on every run: `st_folium`
renders the whole folium map (a ~500 kB script through jinja) on each call, which cost a rerun ~250 ms of the
server's CPU. Only the request's feature group is rendered per run. This follows `streamlit_folium.st_folium`
(0.27.4, pinned in requirements.txt) step by step, calling its helpers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as sf

from frontline.render.engine_element import EngineRequest

MAP_KEY = "time_map"
_LOCK = threading.Lock()  # the cached map is shared by sessions; the request group is added to it in turn


@dataclass(frozen=True)
class MapArgs:
    """What streamlit-folium sends the browser for a map, computed once."""

    fmap: folium.Map
    script: str
    header: str
    html: str
    map_id: str
    hash_key: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def map_args(fmap: folium.Map) -> MapArgs:
    """Render a map once into streamlit-folium's component arguments (as `st_folium` does)."""
    fmap.get_root().render()
    fmap.render()
    html, header, script = sf._get_html(fmap), sf._get_header(fmap), sf._get_map_string(fmap)
    css, js = [], []
    for elem in _walk(fmap):
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return MapArgs(fmap, script, header, html, sf.get_full_id(fmap), sf.generate_js_hash(script, MAP_KEY, False),
                   tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js)))


def _walk(element):
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def _settled(value: object) -> dict | None:
    """A value the engine sent (`{date, view, hidden, reason, seq}`), or None (streamlit-folium's default)."""
    return value if isinstance(value, dict) and "seq" in value else None


def pending() -> dict | None:
    """The map's latest value before the map is drawn on this run (streamlit-folium keeps it under our key)."""
    return _settled(st.session_state.get(MAP_KEY))


def show(args: MapArgs, request: dict, height: int = 600) -> dict | None:
    """Draw the map; the engine's latest settled state, or None before the reader has moved anything."""
    group = folium.FeatureGroup(name="request", control=False)
    EngineRequest(request).add_to(group)
    with _LOCK:
        feature_group = sf._get_feature_group_string(group, map=args.fmap, idx=0)

    def on_change() -> None:  # as st_folium: the value is also kept under our own key
        st.session_state[MAP_KEY] = st.session_state.get(args.hash_key, {})

    value = sf._component_func(
        script=args.script, header=args.header, html=args.html, id=args.map_id, key=args.hash_key, height=height,
        width=None, returned_objects=[], default={}, zoom=None, center=None, feature_group=feature_group,
        return_on_hover=False, layer_control=None, pixelated=False, css_links=list(args.css_links),
        js_links=list(args.js_links), on_change=on_change, wrap_longitude=False)
    return _settled(value)


