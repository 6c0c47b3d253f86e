"""Download buttons; the bytes are made in the core, and only when a button is pressed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st


def show(date: dt.date, make_png: Callable[[], bytes], make_html: Callable[[], bytes]) -> None:
    st.caption("The HTML map is one file with the whole record and its own date bar: it opens from disk, "
               "with no network.")
    st.download_button(
        "Download map (PNG)",
        data=make_png,
        file_name=f"frontline-{date.isoformat()}.png",
        mime="image/png",
        key="download_png",
        on_click="ignore",
    )
    st.download_button(
        "Download interactive map (HTML, works offline)",
        data=make_html,
        file_name=f"frontline-{date.isoformat()}.html",
        mime="text/html",
        key="download_html",
        on_click="ignore",
    )
