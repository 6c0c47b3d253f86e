"""Export figures (issue 9): report-ready maps, animations and batches on the shipped data.

`python bench/exports.py [--quick]` prints lines, then one JSON object. Used by bench/run.py.

- export_{png,svg,pdf}_ms: the app's report-ready map of the whole region at 1,800 px, median over unseen
  epochs (each date a new map: nothing cached but the atlas, as for a reader moving on).
- gif_year_weekly_s, mp4_year_weekly_s: 2016, one frame a week (53 frames) at 1,200 px, each in a fresh process
  (so that its peak memory is its own): animation_peak_rss_mb is the larger of the two peaks.
- batch_ratio: a monthly batch in one process (`export --out-dir`) against the same maps made one by one with
  `export --out`, each a fresh command, as a shell loop would; the singles are sampled and scaled to the batch's
  length (batch_singles_sampled says how many ran).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, ROOT

from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io.export import static_map
from frontline.timeline import Timeline

ANIMATION = """
import datetime as dt, sys, time
sys.path.insert(0, {root!r})
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.io import series
from frontline.timeline import Timeline
shapes = subject_shapes(read_countries())
atlas = Atlas(Timeline(read_events({data!r}, countries=shapes)), shapes)
dates = series.dates_between(dt.date(2016, 1, 1), dt.date(2016, 12, 31), "week")
start = time.perf_counter()
frames = series.frames(atlas, dates, read_countries(), width_px=1200)
data = series.gif(frames) if {fmt!r} == "gif" else series.mp4(frames)
print(time.perf_counter() - start, len(dates), len(data))
"""


def _atlas() -> Atlas:
    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events(DATA, countries=shapes)), shapes)


def map_figures(atlas: Atlas, samples: int) -> dict[str, float]:
    epochs = atlas.timeline.epochs
    picks = [epochs[len(epochs) * (k + 1) // (samples + 2)] for k in range(samples)]
    static_map(atlas, picks[0], read_countries(), "png")  # fonts and caches warm, as in a running app
    out = {}
    for fmt in ("png", "svg", "pdf"):
        times = []
        for k, day in enumerate(picks[1:]):
            day = day if fmt == "png" else epochs[len(epochs) * (k + 1) // (samples + 2) + 1]
            start = time.perf_counter()
            static_map(atlas, day, read_countries(), fmt)
            times.append(time.perf_counter() - start)
        out[f"export_{fmt}_ms"] = round(statistics.median(times) * 1e3)
    return out


def animation_figures() -> dict[str, float]:
    out, peaks = {}, []
    for fmt in ("gif", "mp4"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result = subprocess.run([sys.executable, "-c", ANIMATION.format(root=str(ROOT), data=str(DATA), fmt=fmt)],
                                capture_output=True, text=True, check=True)
        seconds, frames, size = result.stdout.split()
        out[f"{fmt}_year_weekly_s"] = round(float(seconds), 1)
        out[f"{fmt}_frames"] = int(frames)
        out[f"{fmt}_kib"] = int(size) // 1024
        peaks.append(max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    out["animation_peak_rss_mb"] = round(max(peaks) / 1024)
    return out


def batch_figures(months: int, singles: int) -> dict[str, float]:
    start_year = 2014
    end_month = start_year * 12 + months - 1
    end = f"{end_month // 12}-{end_month % 12 + 1:02d}-01"
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "frontline", "export", "--from", f"{start_year}-01-01", "--to", end,
                        "--every", "month", "--out-dir", str(Path(folder) / "batch")], cwd=ROOT, check=True,
                       capture_output=True)
        batch_s = time.perf_counter() - started
        step = max(1, months // singles)
        one_by_one = []
        for k in range(0, months, step)[:singles]:
            month = start_year * 12 + k
            date = f"{month // 12}-{month % 12 + 1:02d}-01"
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "frontline", "export", "--date", date, "--out",
                            str(Path(folder) / f"single-{date}.png")], cwd=ROOT, check=True, capture_output=True)
            one_by_one.append(time.perf_counter() - started)
    singles_s = statistics.mean(one_by_one) * months
    return {"batch_maps": months, "batch_s": round(batch_s, 1), "batch_singles_sampled": len(one_by_one),
            "singles_s_estimated": round(singles_s, 1), "batch_ratio": round(batch_s / singles_s, 3)}


def export_figures(quick: bool = False) -> dict[str, float]:
    atlas = _atlas()
    figures = map_figures(atlas, 4 if quick else 8)
    print(f"exports: png {figures['export_png_ms']} ms, svg {figures['export_svg_ms']} ms, "
          f"pdf {figures['export_pdf_ms']} ms (1,800 px, median over unseen epochs)")
    if not quick:
        figures |= animation_figures()
        print(f"animations: gif {figures['gif_year_weekly_s']} s, mp4 {figures['mp4_year_weekly_s']} s for "
              f"{figures['gif_frames']} weekly frames at 1,200 px; peak {figures['animation_peak_rss_mb']} MB")
    figures |= batch_figures(12 if quick else 72, 3 if quick else 8)
    print(f"batch: {figures['batch_maps']} monthly maps in {figures['batch_s']} s, against "
          f"{figures['singles_s_estimated']} s one by one (from {figures['batch_singles_sampled']} sampled): "
          f"ratio {figures['batch_ratio']}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(export_figures(parser.parse_args().quick)))
