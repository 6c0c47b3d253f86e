"""The date in the URL (?date=YYYY-MM-DD): read once when a link is opened, written on every change."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from frontline.dates import parse_date


def initial_date(start: dt.date, end: dt.date, default: dt.date) -> tuple[dt.date, str | None]:
    """The date a link asks for, or the default with a warning saying why it was not used."""
    raw = st.query_params.get("date")
    if raw is None:
        return default, None
    try:
        wanted = parse_date(raw)
    except ValueError as exc:
        return default, f"The link's date {exc}; showing {default.isoformat()} instead."
    if not start <= wanted <= end:
        return default, (f"The link's date {wanted.isoformat()} is outside the record "
                         f"({start.isoformat()} to {end.isoformat()}); showing {default.isoformat()} instead.")
    return wanted, None


def write_date(date: dt.date) -> None:
    if st.query_params.get("date") != date.isoformat():
        st.query_params["date"] = date.isoformat()
