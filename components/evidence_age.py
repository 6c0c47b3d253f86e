"""The age-of-evidence layer: places shaded by how long ago a sourced report last concerned them, so that
stale areas stand out. In the link (`?age=1`)."""

from __future__ import annotations

import streamlit as st

from frontline.render import symbols

KEY = "evidence_age"
KEYS = (("#ffffff", "#222222", "within 90 days"), ("#9a9a9a", "#222222", "within a year"),
        ("#1a1a1a", "#ffffff", "over a year ago"))


def show(on: bool) -> bool:
    """Whether the layer is on (as the reader leaves the toggle)."""
    if st.session_state.get(KEY + "_shown") != on:
        st.session_state[KEY] = on
        st.session_state[KEY + "_shown"] = on
    wanted = st.toggle("Shade places by the age of the evidence", key=KEY,
                       help="How long before the shown date a sourced report last concerned each place")
    if wanted:
        swatches = " ".join(f"<span>{symbols.disc(fill, ring)}last confirmed {words}</span>"
                            for fill, ring, words in KEYS)
        st.html(f"<div class='fl-legend'>{swatches}</div>")
    st.session_state[KEY + "_shown"] = wanted
    return wanted
