"""Key moments: a menu to jump to one, and a story mode that steps through them with their captions. A date
chosen here is sent to the map as a request (the map is not rebuilt)."""

from __future__ import annotations

import streamlit as st

from frontline.model import Dataset, Moment
from frontline.moments import key_moments, neighbours
from frontline.render.text import escape

KEY = "key_moment"
STORY = "story_moment"


def show(dataset: Dataset) -> Moment | None:
    """The moment just chosen (from the menu or story mode's buttons), or None."""
    moments = key_moments(dataset)
    if not moments:
        return None
    labels = {f"{m.date.day} {m.date:%B %Y} — {m.title}": m for m in moments}

    def chosen() -> None:  # a jump, not a setting: the menu goes back to its placeholder
        st.session_state[KEY + "_chosen"] = labels.get(st.session_state.get(KEY))
        st.session_state[KEY] = None

    menu, story = st.columns([3, 1])
    menu.selectbox("Jump to a key moment", list(labels), index=None, key=KEY, on_change=chosen,
                   placeholder="Key moments of the wars…", label_visibility="collapsed")
    telling = story.toggle("Story mode", key="story_mode", help="Step through the key moments with their captions")
    picked = st.session_state.pop(KEY + "_chosen", None)
    if picked is not None:
        st.session_state[STORY] = picked
    if telling:
        current = st.session_state.get(STORY)
        before, after = neighbours(moments, current)
        if current is not None:
            st.html(f"<div class='fl-story'><b>{current.date.day} {current.date:%B %Y} — {escape(current.title)}"
                    f"</b><br>{escape(current.caption)} <small>({moments.index(current) + 1} of {len(moments)})"
                    f"</small></div>")
        back, forward, _ = st.columns([1, 1, 4])
        if back.button("← Previous moment", disabled=before is None, key="story_back"):
            picked = before
        if forward.button("Next moment →" if current is not None else "Start the story →", disabled=after is None,
                          key="story_next"):
            picked = after
        if picked is not None:
            st.session_state[STORY] = picked
    return picked
