"""Frontline — who held what in Syria and Iraq, day by day.

The screen, top to bottom: title, date slider, legend, layer switches, map beside the area chart,
export, events of the date. All computing happens in `frontline/`; this file reads the URL and widgets
and draws.
"""

from __future__ import annotations

import datetime as dt
import os

import folium
import streamlit as st

from components import (
    area_chart,
    control_map,
    date_slider,
    event_feed,
    export_panel,
    layer_toggles,
    legend,
    problems,
    url_state,
)
from frontline.frames import Atlas, places_frame
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.export import static_map
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.render.folium_map import base_map, fronts_geojson, geojson_layer, places_geojson, territory_geojson
from frontline.timeline import Timeline

DATA_PATH = os.environ.get("FRONTLINE_DATA", str(DATA))

st.set_page_config(page_title="Frontline — Syria & Iraq", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner="Loading the dataset…")
def load(path: str, mtime: float) -> Atlas | list:
    """The dataset's timeline and tessellation, or the list of problems that stop it from loading."""
    try:
        shapes = subject_shapes(read_countries())
        return Atlas(Timeline(read_events(path, countries=shapes)), shapes)
    except DataError as exc:
        return exc.problems


@st.cache_resource(max_entries=512)
def layer_data(path: str, mtime: float, epoch: dt.date | None) -> dict[str, dict]:
    """The GeoJSON of one epoch's layers: every date of an epoch draws the same map."""
    atlas = load(path, mtime)
    frames = atlas.frames_at(epoch or atlas.timeline.dataset.start)
    return {
        "territory": territory_geojson(frames, atlas.display_cells),
        "fronts": fronts_geojson(frames),
        "places": places_geojson(places_frame(atlas.timeline, frames.state), atlas.timeline.dataset),
    }


@st.cache_data(max_entries=64, show_spinner=False)
def png(path: str, mtime: float, date: dt.date) -> bytes:
    return static_map(load(path, mtime), date, read_countries())


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


st.title("Frontline — who held what in Syria and Iraq")
mtime = _mtime(DATA_PATH)
atlas = load(DATA_PATH, mtime)
if isinstance(atlas, list):
    problems.show(atlas)
    st.stop()
timeline, dataset = atlas.timeline, atlas.timeline.dataset

initial, warning = url_state.initial_date(dataset.start, dataset.end, default=dataset.end)
if warning and "date" not in st.session_state:
    st.warning(warning)
date = date_slider.show(dataset.start, dataset.end, initial)
url_state.write_date(date)

frames = atlas.frames_at(date)
legend.show(dataset, timeline.held_counts(frames.state))
shown = layer_toggles.show()
data = layer_data(DATA_PATH, mtime, frames.epoch)
map_column, chart_column = st.columns([3, 2])
with map_column:
    control_map.show(base_map(read_countries()), [
        geojson_layer(name, data[name]) if name in shown else folium.FeatureGroup(name=name)
        for name in ("territory", "fronts")
    ] + [geojson_layer("places", data["places"], points=True)])
    st.caption("Click a marker for the event that decided it and its sources.")
    export_panel.show(date, lambda: png(DATA_PATH, mtime, date))
with chart_column:
    area_chart.show(dataset, atlas.area_series, date, frames.areas_km2, atlas.reach_km)
event_feed.show(dataset, date, timeline.events_on(date),
                timeline.events_between(date - dt.timedelta(days=31), date - dt.timedelta(days=1)))
