"""Bytes for each export format; the UI only offers them for download."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

import geopandas as gpd

from frontline.frames import Atlas, places_frame

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def static_map(atlas: Atlas, date: dt.date, countries: gpd.GeoDataFrame, fmt: str = "png",
               width_px: int = 1800) -> bytes:
    """The static map of a date (territory, front lines, places) as PNG, SVG or PDF bytes."""
    import matplotlib.pyplot as plt

    from frontline.render.static import map_figure

    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    frames = atlas.frames_at(date)
    places = places_frame(atlas.timeline, frames.state)
    fig = map_figure(atlas.timeline.dataset, date, places, countries, frames.territory, frames.fronts,
                     width_px=width_px, zones=frames.zones, quiet=frames.quiet_borders)
    buffer = io.BytesIO()
    try:
        fig.savefig(buffer, format=fmt, dpi=fig.dpi, metadata=_metadata(fmt, date))
    finally:
        plt.close(fig)
    return buffer.getvalue()


def interactive_html(countries: gpd.GeoDataFrame, pack_json: str, date: dt.date | None = None,
                     hidden: tuple[str, ...] = ()) -> bytes:
    """The self-contained interactive map: the whole record (`pack_json`: `packed_json(atlas)`) and the time
    engine in one HTML file that opens from disk with no network, on `date` (its URL fragment `#date=` then
    keeps the shown date), with the `hidden` layers switched off."""
    from frontline.render.time_map import standalone_html

    return standalone_html(countries, pack_json, date=date, hidden=hidden).encode("utf-8")


def packed_json(atlas: Atlas) -> str:
    """The atlas's whole record as the time engine reads it: `timepack.pack`, as JSON safe inside a script."""
    from frontline.render.engine_element import script_json
    from frontline.timepack import pack

    return script_json(pack(atlas))


def _metadata(fmt: str, date: dt.date) -> dict:
    title = f"Frontline: who held what in Syria and Iraq on {date.isoformat()}"
    if fmt == "png":
        return {"Title": title, "Software": "Frontline"}
    if fmt == "pdf":
        return {"Title": title, "Creator": "Frontline"}
    return {"Title": title}


MAGIC = {"png": (b"\x89PNG",), "pdf": (b"%PDF",), "svg": (b"<?xml", b"<svg"), "html": (b"<!DOCTYPE html", b"<html")}


def looks_like(path: str | Path, fmt: str) -> bool:
    """Does an existing file start as a `fmt` file would (so that an export may replace it)?"""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip().lower()
    except OSError:
        return False
    return any(head.startswith(magic.lower()) for magic in MAGIC.get(fmt, ()))


def write_atomically(path: str | Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and a rename: a reader never sees
    half a file, and a failed export leaves what was there."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
