"""Folium pieces for the app: a base map that never changes, and the date-dependent layers.

The base map must be identical on every run so that streamlit-folium keeps the user's zoom and pan;
everything that depends on the date goes into feature groups passed separately.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import shapely
from folium.utilities import JsCode
from shapely.geometry import mapping

from frontline.model import Dataset
from frontline.render.text import escape, safe_url

CENTER = (33.6, 41.5)
BOUNDS = [[29.0, 35.6], [37.4, 48.6]]  # Syria and Iraq
ZOOM = 6
FRONT_COLOR = "#3b0a45"
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
    fmap.fit_bounds(BOUNDS)
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


# Features carry compact properties (k: kind, id, a: actor, c: colour, s: status); the styles are made here,
# in the browser, which keeps each slider step's payload small. Options are set before the layer reaches the
# map so that Leaflet creates each path with its class (setStyle cannot change a class later).
ON_EACH_FEATURE = JsCode("""
function (feature, layer) {
    var p = feature.properties, o;
    if (p.k === "place") {
        var besieged = p.s === "besieged";
        o = {radius: 4, color: besieged ? "#b2001e" : "#222222", weight: besieged ? 3 : 1,
             dashArray: p.s === "contested" ? "3 2" : null, fill: true, fillColor: p.c, fillOpacity: 0.95,
             opacity: 1, className: "place place-" + p.id + " ctrl-" + p.a};
    } else if (p.k === "cell") {
        var contested = p.s === "contested";
        o = {fillColor: p.c, fillOpacity: contested ? 0.28 : 0.42, interactive: false,
             color: contested ? "#333333" : p.c, weight: contested ? 1.2 : 0.5, opacity: contested ? 0.8 : 0.42,
             dashArray: contested ? "5 4" : null, className: "cell cell-" + p.id + " ctrl-" + p.a};
    } else {
        o = {color: "FRONT_COLOR", weight: 2.4, opacity: 0.9, interactive: false, className: "front"};
    }
    L.Util.setOptions(layer, o);
    p.style = o;
    if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 340}); }
    if (p.tip) { layer.bindTooltip(p.tip); }
}
""".replace("FRONT_COLOR", FRONT_COLOR))


def places_geojson(places: gpd.GeoDataFrame, dataset: Dataset) -> dict:
    """One point per place with its controller, status, popup and tooltip (all text escaped)."""
    features = []
    for row, point in zip(places.to_dict("records"), places.geometry):
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                         "properties": {"k": "place", "id": row["id"], "a": row["controller"], "c": row["color"],
                                        "s": row["status"], "popup": popup_html(row, dataset),
                                        "tip": escape(f"{row['name']} — {row['actor']}")}})
    return {"type": "FeatureCollection", "features": features}


def territory_geojson(frames, display_cells: list[dict | None]) -> dict:
    """One cell per place, coloured by its controller (contested cells dashed, in the browser)."""
    features = []
    territory = frames.territory
    by_place = dict(zip(frames.atlas.place_array, display_cells))
    for place, controller, color, status in zip(territory["place"], territory["controller"], territory["color"],
                                                territory["status"]):
        geometry = by_place.get(place)
        if geometry is not None:
            features.append({"type": "Feature", "geometry": geometry,
                             "properties": {"k": "cell", "id": place, "a": controller, "c": color, "s": status}})
    return {"type": "FeatureCollection", "features": features}


def fronts_geojson(frames) -> dict:
    """All front lines of the date as one multi-line feature: one style, coordinates only."""
    fronts = frames.fronts
    if not len(fronts):
        return {"type": "FeatureCollection", "features": []}
    merged = shapely.line_merge(shapely.union_all(fronts.geometry.set_precision(1e-4).values))
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "geometry": mapping(merged), "properties": {"k": "front"}}]}


def geojson_layer(name: str, data: dict, points: bool = False) -> folium.FeatureGroup:
    """A fresh feature group around prepared GeoJSON (folium objects must not be rendered twice)."""
    group = folium.FeatureGroup(name=name)
    folium.GeoJson(data, name=name, on_each_feature=ON_EACH_FEATURE,
                   marker=folium.CircleMarker(radius=4) if points else None).add_to(group)
    return group
