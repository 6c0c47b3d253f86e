"""Jump to a key moment: a date chosen in Python, sent to the map as a request (the map is not rebuilt)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.model import Dataset
from frontline.moments import key_moments

KEY = "key_moment"


def show(dataset: Dataset) -> dt.date | None:
    """The date of the moment just chosen, or None."""
    moments = key_moments(dataset)
    if not moments:
        return None
    labels = {f"{m.date.day} {m.date:%B %Y} — {m.title}": m.date for m, _ in moments}

    def chosen() -> None:  # a jump, not a setting: the menu goes back to its placeholder
        st.session_state[KEY + "_date"] = labels.get(st.session_state.get(KEY))
        st.session_state[KEY] = None

    st.selectbox("Jump to a key moment", list(labels), index=None, key=KEY, on_change=chosen,
                 placeholder="Key moments of the wars…")
    return st.session_state.pop(KEY + "_date", None)
