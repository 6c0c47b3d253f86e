"""The shown date's area figures: km² held per actor and its share of each country (the chart of the whole
record is drawn in the map, where it follows the date bar: frontline/render/js/frontline-chart.js)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.legend import swatch
from frontline.model import COUNTRIES, Dataset
from frontline.render.text import escape


def show(dataset: Dataset, date: dt.date, areas: dict[str, float], reach_km: float,
         by_country: dict[str, dict[str, float]] | None = None, country_km2: dict[str, float] | None = None) -> None:
    codes = [c for c in (country_km2 or {}) if c in (by_country or {})]
    head = "".join(f"<th>share of {escape(COUNTRIES.get(c, c))}</th>" for c in codes)
    rows = "".join(
        f"<tr><td>{swatch(a)}{escape(dataset.actors[a].name)}</td>"
        f"<td>{km2:,.0f}</td>"
        + "".join(f"<td>{(by_country[c].get(a, 0) / country_km2[c]):.0%}</td>" if by_country[c].get(a) else "<td></td>"
                  for c in codes) + "</tr>"
        for a, km2 in sorted(areas.items(), key=lambda kv: -kv[1]))
    st.html(f"<table class='fl-areas'><caption>Area held on {date.day} {date:%B %Y} (derived)</caption>"
            f"<tr><th>actor</th><th>km²</th>{head}</tr>{rows}</table>")
    st.caption(
        f"Areas are derived, not surveyed: each place gets the Voronoi cell of the land nearer to it than to any "
        f"other place, cut to its country and to {reach_km:.0f} km around it; a cell takes its place's "
        f"controller. Land beyond every reach is drawn as the nearest holder's lighter zone and is not counted. "
        f"Front lines are the borders between cells of actors at war; allies' borders are quiet lines of control.")
