"""Bytes for each export format; the UI only offers them for download."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import tempfile
from pathlib import Path

import geopandas as gpd

from frontline.frames import Atlas, places_frame
from frontline.render.engine_element import EngineDocuments
from frontline.views import BBox

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def static_map(atlas: Atlas, date: dt.date, countries: gpd.GeoDataFrame, fmt: str = "png",
               width_px: int = 1800, bbox: BBox | None = None, hidden: tuple[str, ...] | frozenset = (),
               title: str | None = None, subtitle: str | None = None, permalink: str | None = None) -> bytes:
    """The report-ready map of a date as PNG, SVG or PDF bytes: the whole region or `bbox`, without the
    `hidden` layers (territory, fronts, places, labels), with a source line naming the dataset and, when given,
    the permalink of the view."""
    import matplotlib.pyplot as plt

    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    fig = _figure(atlas, date, countries, width_px, bbox, hidden, title, subtitle, permalink, dated=True)
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=_metadata(fmt, date))
    finally:
        plt.close(fig)
    data = buffer.getvalue()
    return group_svg(data) if fmt == "svg" else data


def map_pixels(atlas: Atlas, date: dt.date, countries: gpd.GeoDataFrame, width_px: int = 1200,
               bbox: BBox | None = None, hidden: tuple[str, ...] | frozenset = (), title: str | None = None,
               subtitle: str | None = None, permalink: str | None = None):
    """The map of a date as an RGB array (height × width × 3, uint8) with an undated title: what animation
    frames are made of (the date is stamped on each frame)."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig = _figure(atlas, date, countries, width_px, bbox, hidden, title, subtitle, permalink, dated=False)
    try:
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].copy()
    finally:
        plt.close(fig)


def _figure(atlas: Atlas, date: dt.date, countries, width_px, bbox, hidden, title, subtitle, permalink, dated):
    from frontline.render.static import Layout, map_figure

    frames = atlas.frames_at(date)
    places = places_frame(atlas.timeline, frames.state)
    dataset = atlas.timeline.dataset
    layout = Layout(width_px=width_px, bbox=bbox, hidden=frozenset(hidden), title=title, subtitle=subtitle,
                    source=source_line(dataset, permalink), dated=dated)
    return map_figure(dataset, date, places, countries, frames.territory, frames.fronts, zones=frames.zones,
                      quiet=frames.quiet_borders, layout=layout)


def source_line(dataset, permalink: str | None = None) -> str:
    """Who made the data and which release: "Frontline dataset v…, released …, CC BY 4.0", then the link."""
    from frontline.render.text import plain

    parts = [f"Source: {dataset_citation(dataset)}"]
    if permalink:
        parts.append(plain(permalink))
    return " · ".join(parts)


def dataset_citation(dataset) -> str:
    """The dataset as a reader cites it: release (version and date, or the file's fingerprint) and licence."""
    from frontline.render.text import plain

    if dataset.version:
        release = f" v{plain(dataset.version)}" + (f", released {dataset.released.isoformat()}" if dataset.released
                                                    else "")
    else:
        release = f" (file {dataset.fingerprint[:8]})" if dataset.fingerprint else ""
    return (f"Frontline dataset{release} (CC BY 4.0), record {dataset.start.isoformat()} to "
            f"{dataset.end.isoformat()}")


SVG_LAYERS = {"territory": ("territory",), "fronts": ("fronts",), "places": ("places",),
              "labels": ("label-", "country-", "river-")}


def group_svg(svg: bytes) -> bytes:
    """Gather the map's elements into one named group per layer (territory, fronts, places, labels), so that a
    graphics desk finds and edits each layer as a whole; the legend, title and source are groups already."""
    import xml.etree.ElementTree as ET

    ns = "http://www.w3.org/2000/svg"
    ET.register_namespace("", ns)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(svg)
    axes = root.find(f".//{{{ns}}}g[@id='axes_1']")
    if axes is None:
        return svg
    for layer, prefixes in SVG_LAYERS.items():
        children = list(axes)
        members = [c for c in children if any((c.get("id") or "") == p.rstrip("-") or (c.get("id") or "").startswith(
            p if p.endswith("-") else p + "-") for p in prefixes)]
        if not members:
            continue
        group = ET.Element(f"{{{ns}}}g", {"id": layer})
        axes.insert(children.index(members[0]), group)
        for member in members:
            axes.remove(member)
            group.append(member)
    return b'<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + ET.tostring(root, encoding="utf-8",
                                                                                      xml_declaration=False)


