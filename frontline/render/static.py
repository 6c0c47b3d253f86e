"""Static maps with matplotlib: no tiles, no network, the same look in PNG, SVG and PDF."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import geopandas as gpd
import matplotlib
import numpy as np
import shapely

matplotlib.use("Agg")  # headless: exports run in servers and CI
matplotlib.rcParams["svg.fonttype"] = "none"  # SVG text stays text (place names searchable and selectable)
matplotlib.rcParams["pdf.fonttype"] = 42  # PDF fonts embedded as TrueType (Type 42): editable, translatable
matplotlib.rcParams["text.parse_math"] = False  # a `$` in a name from the data is a dollar, never mathtext
matplotlib.rcParams["hatch.linewidth"] = 1.6  # contested stripes must read at report size
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.path import Path  # noqa: E402

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
from frontline.views import BBox, is_whole  # noqa: E402

ATTRIBUTION = ("outlines: Natural Earth (public domain) · rivers: WDB II via GSHHG (LGPL)")
CAVEAT = "territory and front lines are derived from the places (not reported): each place's surroundings within reach"
EXTENT = (35.4, 48.9, 29.0, 37.6)  # lon_min, lon_max, lat_min, lat_max
LAYERS = ("territory", "fronts", "places", "labels")  # what a report may hide, as the web map's switches

# The page is laid out in inches at one width and scaled to the pixels asked for: fonts scale with the width,
# so that the title, the legend and the source line are whole at any width from 600 to 4,000 px.
PAGE_WIDTH_IN = 12.0
MAP_LEFT, MAP_WIDTH = 0.012, 0.69  # of the page's width
LEGEND_LEFT = 0.715
TITLE_IN, SUBTITLE_IN, SOURCE_IN = 0.62, 0.32, 0.62  # bands above and below the map
MAP_HEIGHT_IN = (4.6, 10.5)
LEGEND_WRAP = 34  # characters per legend line


@dataclass(frozen=True)
class Layout:
    """What a static map shows besides the date: the view, the layers, the words around it."""

    width_px: int = 1800
    bbox: BBox | None = None  # None: the whole region
    hidden: frozenset[str] = frozenset()
    title: str | None = None  # default: "Who held what in Syria and Iraq"
    subtitle: str | None = None
    source: str = ""  # the source line: dataset version, method caveat, permalink
    dated: bool = True  # the date in the title; False for animation frames, which stamp it in a corner

    def shows(self, layer: str) -> bool:
        return layer not in self.hidden


def _page(layout: Layout) -> tuple[Figure, object, tuple[float, float, float, float]]:
    """The figure and its map axes, sized to the view's shape; returns the box shown (lon/lat limits)."""
    lon0, lat0, lon1, lat1 = layout.bbox or (EXTENT[0], EXTENT[2], EXTENT[1], EXTENT[3])
    kx = math.cos(math.radians((lat0 + lat1) / 2))
    map_w_in = PAGE_WIDTH_IN * MAP_WIDTH
    map_h_in = min(max(map_w_in * (lat1 - lat0) / ((lon1 - lon0) * kx), MAP_HEIGHT_IN[0]), MAP_HEIGHT_IN[1])
    top_in = TITLE_IN + (SUBTITLE_IN if layout.subtitle else 0)
    height_in = top_in + map_h_in + SOURCE_IN
    fig = plt.figure(figsize=(PAGE_WIDTH_IN, height_in), dpi=layout.width_px / PAGE_WIDTH_IN)
    ax = fig.add_axes((MAP_LEFT, SOURCE_IN / height_in, MAP_WIDTH, map_h_in / height_in))
    ax.set_facecolor(SEA)
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / kx)  # keeps shapes right at this latitude
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_anchor("NW")
    return fig, ax, (lon0, lat0, lon1, lat1)


def _gid(ax, name: str, before: set[int]) -> None:
    """Name the artists added to `ax` since `before` (`_seen(ax)`): SVG groups a desk can find."""
    new = [a for a in ax.get_children() if id(a) not in before and a.get_gid() is None]
    for k, artist in enumerate(new):
        artist.set_gid(f"{name}-{k}" if k else name)


def _seen(ax) -> set[int]:
    return {id(a) for a in ax.get_children()}


# Shapes are handed to matplotlib as one collection per call, built straight from shapely's coordinates:
# GeoDataFrame.plot would redraw the whole figure after each layer (draw_idle), a dozen times per map.

