"""A synthetic dataset 45x the shipped one (20,000 places, 200,000 events) and what the core does with it.

Checks that loading, tessellation and a date's frames scale, and that the timeline's memory follows the
events rather than a dense epochs x places table.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import tempfile
import tracemalloc
from pathlib import Path

import numpy as np
import shapely
from common import DATA, best_of, elapsed, median_ms, spread, timed, unseen_dates

from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.model import Dataset
from frontline.timeline import Timeline

PLACES = 20_000
EVENTS = 200_000
SEED = 20240601
BASELINE_DATE = dt.date(2011, 3, 15)
FIRST_DAY = dt.date(2011, 3, 16)
LAST_DAY = dt.date(2024, 12, 31)
BASELINES = {"SY": "syrian_government", "IQ": "iraqi_government"}
MAX_BYTES = 200_000_000


def random_places(shapes: dict[str, object], n: int, rng: np.random.Generator) -> list[tuple[str, float, float]]:
    """(country, lon, lat) of `n` points drawn uniformly inside the union of the outlines (rejection sampling)."""
    codes = list(shapes)
    for shape in shapes.values():
        shapely.prepare(shape)
    x0, y0, x1, y1 = shapely.total_bounds(list(shapes.values()))
    out: list[tuple[str, float, float]] = []
    while len(out) < n:
        lon, lat = rng.uniform(x0, x1, 4 * n), rng.uniform(y0, y1, 4 * n)
        for code in codes:
            inside = shapely.contains_xy(shapes[code], lon, lat)
            out += [(code, round(float(a), 5), round(float(b), 5)) for a, b in zip(lon[inside], lat[inside])]
            lon, lat = lon[~inside], lat[~inside]
    order = rng.permutation(len(out))[:n]  # the countries were appended in blocks: mix them
    return [out[i] for i in order]


def distinct_pairs(n_places: int, n_days: int, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`n` distinct (place, day offset) pairs: no two events of one place share a day, so no `order` is needed."""
    codes = np.empty(0, np.int64)
    while len(codes) < n:
        codes = np.unique(np.r_[codes, rng.integers(0, n_places * n_days, n + n // 10)])
    codes = rng.permutation(codes)[:n]
    return codes // n_days, codes % n_days


def build(
    shapes: dict[str, object], actors: dict[str, dict], seed: int = SEED, n_places: int = PLACES, n_events: int = EVENTS
) -> dict:
    """The dataset as the plain structure both writers dump: same schema as data/events.yaml."""
    rng = np.random.default_rng(seed)
    places = {
        f"p{i:05d}": {"name": f"Place {i}", "lat": lat, "lon": lon, "country": code, "kind": "village"}
        for i, (code, lon, lat) in enumerate(random_places(shapes, n_places, rng))
    }
    ids = list(places)
    actor_ids = list(actors)
    n_days = (LAST_DAY - FIRST_DAY).days + 1
    place_idx, day_idx = distinct_pairs(len(ids), n_days, n_events, rng)
    controllers = rng.integers(0, len(actor_ids), n_events)
    first = FIRST_DAY.toordinal()
    events = [
        {
            "date": dt.date.fromordinal(first + int(d)).isoformat(),
            "place": ids[p],
            "kind": "capture",
            "controller": actor_ids[c],
            "sources": ["synthetic"],
        }
        for p, d, c in sorted(zip(place_idx.tolist(), day_idx.tolist(), controllers.tolist()), key=lambda t: t[1])
    ]
    return {
        "actors": actors,
        "baseline": {code: {"date": BASELINE_DATE.isoformat(), "controller": who} for code, who in BASELINES.items()},
        "places": places,
        "sources": {
            "synthetic": {
                "publisher": "Frontline bench", "leaning": "neutral",
                "description": "Random events for benchmarking",
                "date": "2024-12-31",
            }
        },
        "events": events,
    }


def shipped_actors() -> dict[str, dict]:
    """The 8 actors of the shipped dataset, with their colours."""
    ds = read_events(DATA)
    return {a.id: {"name": a.name, "color": a.color} for a in ds.actors.values()}


def write_json(doc: dict, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as f:
        json.dump(doc, f)
    return path


def write_yaml(doc: dict, path: Path) -> Path:
    """Block style for the small sections, one flow mapping per line for the records (JSON-quoted strings)."""
    q = json.dumps
    lines = ["actors:"]
    lines += [f"  {k}: {{name: {q(v['name'])}, color: {q(v['color'])}}}" for k, v in doc["actors"].items()]
    lines.append("baseline:")
    lines += [f"  {k}: {{date: {v['date']}, controller: {v['controller']}}}" for k, v in doc["baseline"].items()]
    lines.append("places:")
    lines += [
        f"  {k}: {{name: {q(v['name'])}, lat: {v['lat']}, lon: {v['lon']}, country: {v['country']}, kind: {v['kind']}}}"
        for k, v in doc["places"].items()
    ]
    lines.append("sources:")
    lines += [
        f"  {k}: {{publisher: {q(v['publisher'])}, description: {q(v['description'])}, date: {v['date']}, leaning: neutral}}"
        for k, v in doc["sources"].items()
    ]
    lines.append("events:")
    lines += [
        f"- {{date: {e['date']}, place: {e['place']}, kind: {e['kind']}, controller: {e['controller']}, "
        f"sources: [{', '.join(e['sources'])}]}}"
        for e in doc["events"]
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timeline_bytes(timeline: Timeline) -> int:
    """nbytes of every numpy array held directly by the Timeline: its lasting memory beyond the Event objects."""
    return sum(v.nbytes for v in vars(timeline).values() if isinstance(v, np.ndarray))


def timeline_peak_bytes(dataset: Dataset) -> int:
    """Peak Python allocation while building a Timeline (tracemalloc; slows the build, so timed separately)."""
    gc.collect()
    tracemalloc.start()
    Timeline(dataset)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def per_date_samples(atlas: Atlas, dates: list[dt.date]) -> list[float]:
    """Seconds for state + territory + fronts + areas of dates whose epochs were never asked before."""

    def one(d: dt.date) -> None:
        f = atlas.frames_at(d)
        f.territory, f.fronts, f.areas_km2  # noqa: B018 - cached_property: the access is the work

    return [elapsed(lambda d=d: one(d)) for d in dates]


def run(quick: bool = False, validate_countries: bool = True) -> dict[str, float]:
    """Generate, write, load, tessellate and query the synthetic dataset; return the figures."""
    shapes = subject_shapes(read_countries())
    countries = shapes if validate_countries else None
    doc = build(shapes, shipped_actors())
    with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
        json_path = write_json(doc, Path(tmp) / "synthetic.json")
        print(
            f"synthetic: {len(doc['places'])} places, {len(doc['events'])} events; "
            f"JSON {json_path.stat().st_size / 1e6:.1f} MB"
        )
        dataset, load_s = best_of(lambda: read_events(json_path, countries, max_bytes=MAX_BYTES), 2)
        print(f"  load JSON (countries={'SY/IQ shapes' if countries else 'None'}): {load_s:.2f} s (best of 2)")
        nogc_s = load_without_gc(json_path, countries)
        print(f"  load JSON with the garbage collector off: {nogc_s:.2f} s (best of 2; what gc costs the loader)")
        yaml_s = float("nan")
        if not quick:
            yaml_path = write_yaml(doc, Path(tmp) / "synthetic.yaml")
            yaml_s = elapsed(lambda: read_events(yaml_path, countries, max_bytes=MAX_BYTES))
            print(f"  load YAML ({yaml_path.stat().st_size / 1e6:.1f} MB): {yaml_s:.2f} s (once)")
    return measure(dataset, shapes) | {
        "synthetic_load_s": load_s,
        "synthetic_load_nogc_s": nogc_s,
        "synthetic_load_yaml_s": yaml_s,
    }


def load_without_gc(path: Path, countries: dict[str, object] | None) -> float:
    """The JSON load with the cyclic collector off: it rescans the ~1M young objects the parse creates."""
    gc.collect()
    gc.disable()
    try:
        return best_of(lambda: read_events(path, countries, max_bytes=MAX_BYTES), 2)[1]
    finally:
        gc.enable()


def measure(dataset: Dataset, shapes: dict[str, object]) -> dict[str, float]:
    """Timeline, tessellation, per-date and memory figures of a loaded dataset."""
    timeline, timeline_s = timed(lambda: Timeline(dataset))
    print(f"  Timeline(dataset): {timeline_s:.2f} s; {len(timeline.epochs)} epochs")
    atlas, tess_s = timed(lambda: Atlas(timeline, shapes))
    print(f"  tessellation (Atlas construction): {tess_s:.2f} s")
    samples = per_date_samples(atlas, unseen_dates(timeline.epochs, 20))
    print(f"  per date (unseen epoch): {spread(samples)}")
    used = timeline_bytes(timeline)
    dense = len(timeline.epochs) * len(timeline.place_ids) * 4
    peak = timeline_peak_bytes(dataset)
    print(
        f"  memory: timeline arrays {used / 1e6:.1f} MB vs dense epochs x places {dense / 1e6:.1f} MB "
        f"({dense / used:.0f}x); tracemalloc peak while building the Timeline {peak / 1e6:.1f} MB"
    )
    return {
        "synthetic_places": len(timeline.place_ids),
        "synthetic_events": len(dataset.events),
        "synthetic_timeline_s": timeline_s,
        "synthetic_tessellation_s": tess_s,
        "synthetic_per_date_ms": median_ms(samples),
        "synthetic_timeline_bytes": used,
        "synthetic_epochs_x_places_bytes": dense,
        "synthetic_timeline_peak_bytes": peak,
    }


if __name__ == "__main__":
    print(json.dumps(run(quick=True)))
