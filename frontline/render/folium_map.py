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


def territory_layer(frames, display_cells: list[dict | None], name: str = "Territory") -> folium.FeatureGroup:
    """Cells filled with their controller's colour; contested cells with a dashed dark edge."""
    group = folium.FeatureGroup(name=name)
    features = []
    territory = frames.territory
    by_place = dict(zip(frames.atlas.place_array, display_cells))
    for place, controller, color, status in zip(territory["place"], territory["controller"], territory["color"],
                                                territory["status"]):
        geometry = by_place.get(place)
        if geometry is None:
            continue
        features.append({"type": "Feature", "geometry": geometry,
                         "properties": {"place": place, "controller": controller, "color": color, "status": status}})
    folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        style_function=_cell_style,
        interactive=False,
        name=name,
    ).add_to(group)
    return group


def _cell_style(feature: dict) -> dict:
    props = feature["properties"]
    contested = props["status"] == "contested"
    return {"fillColor": props["color"], "fillOpacity": 0.28 if contested else 0.42,
            "color": "#333333" if contested else props["color"], "weight": 1.2 if contested else 0.5,
            "opacity": 0.8 if contested else 0.42, "dashArray": "5 4" if contested else None,
            "className": f"cell ctrl-{props['controller']}"}


def fronts_layer(frames, name: str = "Front lines") -> folium.FeatureGroup:
    """Shared edges of adjacent cells held by different actors."""
    group = folium.FeatureGroup(name=name)
    fronts = frames.fronts
    if len(fronts):
        folium.GeoJson(
            fronts.set_geometry(fronts.geometry.set_precision(1e-4)).__geo_interface__,
            style_function=lambda _: {"color": "#3b0a45", "weight": 2.4, "opacity": 0.9, "className": "front"},
            interactive=False,
            name=name,
        ).add_to(group)
    return group
