"""The base map: Syria and Iraq with our own country outlines, loading only the app-served Leaflet.

It must be identical on every run so that streamlit-folium never rebuilds it (zoom, pan and the time engine's
state survive); everything that changes is drawn by the time engine (render/time_map.py).
"""

from __future__ import annotations

import folium
import geopandas as gpd

from frontline.cartography import LAND, NEIGHBOURS, OUTLINE, RIVER_COLOR, RIVER_WIDTH_PX, SEA
from frontline.render.assets import use_served_assets
from frontline.territory import polygonal

CENTER = (33.6, 41.5)
BOUNDS = [[29.0, 35.6], [37.4, 48.6]]  # Syria and Iraq
ZOOM = 6
SUBJECT = ("SY", "IQ")


def base_map(countries: gpd.GeoDataFrame, tiles: str | None = None) -> folium.Map:
    """Map of Syria and Iraq with country outlines drawn by us, loading only the app-served Leaflet.

    No tiles by default: they would come from a remote host, and the machines the app runs on have no internet.
    """
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=tiles, control_scale=True,
                      min_zoom=4, max_bounds=True)
    fmap.get_root().header.add_child(folium.Element(f"<style>.leaflet-container{{background:{SEA}}}</style>"))
    is_subject = countries["subject"].astype(bool)
    # Land under the territory: the time engine's fills are drawn at TERRITORY_OPACITY over LAND, the colours
    # the palette is measured on (frontline/palette.py).
    land = countries[["iso2", "name", "geometry"]].copy()
    land["geometry"] = land.geometry.apply(polygonal)  # a country cut to the frame can be a collection
    folium.GeoJson(
        land.to_json(),
        name="Land",
        style_function=lambda f: {"stroke": False, "fill": True, "fillOpacity": 1,
                                  "fillColor": LAND if f["properties"]["iso2"] in SUBJECT else NEIGHBOURS},
        interactive=False,
    ).add_to(fmap)
    # Borders above the territory, so that they stay visible under any fill.
    folium.map.CustomPane("frontline-borders", z_index=425, pointer_events=False).add_to(fmap)
    folium.GeoJson(
        countries[is_subject][["iso2", "name", "geometry"]].to_json(),
        name="Borders",
        style_function=lambda _: {"color": OUTLINE, "weight": 1.4, "fill": False},
        interactive=False,
        pane="frontline-borders",
    ).add_to(fmap)
    rivers = countries.attrs.get("rivers")
    if rivers is not None and len(rivers):
        _add_rivers(fmap, rivers)
    fmap.fit_bounds(BOUNDS)
    return use_served_assets(fmap)


def _add_rivers(fmap: folium.Map, rivers: gpd.GeoDataFrame) -> None:
    """The rivers above the territory and below the fronts; the time engine names them with the other labels
    (`water` option), so that no name overlaps another."""
    folium.map.CustomPane("frontline-rivers", z_index=415, pointer_events=False).add_to(fmap)
    folium.GeoJson(
        rivers[["name", "geometry"]].to_json(),
        name="Rivers",
        style_function=lambda _: {"color": RIVER_COLOR, "weight": RIVER_WIDTH_PX, "opacity": 0.9},
        interactive=False,
        pane="frontline-rivers",
    ).add_to(fmap)


