"""Which derived layers to draw; off-switches live in the URL (`?hide=territory,fronts`)."""

from __future__ import annotations

import streamlit as st

LAYERS = {"territory": "Territory", "fronts": "Front lines"}


def show() -> set[str]:
    """The names of the layers the user wants drawn."""
    hidden = set(filter(None, st.query_params.get("hide", "").split(",")))
    shown = set()
    columns = st.columns(len(LAYERS) + 2)
    for column, (name, label) in zip(columns, LAYERS.items()):
        key = f"layer_{name}"
        if key not in st.session_state:
            st.session_state[key] = name not in hidden
        if column.toggle(label, key=key):
            shown.add(name)
    hide = ",".join(n for n in LAYERS if n not in shown)
    if hide:
        st.query_params["hide"] = hide
    elif "hide" in st.query_params:
        del st.query_params["hide"]
    return shown
