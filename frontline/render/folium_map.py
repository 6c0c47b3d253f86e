"""Folium pieces for the app: a base map that never changes, and the date-dependent layers.

The base map must be identical on every run so that streamlit-folium keeps the user's zoom and pan;
everything that depends on the date goes into feature groups passed separately.
"""

from __future__ import annotations

import folium
import geopandas as gpd

from frontline.model import Dataset
from frontline.render.text import escape, safe_url

CENTER = (33.6, 41.5)
ZOOM = 6
STATUS_WORDS = {"held": "held", "contested": "contested (fighting inside)", "besieged": "besieged"}


def base_map(countries: gpd.GeoDataFrame, tiles: str | None = "OpenStreetMap") -> folium.Map:
    """Map of Syria and Iraq with country outlines drawn by us (tiles may not load offline)."""
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
    return fmap


def popup_html(row: dict, dataset: Dataset) -> str:
    """Name, controller, since when, the deciding event and its sources — all escaped."""
    parts = [f"<b>{escape(row['name'])}</b>"]
    if row["aliases"]:
        parts.append(f"<br><i>also {escape(row['aliases'])}</i>")
    parts.append(f"<br>{escape(row['actor'])} — {escape(STATUS_WORDS.get(row['status'], row['status']))}")
    parts.append(f"<br>since {escape(row['since'])}")
    if row["event_date"]:
        note = f": {escape(row['event_note'])}" if row["event_note"] else ""
        precision = "" if row["event_precision"] == "day" else f" (date precision: {escape(row['event_precision'])})"
        parts.append(f"<br><small>{escape(row['event_kind'])} on {escape(row['event_date'])}{precision}{note}</small>")
    else:
        parts.append("<br><small>held since the start of the record (baseline)</small>")
    for source in row["sources"]:
        url = safe_url(source["url"])
        label = escape(source["label"])
        parts.append(f"<br><small>↳ <a href=\"{escape(url)}\" target=\"_blank\" rel=\"noopener\">{label}</a></small>"
                     if url else f"<br><small>↳ {label}</small>")
    return "<div style='min-width:220px;max-width:320px'>" + "".join(parts) + "</div>"


def places_layer(places: gpd.GeoDataFrame, dataset: Dataset, name: str = "Places") -> folium.FeatureGroup:
    """One circle marker per place, filled with its controller's colour; besieged places ringed."""
    group = folium.FeatureGroup(name=name)
    for row, point in zip(places.to_dict("records"), places.geometry, strict=False):
        besieged = row["status"] == "besieged"
        folium.CircleMarker(
            location=(point.y, point.x),
            radius=6,
            color="#b2001e" if besieged else "#222222",
            weight=3 if besieged else 1,
            dash_array="4 2" if row["status"] == "contested" else None,
            fill=True,
            fill_color=row["color"],
            fill_opacity=0.95,
            popup=folium.Popup(popup_html(row, dataset), max_width=340),
            tooltip=escape(f"{row['name']} — {row['actor']}"),
            class_name=f"place place-{row['id']} ctrl-{row['controller']}",
        ).add_to(group)
    return group
