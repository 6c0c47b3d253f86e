"""Area held per actor over the whole record (Altair), and the shown date's figures."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from frontline.model import Dataset
from frontline.render.text import escape


def long_table(series: list[dict]) -> pd.DataFrame:
    rows = [(item["date"], actor, km2) for item in series for actor, km2 in item["areas_km2"].items()]
    frame = pd.DataFrame(rows, columns=["date", "actor", "km2"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def show(dataset: Dataset, series: list[dict], date: dt.date, areas: dict[str, float], reach_km: float) -> None:
    actors = [a for a in dataset.actors if any(a in item["areas_km2"] for item in series)]
    table = long_table(series)
    scale = alt.Scale(domain=[dataset.actors[a].name for a in actors], range=[dataset.actors[a].color for a in actors])
    table["name"] = table["actor"].map(lambda a: dataset.actors[a].name)
    lines = alt.Chart(table).mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("km2:Q", title="km² held (derived)", axis=alt.Axis(format="~s")),
        color=alt.Color("name:N", scale=scale, legend=None),
        tooltip=[alt.Tooltip("name:N", title="actor"), alt.Tooltip("date:T"), alt.Tooltip("km2:Q", format=",.0f")],
    )
    # The chart does not depend on the date, so Streamlit sends it once per session (a repeated element is
    # sent as a reference to the copy the browser already has); the shown date's figures are in the table.
    st.altair_chart(lines.properties(height=260), width="stretch")

    total = sum(areas.values()) or 1.0
    rows = "".join(
        f"<tr><td><i style='background:{escape(dataset.actors[a].color)}'></i>{escape(dataset.actors[a].name)}</td>"
        f"<td>{km2:,.0f}</td><td>{km2 / total:.0%}</td></tr>"
        for a, km2 in sorted(areas.items(), key=lambda kv: -kv[1]))
    st.html(f"<table class='fl-areas'><caption>Area held on {date.day} {date:%B %Y} (derived)</caption>"
            f"<tr><th>actor</th><th>km²</th><th>share</th></tr>{rows}</table>")
    st.caption(
        f"Areas are derived, not surveyed: each place gets the Voronoi cell of the land nearer to it than to any "
        f"other place, cut to its country and to {reach_km:.0f} km around it; a cell takes its place's "
        f"controller. Desert beyond every reach stays unassigned. Front lines are the borders between cells of "
        f"different controllers.")
