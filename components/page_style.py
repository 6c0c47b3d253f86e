"""The page's own CSS, in one element that never changes: Streamlit sends it once and then by reference."""

from __future__ import annotations

import streamlit as st

CSS = (
    "<style>[data-testid='stMainBlockContainer']{padding-top:4rem}"
    ".fl-title{font-size:1.7rem;font-weight:700;margin:0 0 .3rem;line-height:1.2}"
    ".fl-title small{font-weight:400;font-size:1.05rem;color:#444;margin-left:.4rem}"
    "@media (max-width:640px){.fl-title{font-size:1.25rem}.fl-title small{display:block;margin:0;font-size:.9rem}}</style>"
    "<style>.fl-legend{line-height:1.9;font-size:0.95rem}.fl-legend span{margin-right:14px;white-space:nowrap}"
    ".fl-legend i{display:inline-block;width:12px;height:12px;border-radius:6px;border:1px solid #222;"
    "margin-right:4px;vertical-align:-1px}</style>"
    "<style>.fl-feed p{margin:0 0 .6em}.fl-feed small{color:#555}.fl-feed h3{margin:.2em 0 .4em}</style>"
    "<style>.fl-areas{border-collapse:collapse;font-size:.9rem}.fl-areas td,.fl-areas th{padding:2px 10px;"
    "text-align:right}.fl-areas td:first-child,.fl-areas th:first-child{text-align:left}.fl-areas caption"
    "{text-align:left;font-weight:600}.fl-areas i{display:inline-block;width:10px;height:10px;"
    "border-radius:5px;margin-right:5px;border:1px solid #222}</style>"
)


def show() -> None:
    """The page's CSS and title (compact, so that on a phone the map and its date bar fit the first screen)."""
    st.html(CSS + "<h1 class='fl-title'>Frontline <small>who held what in Syria and Iraq, day by day</small></h1>")
