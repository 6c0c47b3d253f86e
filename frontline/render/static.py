"""Static maps with matplotlib: no tiles, no network, the same look in PNG, SVG and PDF."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # headless: exports run in servers and CI
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text (place names searchable and selectable)
matplotlib.rcParams["pdf.fonttype"] = 42  # PDF fonts embedded as TrueType (Type 42): editable, translatable
matplotlib.rcParams["text.parse_math"] = False  # a `$` in a name from the data is a dollar, never mathtext
matplotlib.rcParams["hatch.linewidth"] = 1.6  # contested stripes must read at report size
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from frontline.cartography import (  # noqa: E402
    FRONT_COLOR,
    LAND,
    NEIGHBOURS,
    OUTLINE,
    QUIET_COLOR,
    RIVER_COLOR,
    RIVER_LABELS,
    RIVER_WIDTH_PX,
    SEA,
    territory_fill,
    zone_fill,
)
from frontline.model import Dataset  # noqa: E402
from frontline.render.text import plain  # noqa: E402

ATTRIBUTION = ("Frontline · control derived from dated, sourced events (CC BY 4.0) · "
               "outlines: Natural Earth (public domain) · rivers: WDB II via GSHHG (LGPL)")
EXTENT = (35.4, 48.9, 29.0, 37.6)  # lon_min, lon_max, lat_min, lat_max


def map_figure(dataset: Dataset, date: dt.date, places: gpd.GeoDataFrame, countries: gpd.GeoDataFrame,
               territory: gpd.GeoDataFrame | None = None, fronts: gpd.GeoDataFrame | None = None,
               width_px: int = 1800, zones: gpd.GeoDataFrame | None = None,
               quiet: gpd.GeoDataFrame | None = None) -> Figure:
    """The map of one date: outlines, territory, zones of influence and fronts when given, places coloured by
    controller."""
    dpi = 120
    fig = plt.figure(figsize=(width_px / dpi, width_px / dpi * 0.62), dpi=dpi)
    ax = fig.add_axes((0.01, 0.05, 0.68, 0.88))
    ax.set_facecolor(SEA)
    is_subject = countries["subject"].astype(bool)
    subject = countries[is_subject]
    countries[~is_subject].plot(ax=ax, color=NEIGHBOURS, edgecolor="#b5b5b0", linewidth=0.6)
    # Syria and Iraq hatched: what no place's cell covers stays visibly unassigned.
    subject.plot(ax=ax, facecolor=LAND, edgecolor="#c9c9c0", hatch="....",
                                                      linewidth=0)
    if zones is not None and len(zones):
        # The nearest holder's zone beyond every reach: the same light colour as the web map's zones pane.
        fills = [zone_fill(c) for c in zones["color"]]
        zones.plot(ax=ax, color=fills, edgecolor=fills, linewidth=0.3)
    if territory is not None and len(territory):
        # The colours as the web map draws them (cartography.territory_fill), solid: the hatch of unassigned
        # land must not show through.
        fills = [territory_fill(c) for c in territory["color"]]
        territory.plot(ax=ax, color=fills, edgecolor=fills, linewidth=0.3)
        contested = territory[territory["status"] == "contested"] if "status" in territory else territory.iloc[:0]
        if len(contested):
            # Hatched in the two sides' colours: stripes of the other side (derived: the enemy across most of
            # the cell's fronts; white when it has none) over the holder's fill, as the web map's pattern.
            stripes = contested.get("challenger_color", gpd.pd.Series(None, index=contested.index))
            for color, group in contested.groupby(stripes.fillna(""), sort=False):
                group.plot(ax=ax, facecolor="none", linewidth=0, hatch="///",
                           edgecolor=territory_fill(color) if color else "#ffffff")
    rivers = countries.attrs.get("rivers")
    if rivers is not None and len(rivers):
        rivers.plot(ax=ax, color=RIVER_COLOR, linewidth=RIVER_WIDTH_PX * 0.75, gid="rivers")
    subject.boundary.plot(ax=ax, color=OUTLINE, linewidth=1.0)
    if fronts is not None and len(fronts):
        fronts.plot(ax=ax, color=FRONT_COLOR, linewidth=1.7)
    if quiet is not None and len(quiet):  # lines of control between actors at peace: thin, grey, dashed
        quiet.plot(ax=ax, color=QUIET_COLOR, linewidth=0.9, linestyle=(0, (3, 2)))
    # The web map's symbols (frontline-engine.js sprites): a dot per place in its holder's colour with a white
    # edge; a diamond for a contested place; a dashed black-and-white ring around a besieged one.
    besieged = places[places["status"] == "besieged"]
    ring = {"s": 150, "facecolors": "none", "zorder": 4}
    ax.scatter(besieged.geometry.x, besieged.geometry.y, edgecolors="#ffffff", linewidths=2.6, **ring)
    ax.scatter(besieged.geometry.x, besieged.geometry.y, edgecolors="#000000", linewidths=1.3,
               linestyles=(0, (2, 2)), **ring)
    for status, marker, size in (("held", "o", 26), ("besieged", "o", 26), ("contested", "D", 30)):
        subset = places[places["status"] == status]
        ax.scatter(subset.geometry.x, subset.geometry.y, s=size, marker=marker, c=list(subset["color"]),
                   edgecolors="#ffffff", linewidths=0.7, zorder=5)
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
                      markeredgecolor="#222222", label=f"{plain(a.name)} ({held.get(aid, 0)})")
               for aid, a in dataset.actors.items() if held.get(aid, 0)]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=12, markerfacecolor="none",
                       markeredgecolor="#000000", markeredgewidth=1.3, label="besieged (dashed ring)"),
                Line2D([], [], marker="D", linestyle="", markersize=6, markerfacecolor="#777777",
                       markeredgecolor="#ffffff", label="contested place (diamond)")]
    if territory is not None:
        if zones is not None and len(zones):
            handles.append(Patch(facecolor=zone_fill("#777777"), edgecolor="none",
                                 label="lighter: nearest holder's zone (derived)"))
        handles.append(Patch(facecolor=LAND, edgecolor="#c9c9c0", hatch="....", label="unassigned (beyond reach)"))
        handles.append(Patch(facecolor=territory_fill("#777777"), edgecolor="#ffffff", hatch="///",
                             label="contested: holder's colour striped with the other side's"))
    if fronts is not None:
        handles.append(Line2D([], [], color=FRONT_COLOR, linewidth=2, label="front line (derived)"))
    if quiet is not None and len(quiet):
        handles.append(Line2D([], [], color=QUIET_COLOR, linewidth=1, linestyle=(0, (3, 2)),
                              label="line of control, no fighting (derived)"))
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.695, 0.9), frameon=False, fontsize=10,
               title="Controller (places held)", title_fontsize=12, alignment="left")
    fig.text(0.01, 0.02, ATTRIBUTION, fontsize=9, color="#444444")
    draw_labels(ax, dataset, places, width_px)
    return fig


# --- names on the map -----------------------------------------------------------------------------------------

WIDE_PX = 2400  # from this width, places of label rank 2 are named too
LABEL_COLOR = "#222222"
HALO = "#ffffff"
COUNTRY_LABELS = (("SY", "SYRIA", 38.7, 35.0), ("IQ", "IRAQ", 42.3, 32.2))  # lon, lat: as on the web map
_DOT_PT = 26 ** 0.5 / 2  # radius in points of the places' dots (scatter size 26 pt²)
_SPOTS = (((1, 0), "left", "center"), ((-1, 0), "right", "center"), ((0, 1), "center", "bottom"),
          ((0, -1), "center", "top"))  # right of the dot, left, above, below


def _halo(ax, text, **kwargs):
    """A white halo under a name, as its own artist: text drawn with path effects becomes outlines in SVG, so
    the halo is that outline and the name on top stays text (selectable, searchable)."""
    from matplotlib import patheffects

    return ax.annotate(text, color=HALO, path_effects=[patheffects.withStroke(linewidth=3, foreground=HALO)],
                       **kwargs)


def draw_labels(ax, dataset: Dataset, places: gpd.GeoDataFrame, width_px: int) -> list:
    """Name the key places (label rank 1; rank 2 too on figures ≥ `WIDE_PX` wide) and the two countries.

    The country names go first, at fixed spots; then places, most important first (rank, cities, population),
    each in the first of four spots (right of its dot, left, above, below) whose box, measured in display
    coordinates, stays inside the map and overlaps no name placed and no dot of a place of its rank or a
    higher one; a name that fits nowhere, or whose dot is under a name already placed, is left out. Each name
    is a text artist with gid ``label-<place id>`` (``country-<code>``) over its halo ``label-halo-<place id>``
    (``country-halo-<code>``). Returns the names drawn.
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    frame = ax.get_window_extent(renderer)
    px_per_pt = fig.dpi / 72
    placed: list = []  # boxes of the names placed and of the dots kept clear
    names: list = []  # boxes of the names placed
    drawn: list = []

    def free(box) -> bool:
        inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        return inside and not any(box.overlaps(other) for other in placed)

    for code, name, lon, lat in COUNTRY_LABELS:
        style = dict(xy=(lon, lat), ha="center", va="center", fontsize=15, fontweight="bold", zorder=7)
        text = ax.annotate(" ".join(name), color="#8a8a8a", gid=f"country-{code}", **style)
        box = text.get_window_extent(renderer)
        if not free(box):
            text.remove()
            continue
        _halo(ax, " ".join(name), gid=f"country-halo-{code}", **{**style, "zorder": 6.9})
        placed.append(box)
        names.append(box)
        drawn.append(name)

    for name, (lat, lon) in RIVER_LABELS.items():  # water in italics, in its own colour
        style = dict(xy=(lon, lat), ha="center", va="center", fontsize=10, fontstyle="italic", zorder=7)
        text = ax.annotate(name, color=RIVER_COLOR, gid=f"river-{name.lower()}", **style)
        box = text.get_window_extent(renderer)
        if not free(box):
            text.remove()
            continue
        _halo(ax, name, gid=f"river-halo-{name.lower()}", **{**style, "zorder": 6.9})
        placed.append(box)
        names.append(box)
        drawn.append(name)

    max_rank = 2 if width_px >= WIDE_PX else 1
    ranked = []
    for index, (pid, name, point) in enumerate(zip(places["id"], places["name"], places.geometry)):
        place = dataset.places[pid]
        if 1 <= place.label_rank <= max_rank:
            ranked.append(((place.label_rank, place.kind.value != "city", -(place.population or 0), index),
                           pid, name, point.x, point.y))
    ranked.sort()
    dot = _DOT_PT * px_per_pt
    dots = [Bbox.from_extents(cx - dot, cy - dot, cx + dot, cy + dot)
            for cx, cy in (ax.transData.transform((x, y)) for *_, x, y in ranked)]
    gap = _DOT_PT + 2.5  # points from the dot's centre to the name
    skip, stage = set(), 0
    for k, ((rank, *_), pid, name, x, y) in enumerate(ranked):
        if rank != stage:  # the dots of this rank's places are kept clear of names from now on
            stage = rank
            for j in range(k, len(ranked)):
                if ranked[j][0][0] != rank:
                    break
                if any(dots[j].overlaps(other) for other in names):
                    skip.add(j)  # its dot is under a name already placed
                placed.append(dots[j])
        if k in skip:
            continue
        style = dict(xy=(x, y), textcoords="offset points", fontsize=10 if rank == 1 else 9,
                     fontweight="bold" if rank == 1 else "normal", zorder=8)
        name = plain(name)
        text = ax.annotate(name, xytext=(0, 0), color=LABEL_COLOR, gid=f"label-{pid}", **style)
        for (dx, dy), ha, va in _SPOTS:
            text.xyann = (dx * gap, dy * gap)
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            box = text.get_window_extent(renderer).expanded(1, 1).padded(1.5 * px_per_pt)
            if free(box):
                break
        else:
            text.remove()
            continue
        _halo(ax, name, xytext=text.xyann, ha=ha, va=va, gid=f"label-halo-{pid}", **{**style, "zorder": 7.9})
        placed.append(box)
        names.append(box)
        drawn.append(name)
    return drawn
