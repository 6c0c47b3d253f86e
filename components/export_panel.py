"""Download buttons; the bytes are made in the core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st


def show(date: dt.date, make_png: Callable[[], bytes]) -> None:
    st.download_button(
        "Download map (PNG)",
        data=make_png,
        file_name=f"frontline-{date.isoformat()}.png",
        mime="image/png",
        key="download_png",
        on_click="ignore",
    )
