"""Downloads of what the reader sees: the map of the shown date, view and layers (PNG, SVG, PDF), the data of
the date (GeoJSON, GeoPackage, CSV), the whole record (CSV), the interactive map (HTML), a report pack (ZIP),
and an animation of a date range (GIF, MP4). The bytes are made in the core, only when a button asks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

Make = Callable[[str], bytes]  # format -> bytes, for the shown date and view
Animate = Callable[[str, dt.date, dt.date, str, Callable[[int, int], None]], bytes]

MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "geojson": "application/geo+json",
        "gpkg": "application/geopackage+sqlite3", "csv": "text/csv", "record-csv": "text/csv",
        "html": "text/html", "zip": "application/zip", "gif": "image/gif", "mp4": "video/mp4"}
EXTENSION = {"record-csv": "csv"}


def show(date: dt.date, start: dt.date, end: dt.date, view_note: str, make: Make, animate: Animate) -> None:
    # Behind a switch: the buttons are made for the shown date on every run, and a reader moving through dates
    # should not be sent them on every commit.
    if not st.toggle("Download what you see", key="downloads",
                     help="The map (PNG, SVG, PDF), the data of the date (GeoJSON, GeoPackage, CSV), the whole "
                          "record, a report pack, the interactive map, an animation"):
        return
    st.caption(f"The map of {date.day} {date:%B %Y}: {view_note}, the layers shown, with scale, legend, sources "
               "and the link to this view.")
    columns = st.columns(3)
    for column, fmt in zip(columns, ("png", "svg", "pdf"), strict=True):
        with column:
            _button(f"Map ({fmt.upper()})", fmt, date, make)
    columns = st.columns(3)
    for column, (label, fmt) in zip(columns, (("GeoJSON", "geojson"), ("GeoPackage", "gpkg"), ("Places CSV", "csv")),
                                    strict=True):
        with column:
            _button(label, fmt, date, make)
    columns = st.columns(2)
    with columns[0]:
        _button("Report pack (ZIP)", "zip", date, make)
    with columns[1]:
        _button("Whole record (CSV)", "record-csv", date, make, stem="frontline-record")
    _button("Interactive map (HTML, works offline)", "html", date, make)
    with st.expander("Animation (GIF or MP4)"):
        _animation(date, start, end, animate)


def _button(label: str, fmt: str, date: dt.date, make: Make, stem: str | None = None) -> None:
    name = f"{stem or f'frontline-{date.isoformat()}'}.{EXTENSION.get(fmt, fmt)}"
    st.download_button(label, data=lambda: make(fmt), file_name=name, mime=MIME[fmt], key=f"download_{fmt}",
                       on_click="ignore", use_container_width=True)


def _animation(date: dt.date, start: dt.date, end: dt.date, animate: Animate) -> None:
    first = max(start, date - dt.timedelta(days=182))
    with st.form("animation"):
        c1, c2 = st.columns(2)
        since = c1.date_input("From", value=first, min_value=start, max_value=end, key="animation_from")
        until = c2.date_input("To", value=date, min_value=start, max_value=end, key="animation_to")
        c3, c4 = st.columns(2)
        every = c3.selectbox("One frame per", ("week", "day", "month"), key="animation_every")
        fmt = c4.selectbox("Format", ("gif", "mp4"), format_func=str.upper, key="animation_format")
        asked = st.form_submit_button("Make the animation")
    if asked:
        if until < since:
            st.warning("The end of the range is before its start.")
            return
        bar = st.progress(0.0, text="Drawing the frames…")

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=f"Frame {done} of {total}")

        try:
            data = animate(fmt, since, until, every, progress)
        except ValueError as exc:
            st.warning(str(exc))
            return
        bar.empty()
        st.session_state["animation"] = (f"frontline-{since}-to-{until}-{every}.{fmt}", fmt, data)
    made = st.session_state.get("animation")
    if made:
        name, fmt, data = made
        st.download_button(f"Download {name}", data=data, file_name=name, mime=MIME[fmt], key="download_animation",
                           on_click="ignore")