def _polygon_path(geom) -> Path | None:
    verts, codes = [], []
    for poly in shapely.get_parts(geom):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        for ring in (poly.exterior, *poly.interiors):
            xy = shapely.get_coordinates(ring)
            if len(xy) < 3:
                continue
            code = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            code[0], code[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(code)
    return Path(np.concatenate(verts), np.concatenate(codes)) if verts else None


def fill(ax, geoms, facecolors, edgecolors=None, linewidth: float = 0.0, hatch: str | None = None,
         zorder: float = 1.0):
    """Filled polygons (any of Polygon, MultiPolygon, collections of them) as one collection."""
    paths, faces, edges = [], [], []
    facecolors = [facecolors] * len(geoms) if isinstance(facecolors, str) else list(facecolors)
    edgecolors = facecolors if edgecolors is None else (
        [edgecolors] * len(geoms) if isinstance(edgecolors, str) else list(edgecolors))
    for geom, face, edge in zip(geoms, facecolors, edgecolors):
        path = _polygon_path(geom)
        if path is not None:
            paths.append(path)
            faces.append(face)
            edges.append(edge)
    collection = PathCollection(paths, facecolors=faces, edgecolors=edges, linewidths=linewidth, hatch=hatch,
                                zorder=zorder)
    ax.add_collection(collection, autolim=False)
    return collection


def stroke(ax, geoms, color: str, linewidth: float, linestyle="solid", alpha: float | None = None,
           zorder: float = 2.0):
    """Lines (and polygon outlines) as one collection."""
    segments = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        lines = shapely.get_parts(shapely.boundary(geom) if geom.geom_type.endswith("Polygon") else geom)
        for line in shapely.get_parts(lines):
            xy = shapely.get_coordinates(line)
            if len(xy) > 1:
                segments.append(xy)
    collection = LineCollection(segments, colors=color, linewidths=linewidth, linestyles=linestyle, alpha=alpha,
                                zorder=zorder, capstyle="round", joinstyle="round")
    ax.add_collection(collection, autolim=False)
    return collection


def map_figure(dataset: Dataset, date: dt.date, places: gpd.GeoDataFrame, countries: gpd.GeoDataFrame,
               territory: gpd.GeoDataFrame | None = None, fronts: gpd.GeoDataFrame | None = None,
               width_px: int = 1800, zones: gpd.GeoDataFrame | None = None,
               quiet: gpd.GeoDataFrame | None = None, layout: Layout | None = None) -> Figure:
    """The report-ready map of one date: outlines, territory (zones beyond reach lighter, contested cells
    striped), rivers, fronts and lines of control, places, names, a scale bar (and a north arrow on a detail
    view), a legend in plain words, and a source line. Artists carry SVG ids by layer (territory, rivers,
    fronts, places, labels, legend, title, source), grouped in the SVG by `group_svg`."""
    layout = layout or Layout(width_px=width_px)
    fig, ax, box = _page(layout)
    is_subject = countries["subject"].astype(bool)
    subject = countries[is_subject]
    n = _seen(ax)
    fill(ax, countries[~is_subject].geometry.values, NEIGHBOURS, "#b5b5b0", 0.6)
    # Syria and Iraq dotted: what no place's cell or zone covers stays visibly unassigned.
    fill(ax, subject.geometry.values, LAND, "#c9c9c0", 0.0, hatch="....")
    _gid(ax, "land", n)
    show_territory = layout.shows("territory") and territory is not None
    n = _seen(ax)
    if show_territory:
        if zones is not None and len(zones):
            # The nearest holder's zone beyond every reach: the same light colour as the web map's zones pane.
            fills = [zone_fill(c) for c in zones["color"]]
            fill(ax, zones.geometry.values, fills, linewidth=0.3, zorder=1.1)
        if len(territory):
            # The colours as the web map draws them (cartography.territory_fill), solid; the stroke in the same
            # colour closes the hairline seams between cells of one holder.
            fills = [territory_fill(c) for c in territory["color"]]
            fill(ax, territory.geometry.values, fills, linewidth=0.3, zorder=1.2)
            contested = territory[territory["status"] == "contested"]
            if len(contested):
                # Striped in the two sides' colours: the other side's stripes over the holder's fill.
                stripes = contested.get("challenger_color", gpd.pd.Series(None, index=contested.index))
                for color, group in contested.groupby(stripes.fillna(""), sort=False):
                    fill(ax, group.geometry.values, "none", territory_fill(color) if color else "#ffffff",
                         hatch="///", zorder=1.3)
    _gid(ax, "territory", n)
    n = _seen(ax)
    rivers = countries.attrs.get("rivers")
    if rivers is not None and len(rivers):
        stroke(ax, rivers.geometry.values, RIVER_COLOR, RIVER_WIDTH_PX * 0.75, zorder=1.5).set_gid("rivers")
    stroke(ax, subject.geometry.values, OUTLINE, 1.0, zorder=1.6)
    _gid(ax, "borders", n)
    show_fronts = layout.shows("fronts") and fronts is not None
    n = _seen(ax)
    if show_fronts and len(fronts):
        stroke(ax, fronts.geometry.values, "#ffffff", 3.2, alpha=0.85, zorder=2.0)  # the web map's halo
        stroke(ax, fronts.geometry.values, FRONT_COLOR, 1.7, zorder=2.1)
    if show_fronts and quiet is not None and len(quiet):  # lines of control between actors at peace
        stroke(ax, quiet.geometry.values, QUIET_COLOR, 0.9, linestyle=(0, (3, 2)), zorder=2.0)
    _gid(ax, "fronts", n)
    n = _seen(ax)
    if layout.shows("places"):
        _draw_places(ax, places, box)
    _gid(ax, "places", n)
    ax.set_xlabel("")
    ax.set_ylabel("")
    zoomed = not is_whole(layout.bbox)
    _furniture(fig, ax, box, zoomed)
    _legend(fig, dataset, places, layout, show_territory, show_fronts, zones, quiet)
    _words(fig, date, layout)
    if layout.shows("labels"):
        draw_labels(ax, dataset, places, layout.width_px, box)
    return fig


def _draw_places(ax, places: gpd.GeoDataFrame, box) -> None:
    """The web map's symbols (frontline-engine.js sprites): a dot per place in its holder's colour with a white
    edge; a diamond for a contested place; a dashed black-and-white ring around a besieged one. Larger on a
    detail view, as the web map's markers grow with the zoom."""
    span = box[2] - box[0]
    grow = 1.0 if span > 6 else 1.6 if span > 2.5 else 2.3
    besieged = places[places["status"] == "besieged"]
    ring = {"s": 150 * grow, "facecolors": "none", "zorder": 4}
    ax.scatter(besieged.geometry.x, besieged.geometry.y, edgecolors="#ffffff", linewidths=2.6, **ring)
    ax.scatter(besieged.geometry.x, besieged.geometry.y, edgecolors="#000000", linewidths=1.3,
               linestyles=(0, (2, 2)), **ring)
    for status, marker, size in (("held", "o", 26), ("besieged", "o", 26), ("contested", "D", 30)):
        subset = places[places["status"] == status]
        ax.scatter(subset.geometry.x, subset.geometry.y, s=size * grow, marker=marker, c=list(subset["color"]),
                   edgecolors="#ffffff", linewidths=0.7, zorder=5)


def _furniture(fig: Figure, ax, box, zoomed: bool) -> None:
    """A scale bar (true at the view's middle latitude) and, on a detail view, a north arrow."""
    from matplotlib_scalebar.scalebar import ScaleBar

    metres_per_degree = 111_320 * math.cos(math.radians((box[1] + box[3]) / 2))
    class NamedScaleBar(ScaleBar):  # drawn inside its own SVG group, which ScaleBar does not open itself
        def draw(self, renderer, *args, **kwargs):
            renderer.open_group("scale-bar", gid="scale-bar")
            super().draw(renderer, *args, **kwargs)
            renderer.close_group("scale-bar")

    bar = NamedScaleBar(metres_per_degree, units="m", location="lower left", length_fraction=0.2, box_alpha=0.75,
                        font_properties={"size": 8}, border_pad=0.6, rotation="horizontal-only")
    ax.add_artist(bar)
    if zoomed:
        arrow = ax.annotate("N", xy=(0.965, 0.95), xytext=(0.965, 0.86), xycoords="axes fraction",
                            ha="center", va="center", fontsize=10, fontweight="bold", zorder=9,
                            arrowprops={"arrowstyle": "-|>", "color": "#222222", "lw": 1.4},
                            bbox={"boxstyle": "circle,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})
        arrow.set_gid("north-arrow")


def _wrap(text: str, width: int = LEGEND_WRAP) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _legend(fig: Figure, dataset: Dataset, places: gpd.GeoDataFrame, layout: Layout, show_territory: bool,
            show_fronts: bool, zones, quiet) -> None:
    """Only the actors present on the date (in the view) with their places held, then each symbol as drawn, in
    plain words."""
    if layout.bbox is not None:
        lon0, lat0, lon1, lat1 = layout.bbox
        x, y = places.geometry.x, places.geometry.y
        places = places[(x >= lon0) & (x <= lon1) & (y >= lat0) & (y <= lat1)]
    held = places["controller"].value_counts()
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor=a.color,
                      markeredgecolor="#222222", label=_wrap(f"{plain(a.name)} ({held.get(aid, 0)})"))
               for aid, a in dataset.actors.items() if held.get(aid, 0)]
    if layout.shows("places"):
        handles += [Line2D([], [], marker="D", linestyle="", markersize=6, markerfacecolor="#777777",
                           markeredgecolor="#ffffff", label="contested place"),
                    Line2D([], [], marker="o", linestyle="", markersize=12, markerfacecolor="none",
                           markeredgecolor="#000000", markeredgewidth=1.3, label="besieged place (dashed ring)")]
    if show_territory:
        handles.append(Patch(facecolor=territory_fill("#777777"), edgecolor="#ffffff", hatch="///",
                             label=_wrap("contested: the holder's colour striped with the other side's")))
        if zones is not None and len(zones):
            handles.append(Patch(facecolor=zone_fill("#777777"), edgecolor="none",
                                 label=_wrap("lighter: the nearest holder's zone beyond any place's reach")))
        handles.append(Patch(facecolor=LAND, edgecolor="#c9c9c0", hatch="....", label="no place within reach"))
    if show_fronts:
        handles.append(Line2D([], [], color=FRONT_COLOR, linewidth=2, label="front line"))
        if quiet is not None and len(quiet):
            handles.append(Line2D([], [], color=QUIET_COLOR, linewidth=1, linestyle=(0, (3, 2)),
                                  label=_wrap("line of control between actors not fighting")))
    handles.append(Line2D([], [], color=RIVER_COLOR, linewidth=1.2, label="river"))
    legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(LEGEND_LEFT, 1 - (TITLE_IN + (
        SUBTITLE_IN if layout.subtitle else 0)) / fig.get_figheight()), frameon=False, fontsize=9,
        title="Who held the places (places held" + (" in view)" if layout.bbox is not None else ")"),
        title_fontsize=10, alignment="left", labelspacing=0.55)
    legend.set_gid("legend")


