"""The base map: Syria and Iraq with our own country outlines, loading only the app-served Leaflet.

It must be identical on every run so that streamlit-folium never rebuilds it (zoom, pan and the time engine's
state survive); everything that changes is drawn by the time engine (render/time_map.py).
"""

from __future__ import annotations

import folium
import geopandas as gpd

from frontline.render.assets import use_served_assets

CENTER = (33.6, 41.5)
BOUNDS = [[29.0, 35.6], [37.4, 48.6]]  # Syria and Iraq
ZOOM = 6


def base_map(countries: gpd.GeoDataFrame, tiles: str | None = None) -> folium.Map:
    """Map of Syria and Iraq with country outlines drawn by us, loading only the app-served Leaflet.

    No tiles by default: they would come from a remote host, and the machines the app runs on have no internet.
    """
    fmap = folium.Map(location=CENTER, zoom_start=ZOOM, tiles=tiles, control_scale=True,
                      min_zoom=4, max_bounds=True)
    subject = countries[countries["subject"].astype(bool)]
    folium.GeoJson(
        subject[["iso2", "name", "geometry"]].to_json(),
        name="Country outlines",
        style_function=lambda _: {"color": "#444444", "weight": 1.6, "fill": True, "fillColor": "#f7f7f2",
                                  "fillOpacity": 0.25},
        interactive=False,
    ).add_to(fmap)
    fmap.fit_bounds(BOUNDS)
    return use_served_assets(fmap)
