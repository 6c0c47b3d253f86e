"""The date slider: one day per step over the whole record."""

from __future__ import annotations

import datetime as dt

import streamlit as st

KEY = "date"


def show(start: dt.date, end: dt.date, initial: dt.date) -> dt.date:
    if KEY not in st.session_state:
        st.session_state[KEY] = initial
    return st.slider("Date", min_value=start, max_value=end, step=dt.timedelta(days=1), format="YYYY-MM-DD",
                     key=KEY, help="Drag, or focus the slider and use the arrow keys to step one day.")
