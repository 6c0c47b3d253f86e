"""Find a place by name or alias, whatever the transliteration (Deir ez-Zor, Dayr az-Zawr …): choosing a
result centres the map on it, opens its popup and its history."""

from __future__ import annotations

import streamlit as st

from frontline.model import Dataset
from frontline.search import search

KEY = "place_search"


def show(dataset: Dataset) -> str | None:
    """The id of the place just chosen, or None."""
    query = st.text_input("Find a place", key=KEY, placeholder="Find a place: Manbij, Tadmur, Dayr az-Zawr…",
                          label_visibility="collapsed", max_chars=80)
    chosen = st.session_state.pop(KEY + "_chosen", None)
    if chosen is not None or not query.strip():
        return chosen
    matches = search(dataset, query, limit=6)
    if not matches:
        st.caption("No place of that name in the data.")
        return None
    def choose(place_id: str) -> None:  # the box empties once a place is chosen
        st.session_state[KEY + "_chosen"] = place_id
        st.session_state[KEY] = ""

    for match in matches:
        place = dataset.places[match.place_id]
        also = f" (as {match.matched})" if match.matched != place.name else ""
        st.button(f"{place.name}{also} · {place.country}", key=f"{KEY}_{match.place_id}", on_click=choose,
                  args=(match.place_id,))
    return None
