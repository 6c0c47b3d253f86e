"""Follow one actor: its territory, places and fronts stay on the map, the rest fades. Kept in the link
(`?focus=`)."""

from __future__ import annotations

import streamlit as st

from frontline.model import Dataset

KEY = "follow_actor"


def show(dataset: Dataset, present: list[str], focus: str | None) -> tuple[bool, str | None]:
    """(changed, the actor followed or None)."""
    options = [a for a in dataset.actors if a in present or a == focus]
    if st.session_state.get(KEY + "_shown") != focus:  # the link or Back changed it: the control follows
        st.session_state[KEY] = focus
        st.session_state[KEY + "_shown"] = focus
    chosen = st.pills("Follow one actor", options, format_func=lambda a: dataset.actors[a].name, key=KEY,
                      selection_mode="single", help="Only this actor's territory, places and fronts; the rest fades")
    if chosen != focus:
        st.session_state[KEY + "_shown"] = chosen
        return True, chosen
    return False, focus
