"""A broken data file is shown as a list of problems, never as a traceback."""

from __future__ import annotations

import streamlit as st

from frontline.problems import Problem


def show(problems: list[Problem]) -> None:
    st.error(f"The data file cannot be used: {len(problems)} problem(s). Fix them and reload.")
    st.code("\n".join(str(p) for p in problems[:200]), language=None)
    if len(problems) > 200:
        st.caption(f"… and {len(problems) - 200} more; run `python -m frontline validate` for all of them.")