def export_bytes(atlas: Atlas, date: dt.date, fmt: str, countries: gpd.GeoDataFrame,
                 documents: EngineDocuments | None = None, width_px: int = 1800, bbox: BBox | None = None,
                 hidden: tuple[str, ...] | frozenset = (), title: str | None = None, subtitle: str | None = None,
                 permalink: str | None = None) -> bytes:
    """Any single-date export by format: a map (png, svg, pdf), the interactive map (html; `documents` when the
    caller holds them already), a report pack (zip), or data (geojson, gpkg, csv, record-csv). One dispatch for
    the app's downloads and the CLI."""
    if fmt in FORMATS:
        return static_map(atlas, date, countries, fmt, width_px=width_px, bbox=bbox, hidden=hidden, title=title,
                          subtitle=subtitle, permalink=permalink)
    if fmt == "html":
        return interactive_html(countries, documents or engine_documents(atlas), date, tuple(sorted(hidden)))
    if fmt == "zip":
        from frontline.io.report_pack import report_zip

        return report_zip(atlas, date, countries, bbox=bbox, hidden=frozenset(hidden), permalink=permalink,
                          title=title, subtitle=subtitle, width_px=width_px)
    from frontline.io.data_export import data_bytes

    return data_bytes(atlas, date, fmt)


def interactive_html(countries: gpd.GeoDataFrame, documents: EngineDocuments, date: dt.date | None = None,
                     hidden: tuple[str, ...] = ()) -> bytes:
    """The self-contained interactive map: the whole record (`documents`: `engine_documents(atlas)`), the time
    engine and the area chart in one HTML file that opens from disk with no network, on `date` (its URL
    fragment `#date=` then keeps the shown date), with the `hidden` layers switched off."""
    from frontline.render.time_map import standalone_html

    return standalone_html(countries, documents, date=date, hidden=hidden).encode("utf-8")


def engine_documents(atlas: Atlas) -> EngineDocuments:
    """The atlas's record as the time engine reads it, packed once: the pack it paints from
    (`timepack.pack` without the citations), the citations apart, and the area chart's series, each as JSON
    safe inside a script."""
    from frontline.areas import chart_series
    from frontline.render.engine_element import script_json
    from frontline.timepack import pack, split_citations

    painted, citations = split_citations(pack(atlas))
    return EngineDocuments(script_json(painted), script_json(citations),
                           json.dumps(chart_series(atlas), ensure_ascii=False, separators=(",", ":")))


def _metadata(fmt: str, date: dt.date) -> dict:
    title = f"Frontline: who held what in Syria and Iraq on {date.isoformat()}"
    if fmt == "png":
        return {"Title": title, "Software": "Frontline"}
    if fmt == "pdf":
        return {"Title": title, "Creator": "Frontline"}
    return {"Title": title}


MAGIC = {"png": (b"\x89PNG",), "pdf": (b"%PDF",), "svg": (b"<?xml", b"<svg"), "html": (b"<!DOCTYPE html", b"<html"),
         "geojson": (b"{",), "gpkg": (b"SQLite format 3\x00",), "gif": (b"GIF8",)}
CSV_FORMATS = ("csv", "record-csv")


def looks_like(path: str | Path, fmt: str) -> bool:
    """Does an existing file start as a `fmt` file would (so that an export may replace it)?"""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(4096)
    except OSError:
        return False
    if fmt in CSV_FORMATS:  # text with a header of comma-separated names
        first = raw.split(b"\n", 1)[0]
        return b"\x00" not in raw and b"," in first
    if fmt == "mp4":  # an ISO media file: a box of type ftyp first
        return raw[4:8] == b"ftyp"
    head = raw.lstrip().lower()
    return any(head.startswith(magic.lower()) for magic in MAGIC.get(fmt, ()))


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename: a reader never sees
    half a file, and a failed export leaves what was there."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # as any new file: mkstemp's 0600 would hide it from a web server
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
