"""Maps of many dates: animations (GIF, MP4) and batches of files for reports.

Every date of an epoch shows the same map (`Atlas.frames_at`), so a series draws each distinct map once and
stamps each date on its frame: a year of weekly frames costs as many renders as the year has epochs among those
weeks, not 52. The MP4 goes through ffmpeg as shipped by the PyPI package imageio-ffmpeg (no system ffmpeg).
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import itertools
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from frontline.frames import Atlas

STEPS = ("day", "week", "month")
Progress = Callable[[int, int], None]  # (done, total)


def dates_between(start: dt.date, end: dt.date, every: str) -> list[dt.date]:
    """`start`, then every day, week or month (same day of the month, clipped to the month's end) to `end`."""
    if every not in STEPS:
        raise ValueError(f"unknown step '{every}': choose one of {', '.join(STEPS)}")
    if end < start:
        raise ValueError(f"{end} is before {start}")
    if every != "month":
        step = dt.timedelta(days=1 if every == "day" else 7)
        return [start + k * step for k in range((end - start) // step + 1)]
    out, k = [], 0
    while True:
        month = start.month - 1 + k
        year, month = start.year + month // 12, month % 12 + 1
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
        day = dt.date(year, month, min(start.day, last))
        if day > end:
            return out
        out.append(day)
        k += 1


def map_key(atlas: Atlas, date: dt.date) -> tuple[int, int]:
    """Dates with the same key show the same map (the Atlas's own cache key: epoch, relation period)."""
    return atlas.timeline.epoch_index(date), bisect.bisect_right(atlas.relation_days, date)


def frames(atlas: Atlas, dates: list[dt.date], countries, width_px: int = 1200, progress: Progress | None = None,
           **options) -> Iterator[np.ndarray]:
    """One RGB frame per date: the report-ready map (drawn once per distinct map) with its date stamped large
    in the top-right corner. `options`: bbox, hidden, title, subtitle, permalink (`export.map_pixels`)."""
    from frontline.io.export import map_pixels

    drawn_key, drawn = None, None
    for k, date in enumerate(dates):
        key = map_key(atlas, date)
        if key != drawn_key:
            drawn_key, drawn = key, map_pixels(atlas, date, countries, width_px=width_px, **options)
        yield stamp(drawn, date)
        if progress:
            progress(k + 1, len(dates))


def _font(size: int):
    from matplotlib import font_manager
    from PIL import ImageFont

    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold"))
    return ImageFont.truetype(path, size)


def stamp(pixels: np.ndarray, date: dt.date) -> np.ndarray:
    """The date, large, in the top-right corner, on a white plate (the title band's height)."""
    from PIL import Image, ImageDraw

    image = Image.fromarray(pixels)
    width = image.width
    font = _font(max(12, round(width * 0.03)))
    text = f"{date.day} {date:%b %Y}"
    draw = ImageDraw.Draw(image)
    box = draw.textbbox((0, 0), text, font=font)
    pad = round(width * 0.008)
    x, y = width - (box[2] - box[0]) - 3 * pad, pad
    draw.rectangle((x - pad, y, width - pad, y + box[3] - box[1] + 2 * pad + box[1]), fill=(255, 255, 255))
    draw.text((x, y + pad), text, font=font, fill=(20, 20, 20))
    return np.asarray(image)


def gif(frame_iter: Iterator[np.ndarray], fps: float = 4.0) -> bytes:
    """An animated GIF, looping; each frame reduced to 256 colours (the map has few, so nothing is lost)."""
    from PIL import Image

    images = [Image.fromarray(f).quantize(colors=256, method=Image.Quantize.FASTOCTREE) for f in frame_iter]
    if not images:
        raise ValueError("no frames: the range holds no date")
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:], duration=round(1000 / fps),
                   loop=0, optimize=False, disposal=1)
    return buffer.getvalue()


def mp4(frame_iter: Iterator[np.ndarray], fps: float = 4.0) -> bytes:
    """An H.264 MP4 (yuv420p, plays everywhere), written through imageio-ffmpeg's bundled ffmpeg."""
    import imageio_ffmpeg

    first = next(frame_iter, None)
    if first is None:
        raise ValueError("no frames: the range holds no date")
    height, width = first.shape[0] - first.shape[0] % 2, first.shape[1] - first.shape[1] % 2  # even, for yuv420p
    handle, path = tempfile.mkstemp(suffix=".mp4")
    os.close(handle)
    try:
        writer = imageio_ffmpeg.write_frames(path, (width, height), fps=fps, codec="libx264", pix_fmt_in="rgb24",
                                             pix_fmt_out="yuv420p", macro_block_size=1, quality=7,
                                             output_params=["-movflags", "+faststart"])
        writer.send(None)
        for frame in itertools.chain([first], frame_iter):
            writer.send(np.ascontiguousarray(frame[:height, :width, :3]))
        writer.close()
        return Path(path).read_bytes()
    finally:
        os.unlink(path)


def batch(atlas: Atlas, dates: list[dt.date], countries, out_dir: Path, fmt: str = "png", width_px: int = 1800,
          progress: Progress | None = None, **options) -> list[Path]:
    """One file per date in `out_dir` (`frontline-YYYY-MM-DD.<fmt>`), each a full report-ready map with the
    date in its title; the frames, the figure's fonts and the static layers are made once for the whole batch.
    Written atomically; returns the paths."""
    from frontline.io.export import static_map, write_atomically

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for k, date in enumerate(dates):
        path = out_dir / f"frontline-{date.isoformat()}.{fmt}"
        write_atomically(path, static_map(atlas, date, countries, fmt, width_px=width_px, **options))
        written.append(path)
        if progress:
            progress(k + 1, len(dates))
    return written
