"""Static maps with matplotlib: no tiles, no network, the same look in PNG, SVG and PDF."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # headless: exports run in servers and CI
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import to_hex, to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from frontline.model import Dataset  # noqa: E402


def territory_fill(color: str) -> str:
    """The actor's colour lightened for area fills; very dark colours less, so black stays darker than grey."""
    rgb = np.array(to_rgb(color))
    white = 0.3 if rgb @ np.array([0.2126, 0.7152, 0.0722]) < 0.15 else 0.5
    return to_hex(rgb * (1 - white) + white)

ATTRIBUTION = ("Frontline · control derived from dated, sourced events (CC BY 4.0) · "
               "outlines: Natural Earth (public domain)")
EXTENT = (35.4, 48.9, 29.0, 37.6)  # lon_min, lon_max, lat_min, lat_max
FRONT_COLOR = "#3b0a45"  # dark violet: visible against every actor's colour


def map_figure(dataset: Dataset, date: dt.date, places: gpd.GeoDataFrame, countries: gpd.GeoDataFrame,
               territory: gpd.GeoDataFrame | None = None, fronts: gpd.GeoDataFrame | None = None,
               width_px: int = 1800) -> Figure:
    """The map of one date: outlines, territory and fronts when given, places coloured by controller."""
    dpi = 120
    fig = plt.figure(figsize=(width_px / dpi, width_px / dpi * 0.62), dpi=dpi)
    ax = fig.add_axes((0.01, 0.05, 0.68, 0.88))
    ax.set_facecolor("#cfe3ef")
    is_subject = countries["subject"].astype(bool)
    subject = countries[is_subject]
    countries[~is_subject].plot(ax=ax, color="#eeeeea", edgecolor="#b5b5b0", linewidth=0.6)
    # Syria and Iraq hatched: what no place's cell covers stays visibly unassigned.
    subject.plot(ax=ax, facecolor="#fbfbf7", edgecolor="#c9c9c0", hatch="....",
                                                      linewidth=0)
    if territory is not None and len(territory):
        # Lightened solid colours rather than transparency: the hatch of unassigned land must not show through.
        fills = [territory_fill(c) for c in territory["color"]]
        territory.plot(ax=ax, color=fills, edgecolor=fills, linewidth=0.3)
        contested = territory[territory["status"] == "contested"] if "status" in territory else territory.iloc[:0]
        if len(contested):
            contested.plot(ax=ax, facecolor="none", edgecolor="#333333", hatch="///", linewidth=0)
    subject.boundary.plot(ax=ax, color="#555555", linewidth=1.0)
    if fronts is not None and len(fronts):
        fronts.plot(ax=ax, color=FRONT_COLOR, linewidth=1.7)
    besieged = places[places["status"] == "besieged"]
    ax.scatter(besieged.geometry.x, besieged.geometry.y, s=150, facecolors="none", edgecolors="#b2001e",
               linewidths=1.6, zorder=4)
    ax.scatter(places.geometry.x, places.geometry.y, s=26, c=list(places["color"]), edgecolors="#222222",
               linewidths=0.5, zorder=5)
    contested_places = places[places["status"] == "contested"]
    ax.scatter(contested_places.geometry.x, contested_places.geometry.y, s=26, marker="x", c="#ffffff",
               linewidths=0.8, zorder=6)
    ax.set_xlim(EXTENT[0], EXTENT[1])
    ax.set_ylim(EXTENT[2], EXTENT[3])
    ax.set_aspect(1 / 0.82)  # ~cos(34.5°): keeps shapes right at this latitude
    ax.set_xticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_yticks([])
    fig.suptitle(f"Who held what in Syria and Iraq — {date.isoformat()}", x=0.36, y=0.975, fontsize=17,
                 fontweight="bold")
    held = places["controller"].value_counts()
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=a.color,
                      markeredgecolor="#222222", label=f"{a.name} ({held.get(aid, 0)})")
               for aid, a in dataset.actors.items() if held.get(aid, 0)]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=12, markerfacecolor="none",
                       markeredgecolor="#b2001e", label="besieged"),
                Line2D([], [], marker="x", linestyle="", markersize=7, color="#555555", label="contested")]
    if territory is not None:
        handles.append(Patch(facecolor="#fbfbf7", edgecolor="#c9c9c0", hatch="....", label="unassigned (beyond reach)"))
        handles.append(Patch(facecolor="#dddddd", edgecolor="#333333", hatch="///", label="contested cell"))
    if fronts is not None:
        handles.append(Line2D([], [], color=FRONT_COLOR, linewidth=2, label="front line (derived)"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.695, 0.9), frameon=False, fontsize=10,
               title="Controller (places held)", title_fontsize=12, alignment="left")
    fig.text(0.01, 0.02, ATTRIBUTION, fontsize=9, color="#444444")
    return fig
