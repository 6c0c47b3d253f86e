"""Frontline's benchmark: `python bench/run.py [--quick] [--no-browser]` from the project root.

Prints human-readable lines, then the targets met or missed, then ONE JSON object on the last line.
Every ratio is computed within the run; nothing asserts an absolute time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math

from common import DATA, median_ms, spread, timed, unseen_dates
from exports import export_figures

from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.timeline import Timeline

PER_DATE_DATES = 50
CACHED_ROUNDS = 20
NAIVE_DATES = 20
COMMITS = 12

# (key, comparison, bound): what the figures should be.
TARGETS = [
    ("per_date_ms", "<=", 5),
    ("cached_ms", "<=", 1),
    ("naive_ratio", ">=", 20),
    ("synthetic_load_s", "<=", 3),
    ("synthetic_tessellation_s", "<=", 5),
    ("synthetic_per_date_ms", "<=", 50),
    ("synthetic_memory_ratio", ">=", 1),
    ("engine_fps_play", ">=", 55),
    ("engine_fps_play_week", ">=", 55),
    ("engine_fps_play_20k", ">=", 30),
    ("engine_drag_repaints", ">=", 0.95),
    ("release_to_python_ms", "<=", 200),
    ("release_to_feed_ms", "<=", 400),
    ("bytes_per_commit", "<=", 5000),
    ("first_map_ms", "<=", 3000),
    ("server_rss_mb_after_100_loads", "<=", 450),
    ("server_rss_growth_last_250_commits", "<=", 0.05),
    ("server_cpu_ms_per_commit", "<=", 50),
    ("load_errors", "<=", 0),
    ("load_wrong_dates", "<=", 0),
    ("load_tracebacks", "<=", 0),
    ("export_png_ms", "<=", 1500),
    ("export_svg_ms", "<=", 2000),
    ("export_pdf_ms", "<=", 2000),
    ("gif_year_weekly_s", "<=", 30),
    ("mp4_year_weekly_s", "<=", 30),
    ("animation_peak_rss_mb", "<=", 1536),
    ("batch_ratio", "<=", 0.6),
]


def frames_work(atlas: Atlas, date: dt.date) -> None:
    """What a rerun asks of the core for a date: state and frames (cached_property: the access is the work)."""
    f = atlas.frames_at(date)
    f.territory, f.fronts, f.areas_km2  # noqa: B018


def shipped() -> tuple[dict[str, float], Atlas, dict[str, object]]:
    """The shipped dataset: per-date (unseen epochs), cached and naive figures."""
    shapes = subject_shapes(read_countries())
    dataset, load_s = timed(lambda: read_events(DATA, countries=shapes))
    timeline, timeline_s = timed(lambda: Timeline(dataset))
    atlas, tess_s = timed(lambda: Atlas(timeline, shapes))
    print(
        f"shipped: {len(dataset.places)} places, {len(dataset.events)} events, {len(timeline.epochs)} epochs; "
        f"load {load_s:.2f} s, Timeline {timeline_s * 1e3:.1f} ms, tessellation {tess_s:.2f} s"
    )

    dates = unseen_dates(timeline.epochs, PER_DATE_DATES)
    fresh = [timed(lambda d=d: frames_work(atlas, d))[1] for d in dates]
    print(f"  per date, epoch not seen before: {spread(fresh)}")
    cached = [timed(lambda d=d: frames_work(atlas, d))[1] for _ in range(CACHED_ROUNDS) for d in dates]
    print(f"  per date, epoch already seen:    {spread(cached)}")

    import naive

    naive_s, problems = naive.run(atlas, shapes, dates[:: max(1, len(dates) // NAIVE_DATES)][:NAIVE_DATES])
    print(f"  naive per date (everything recomputed): {spread(naive_s)}")
    print(f"  naive km² per actor vs Atlas: {'agree within 1% on every date' if not problems else 'DISAGREE'}")
    for line in problems:
        print(f"    {line}")
    figures = {
        "per_date_ms": median_ms(fresh),
        "cached_ms": median_ms(cached),
        "naive_per_date_ms": median_ms(naive_s),
        "naive_ratio": median_ms(naive_s) / median_ms(fresh),
        "naive_disagreements": len(problems),
        "tessellation_s": tess_s,
    }
    return figures, atlas, shapes


def synthetic_figures(quick: bool) -> dict[str, float]:
    import synthetic

    figures = synthetic.run(quick=quick)
    figures["synthetic_memory_ratio"] = figures["synthetic_epochs_x_places_bytes"] / figures["synthetic_timeline_bytes"]
    return figures


def engine_figures(atlas: Atlas, quick: bool) -> dict[str, float]:
    """The time engine on a standalone page: shipped data, a 20,000-cell war, and the random worst case."""
    import engine_fps
    import synthetic_war

    figures = engine_fps.run(atlas, "shipped")
    out = {key.removesuffix("_shipped"): value for key, value in figures.items()}
    if not quick:
        for label, make in (("20k", synthetic_war.war_atlas), ("random_20k", synthetic_war.random_atlas)):
            gc.collect()
            out |= engine_fps.run(make(), label)
    return out


def app_figures() -> dict[str, float]:
    """The real app in a real browser: first map, release -> Python, release -> feed, bytes per commit."""
    import app_commit

    return app_commit.run(COMMITS)


def server_figures() -> dict[str, float]:
    """The real app's server: its memory after many page loads and over a long session (bench/memory.py), and
    many sessions committing at once in one browser (bench/load.py)."""
    import load
    import memory

    figures = memory.run()
    gc.collect()
    return figures | load.run()


def verdicts(figures: dict[str, float | None]) -> list[str]:
    """One line per target: met, missed, or not measured in this run."""
    lines = []
    for key, op, bound in TARGETS:
        value = figures.get(key)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            lines.append(f"  {key} {op} {bound}: not measured")
            continue
        met = value <= bound if op == "<=" else value >= bound
        lines.append(f"  {key} = {value:.3g} ({op} {bound}): {'met' if met else 'MISSED'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the synthetic YAML load and the 20k engine sets")
    parser.add_argument("--no-browser", action="store_true", help="skip everything that needs a browser")
    args = parser.parse_args()

    figures: dict[str, float | None] = {}
    part, atlas, _ = shipped()
    figures |= part
    gc.collect()
    figures |= synthetic_figures(args.quick)
    gc.collect()
    if not args.no_browser:
        figures |= engine_figures(atlas, args.quick)
        gc.collect()
        figures |= app_figures()
        gc.collect()
        figures |= server_figures()
    gc.collect()
    figures |= export_figures(args.quick)
    figures = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in figures.items()}
    for key, _, _ in TARGETS:  # what this run skipped is in the JSON too, as null
        figures.setdefault(key, None)
    print("targets:")
    print("\n".join(verdicts(figures)))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
