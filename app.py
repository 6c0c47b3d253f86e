"""Frontline — who held what in Syria and Iraq, day by day.

The screen, top to bottom: title, date slider, legend, map, export, events of the date.
All computing happens in `frontline/`; this file reads the URL and widgets and draws.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from components import control_map, date_slider, event_feed, export_panel, legend, problems, url_state
from frontline.frames import places_frame
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.export import static_map
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.render.folium_map import base_map, places_layer
from frontline.timeline import Timeline

DATA_PATH = os.environ.get("FRONTLINE_DATA", str(DATA))

st.set_page_config(page_title="Frontline — Syria & Iraq", page_icon="🗺️", layout="wide")


@st.cache_resource(show_spinner="Loading the dataset…")
def load(path: str, mtime: float) -> Timeline | list:
    """The validated dataset's timeline, or the list of problems that stop it from loading."""
    try:
        return Timeline(read_events(path, countries=subject_shapes(read_countries())))
    except DataError as exc:
        return exc.problems


@st.cache_resource(max_entries=512)
def place_markers(path: str, mtime: float, epoch: dt.date | None):
    """The markers layer of one epoch: every date of an epoch draws the same map."""
    timeline = load(path, mtime)
    state = timeline.state_at(epoch or timeline.dataset.start)
    return places_layer(places_frame(timeline, state), timeline.dataset)


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
timeline = load(DATA_PATH, mtime)
if isinstance(timeline, list):
    problems.show(timeline)
    st.stop()
dataset = timeline.dataset

initial, warning = url_state.initial_date(dataset.start, dataset.end, default=dataset.end)
if warning and "date" not in st.session_state:
    st.warning(warning)
date = date_slider.show(dataset.start, dataset.end, initial)
url_state.write_date(date)

state = timeline.state_at(date)
legend.show(dataset, timeline.held_counts(state))
control_map.show(base_map(read_countries()), [place_markers(DATA_PATH, mtime, state.epoch)])
st.caption("Markers show the controller of each place on the chosen date; click one for the event and its sources.")
export_panel.show(date, lambda: png(DATA_PATH, mtime, date))
event_feed.show(dataset, date, timeline.events_on(date),
                timeline.events_between(date - dt.timedelta(days=31), date - dt.timedelta(days=1)))
