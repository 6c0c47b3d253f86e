"""Frontline — who held what in Syria and Iraq, day by day.

The screen, top to bottom: title, what the link asked for, the time map (the map with its own date bar and
area chart: drag it and the front lines move, press play) and the legend of the shown date, place search and
key moments, the symbols, follow one actor, the age of evidence, the comparison, a place's history, the area
figures and downloads, and the events of the date. Time lives in the browser: the map tells Python the date the reader
settled on, and Python updates the URL, the figures and the event feed. All computing happens in `frontline/`.

What follows the date is one fragment (`the_shown_date`): a commit reruns only it, and it redraws only its
own boxes, so a settled date costs the server a handful of messages instead of the whole page.
"""

from __future__ import annotations

import datetime as dt
import gc
import os

import streamlit as st

from components import (
    area_chart,
    comparison,
    event_feed,
    evidence_age,
    export_panel,
    follow_actor,
    key_moments,
    legend,
    page_style,
    place_history,
    place_search,
    problems,
    time_map,
    url_state,
)
from frontline.areas import areas_by_country, country_areas_km2
from frontline.frames import Atlas
from frontline.io import series
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.export import dataset_citation, engine_documents, export_bytes
from frontline.linkstate import LinkState, View
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.render.engine_element import EngineDocuments
from frontline.render.time_map import time_map as engine_map
from frontline.timeline import Timeline

DATA_PATH = os.environ.get("FRONTLINE_DATA", str(DATA))
MAX_FRAMES = 400  # an animation made in a reader's session: longer ones from the command line

st.set_page_config(page_title="Frontline — Syria & Iraq", page_icon="🗺️", layout="wide")


def long_lived(value):
    """Move everything alive now (the dataset, its geometry, the rendered map) out of the garbage collector's
    sight: Streamlit runs a full collection after every rerun, and walking these objects cost each committed
    date ~70 ms of the server's CPU. They live as long as the server; what a rerun creates is still collected."""
    gc.collect()
    gc.freeze()
    return value


@st.cache_resource(show_spinner="Loading the dataset…")
def load(path: str, mtime: float) -> Atlas | list:
    """The dataset's timeline and tessellation, or the list of problems that stop it from loading."""
    try:
        shapes = subject_shapes(read_countries())
        atlas = Atlas(Timeline(read_events(path, countries=shapes)), shapes)
    except DataError as exc:
        return exc.problems
    return long_lived(atlas)


@st.cache_resource(show_spinner="Packing the record for the map…")
def packed(path: str, mtime: float) -> EngineDocuments:
    """The whole record as the time engine reads it (pack, citations, area chart): made once per dataset."""
    return engine_documents(load(path, mtime))


@st.cache_data(max_entries=12, show_spinner="Drawing the export…")
def download(path: str, mtime: float, fmt: str, date: dt.date, bbox: tuple | None, hidden: tuple[str, ...],
                 permalink: str | None) -> bytes:
    """One download of the shown date, view and layers (`export_panel.MIME` lists the formats)."""
    return export_bytes(load(path, mtime), date, fmt, read_countries(),
                        documents=packed(path, mtime) if fmt == "html" else None, bbox=bbox, hidden=hidden,
                        permalink=permalink)


def animation(path: str, mtime: float, fmt: str, since: dt.date, until: dt.date, every: str, bbox: tuple | None,
              hidden: tuple[str, ...], progress) -> bytes:
    dates = series.dates_between(since, until, every)
    if len(dates) > MAX_FRAMES:
        raise ValueError(f"{len(dates)} frames: at most {MAX_FRAMES} here (choose a longer step, or use the "
                         "command line)")
    frames = series.frames(load(path, mtime), dates, read_countries(), progress=progress, bbox=bbox,
                           hidden=hidden)
    return series.gif(frames) if fmt == "gif" else series.mp4(frames)


