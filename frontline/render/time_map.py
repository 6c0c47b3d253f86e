"""The folium map with the time engine: one builder for the app (hosted by streamlit-folium) and for the
self-contained HTML export (Leaflet inlined, the date kept in the URL fragment)."""

from __future__ import annotations

import datetime as dt

import folium
import geopandas as gpd

from frontline.render.assets import inline_html
from frontline.render.engine_element import EngineDocuments, TimeEngine
from frontline.render.folium_map import base_map
from frontline.render.text import escape


def time_map(countries: gpd.GeoDataFrame, documents: EngineDocuments, host: str = "streamlit",
             date: dt.date | None = None, hidden: tuple[str, ...] = ()) -> folium.Map:
    """The base map with the engine, its date bar and area chart; `documents` from `io.export.engine_documents`."""
    fmap = base_map(countries)
    TimeEngine(documents, host=host, date=date, hidden=hidden).add_to(fmap)
    return fmap


def standalone_html(countries: gpd.GeoDataFrame, documents: EngineDocuments, date: dt.date | None = None,
                    hidden: tuple[str, ...] = (), title: str = "Frontline — who held what in Syria and Iraq") -> str:
    """One HTML file that opens from disk with no network and plays the whole record with its own date bar;
    the shown date is kept in the URL fragment (`#date=YYYY-MM-DD`)."""
    fmap = time_map(countries, documents, host="file", date=date, hidden=hidden)
    html = fmap.get_root().render()
    html = html.replace("<head>", f"<head>\n<title>{escape(title)}</title>", 1)
    return inline_html(html)