def _words(fig: Figure, date: dt.date, layout: Layout) -> None:
    """Title (with the date), subtitle, and the source line under the map."""
    height = fig.get_figheight()
    title = plain(layout.title) if layout.title else "Who held what in Syria and Iraq"
    words = f"{title} — {date.day} {date:%B %Y}" if layout.dated else title
    fig.text(MAP_LEFT, 1 - 0.38 / height, _wrap(words, 90), fontsize=15, fontweight="bold", va="center",
             gid="title")
    if layout.subtitle:
        fig.text(MAP_LEFT, 1 - (TITLE_IN + 0.12) / height, _wrap(plain(layout.subtitle), 120), fontsize=10.5,
                 color="#333333", va="center", gid="subtitle")
    source = " · ".join(part for part in (layout.source, CAVEAT, ATTRIBUTION) if part)
    fig.text(MAP_LEFT, 0.34 / height, _wrap(source, 175), fontsize=7.2, color="#444444", va="center",
             linespacing=1.35, gid="source")


# --- names on the map -----------------------------------------------------------------------------------------

def _max_rank(box: BBox, width_px: int) -> int:
    """The highest label rank named: like the web map's zoom thresholds (rank 2 from zoom 7, 3 from 8)."""
    span = box[2] - box[0]
    if span <= 3.0:
        return 3
    if span <= 7.0 or width_px >= WIDE_PX:
        return 2
    return 1


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


def draw_labels(ax, dataset: Dataset, places: gpd.GeoDataFrame, width_px: int, view: BBox | None = None) -> list:
    """Name the key places and the two countries. On the whole region, label rank 1 (rank 2 too on figures ≥
    `WIDE_PX` wide); on a detail view more, as the web map names more as one zooms in (`_max_rank`).

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

    view = view or (EXTENT[0], EXTENT[2], EXTENT[1], EXTENT[3])

    def inside(lon: float, lat: float) -> bool:
        return view[0] <= lon <= view[2] and view[1] <= lat <= view[3]

    for code, name, lon, lat in COUNTRY_LABELS:
        if not inside(lon, lat):
            continue
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
        if not inside(lon, lat):
            continue
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

    max_rank = _max_rank(view, width_px)
    ranked = []
    for index, (pid, name, point) in enumerate(zip(places["id"], places["name"], places.geometry)):
        place = dataset.places[pid]
        if 1 <= place.label_rank <= max_rank and inside(point.x, point.y):
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
