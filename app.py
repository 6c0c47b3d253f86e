"""Frontline — who held what in Syria and Iraq, day by day.

The screen, top to bottom: title, what the link asked for, key moments to jump to, the time map (the map
with its own date bar: drag it and the front lines move, press play), the legend of the shown date, the area
figures, downloads, and the events of the date. Time lives in the browser: the map tells Python the date the reader settled on, and
Python updates the URL, the figures and the event feed. All computing happens in `frontline/`.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from components import (
    area_chart,
    event_feed,
    export_panel,
    key_moments,
    legend,
    page_style,
    problems,
    time_map,
    url_state,
)
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.export import interactive_html, packed_json, static_map
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.render.time_map import time_map as engine_map
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


@st.cache_resource(show_spinner="Packing the record for the map…")
def packed(path: str, mtime: float) -> str:
    """The whole record as the time engine's pack (JSON, safe inside a script): made once per dataset."""
    return packed_json(load(path, mtime))


@st.cache_data(max_entries=64, show_spinner=False)
def png(path: str, mtime: float, date: dt.date) -> bytes:
    return static_map(load(path, mtime), date, read_countries())


@st.cache_data(max_entries=4, show_spinner=False)
def html_file(path: str, mtime: float, date: dt.date, hidden: tuple[str, ...]) -> bytes:
    return interactive_html(read_countries(), packed(path, mtime), date, hidden)


def _mtime(path: str) -> float:
    try:
        return os.path.getmtime(path)
    except OSError:
        return 0.0


page_style.show()
mtime = _mtime(DATA_PATH)
atlas = load(DATA_PATH, mtime)
if isinstance(atlas, list):
    problems.show(atlas)
    st.stop()
timeline, dataset = atlas.timeline, atlas.timeline.dataset

request, warnings = url_state.before_map(dataset.start, dataset.end, time_map.pending())
url_state.show_warnings(warnings)
moment = key_moments.show(dataset)
if moment is not None:
    request = url_state.go_to(moment)
settled = time_map.show(engine_map(read_countries(), packed(DATA_PATH, mtime)), request)
shown = url_state.after_map(settled, dataset.start, dataset.end)
date = shown.date

frames = atlas.frames_at(date)
legend.show(dataset, timeline.held_counts(frames.state), date)
st.caption("Drag the date bar or press play; click a place for who held it, since when, and the sources. "
           "Territory and front lines are derived from the places (see below).")
chart_column, side_column = st.columns([3, 2])
with chart_column:
    area_chart.show(dataset, atlas.area_series, date, frames.areas_km2, atlas.reach_km)
with side_column:
    hidden = tuple(sorted(shown.hidden))
    export_panel.show(date, lambda: png(DATA_PATH, mtime, date), lambda: html_file(DATA_PATH, mtime, date, hidden))
event_feed.show(dataset, date, timeline.events_on(date),
                timeline.events_between(date - dt.timedelta(days=31), date - dt.timedelta(days=1)))
