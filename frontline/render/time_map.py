"""The folium map with the time engine: one builder for the app (hosted by streamlit-folium) and for the
self-contained HTML export (Leaflet inlined, the date kept in the URL fragment)."""

from __future__ import annotations

import datetime as dt

import folium
import geopandas as gpd

from frontline.render.assets import inline_html
from frontline.render.engine_element import TimeEngine
from frontline.render.folium_map import base_map
from frontline.render.text import escape


def time_map(countries: gpd.GeoDataFrame, pack_json: str, host: str = "streamlit", date: dt.date | None = None,
             hidden: tuple[str, ...] = (), chart_json: str | None = None,
             citations_json: str | None = None) -> folium.Map:
    """The base map with the engine and its date bar; `pack_json` is `script_json(timepack.pack(atlas))`,
    `chart_json` (optional) the area chart's series (`io.export.chart_json`), `citations_json` the popups'
    texts and sources (`io.export.citations_json`; without them popups name no sources)."""
    fmap = base_map(countries)
    TimeEngine(pack_json, host=host, date=date, hidden=hidden, chart_json=chart_json,
               citations_json=citations_json).add_to(fmap)
    return fmap


def standalone_html(countries: gpd.GeoDataFrame, pack_json: str, date: dt.date | None = None,
                    hidden: tuple[str, ...] = (), title: str = "Frontline — who held what in Syria and Iraq",
                    chart_json: str | None = None, citations_json: str | None = None) -> str:
    """One HTML file that opens from disk with no network and plays the whole record with its own date bar;
    the shown date is kept in the URL fragment (`#date=YYYY-MM-DD`)."""
    fmap = time_map(countries, pack_json, host="file", date=date, hidden=hidden, chart_json=chart_json,
                    citations_json=citations_json)
    html = fmap.get_root().render()
    html = html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)
    return inline_html(html)