@st.cache_resource(show_spinner=False)
def map_args(path: str, mtime: float) -> time_map.MapArgs:
    """The map with the engine, the whole record and the area chart, rendered once per dataset
    (components/time_map.py)."""
    return long_lived(time_map.map_args(engine_map(read_countries(), packed(path, mtime))))


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

# The screen's boxes, top to bottom. The fragment fills the date's boxes; the rest is drawn on full runs only.
top, tools, follow_box, compare_box, detail_box, figures_box, filter_box, feed_box = (st.container() for _ in range(8))
with filter_box:
    chosen_filters = event_feed.filters(dataset)


@st.fragment
def the_shown_date() -> LinkState:
    """The map and everything that follows its date; a settled date reruns only this."""
    with top:
        request, warnings = url_state.before_map(dataset.start, dataset.end, time_map.pending(), dataset.actors,
                                                 dataset.places)
        url_state.show_warnings(warnings)
        settled = time_map.show(map_args(DATA_PATH, mtime), request)
        shown = url_state.after_map(settled, dataset.start, dataset.end)
        date = shown.date
        frames = atlas.frames_at(date)
        legend.counts(dataset, timeline.held_counts(frames.state), date)
    if shown.compare is None and shown.place is None:
        detail_box.empty()  # a fragment may only fill the boxes it wrote to on the last full run
    if shown.compare is not None:
        with detail_box:
            comparison.show(atlas, shown.compare, date)
    if shown.place is not None:
        with detail_box, st.container(border=True):
            back_to = place_history.show(timeline, shown.place, date)
            if st.button("Close the history", key="close_history"):
                url_state.go_to(place=None)
                st.rerun()
        if back_to is not None:
            url_state.go_to(back_to)
            st.rerun()
    with figures_box:  # no columns: each block is one more message on every commit
        area_chart.show(dataset, date, frames.areas_km2, atlas.reach_km, areas_by_country(atlas, frames.state),
                        country_areas_km2(atlas))
        hidden = tuple(sorted(shown.hidden))
        bbox = url_state.shown_bounds(shown)
        link = url_state.permalink(shown)
        export_panel.show(
            date, dataset.start, dataset.end, "the part of the map on screen" if bbox else "Syria and Iraq",
            lambda fmt: download(DATA_PATH, mtime, fmt, date, bbox, hidden, link),
            lambda fmt, since, until, every, progress: animation(DATA_PATH, mtime, fmt, since, until, every,
                                                                 bbox, hidden, progress))
    with feed_box:
        event_feed.show(dataset, date, timeline.events_on(date),
                        timeline.events_between(date - dt.timedelta(days=31), date - dt.timedelta(days=1)),
                        chosen_filters)
    return shown


shown = the_shown_date()

# Under the map (on a phone the map and its date bar fill the first screen): find a place, jump to a moment.
with tools:
    find_column, moments_column = st.columns([2, 3])
    with find_column:
        found = place_search.show(dataset)
    with moments_column:
        moment = key_moments.show(dataset)
if found is not None:
    place = dataset.places[found]
    url_state.go_to(view=View(place.lat, place.lon, 10), place=found)
    st.rerun()
if moment is not None:  # the date only: the reader's zoom and pan stay
    url_state.go_to(moment.date)
    st.rerun()
with follow_box:
    legend.symbols_and_actors(dataset)
    changed, focus = follow_actor.show(dataset, list(dataset.actors), shown.focus)
    if changed:
        url_state.go_to(focus=focus)
        st.rerun()
    st.caption("Drag the date bar or press play; click a place for who held it, since when, and the sources. "
               "Territory and front lines are derived from the places (see below).")
    if evidence_age.show(shown.age) != shown.age:
        url_state.go_to(age=not shown.age)
        st.rerun()
with compare_box:
    asked, compare_with = comparison.controls(dataset, shown.date, shown.compare)
    if asked:
        url_state.go_to(compare=compare_with)
        st.rerun()
st.caption(f"{dataset_citation(dataset)}. Cite it with the sources of the events you use; how to cite: "
           "data/README.md. Territory and front lines are derived from the places, not reported.")
