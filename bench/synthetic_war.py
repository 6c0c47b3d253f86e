"""Synthetic wars for the browser's time engine: ~20,000 places whose control moves like a war's.

Both datasets go through the product's own path: a data file in the project's format (JSON, the fast path of
`read_events`) is written, then `read_events → Timeline → Atlas`, exactly as the app loads `data/events.yaml`.

`war_atlas`
    Places at seeded random points inside the Syria and Iraq outlines (`synthetic.random_places`). Each
    country's government holds everything at first. About 25 insurgent *fronts* — blobs, each owned by one
    of the shipped actors — appear at seeded dates, grow over months to radii of tens to ~150 km, drift
    (their centres move along slow sums of sines), wobble and later shrink. A place belongs to the blob with
    the lowest ``distance to centre - radius + a smooth, static noise field of that blob`` where that is
    negative (the noise makes fronts ragged, not circles), otherwise to its country's government. Places
    within ``contested_km`` inside a blob's edge are ``contested``. Fronts so move a few km per week and
    control is held in contiguous blocks: most borders are not fronts.
`random_atlas`
    The same places; every place takes a random controller on the first day and then flips to a random
    controller on random days: every border is a front, the worst case for drawing fronts.

The data files are cached in the temp dir, keyed by the parameters (and `GENERATOR`, bumped whenever the
generation changes), so a second run skips the generation; the Atlas is always rebuilt from the file.

`python bench/synthetic_war.py [--places N] [--years Y]` prints both datasets' sizes, net changes and fronts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import numpy as np
from common import timed
from pyproj import Transformer
from synthetic import BASELINE_DATE, BASELINES, FIRST_DAY, MAX_BYTES, distinct_pairs, random_places, shipped_actors

from frontline import timepack
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.territory import EQUAL_AREA, front_mask
from frontline.timeline import Timeline

GENERATOR = 3  # bump when the generation or the data format changes: it is part of the cache key
PLACES = 20_000
YEARS = 6
SEED = 20250101
INSURGENTS = ["isis", "rebels", "nusra_hts", "sdf", "peshmerga", "turkey_sna"]
BLOBS_PER_1000_KM = 0.04  # blobs per 1000 km² of the two countries (≈ 25 over Syria and Iraq)
CACHE = Path(tempfile.gettempdir()) / "frontline-bench-war"


# --- places -------------------------------------------------------------------------------------------------


def _places(shapes: dict[str, object], n: int, seed: int) -> list[tuple[str, float, float]]:
    """(country, lon, lat): the same places for the war and the random variant of a seed."""
    return random_places(shapes, n, np.random.default_rng(seed))


def _projected_km(places: list[tuple[str, float, float]]) -> np.ndarray:
    forward = Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)
    x, y = forward.transform([p[1] for p in places], [p[2] for p in places])
    return np.column_stack([x, y]) / 1000.0


# --- the war ------------------------------------------------------------------------------------------------


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3 - 2 * t)


def war_codes(
    xy: np.ndarray,
    countries: np.ndarray,
    n_days: int,
    rng: np.random.Generator,
    actor_ids: list[str],
    contested_km: float = 1.5,
) -> tuple[np.ndarray, np.ndarray]:
    """(actor index, status index) of every place on every day, each (n_days, n_places) uint8.

    See the module docstring: insurgent blobs with moving centres and radii over a government background.
    """
    n = len(xy)
    area_km2 = 625_000.0
    n_blobs = max(4, round(BLOBS_PER_1000_KM * area_km2 / 1000))
    insurgents = [actor_ids.index(a) for a in INSURGENTS]
    owner = np.array([insurgents[i % len(insurgents)] for i in range(n_blobs)])
    home = xy[rng.integers(0, n, n_blobs)]
    days = np.arange(n_days, dtype=np.float64)

    # Centres: home + two slow sines per axis (periods 1.5-5 years, 15-60 km each): a few km per week at most.
    centre = np.repeat(home[None, :, :], n_days, axis=0)
    for _ in range(2):
        amp = rng.uniform(15, 60, (n_blobs, 2))
        period = rng.uniform(1.5, 5.0, (n_blobs, 2)) * 365
        phase = rng.uniform(0, 2 * np.pi, (n_blobs, 2))
        centre += amp * (np.sin(2 * np.pi * days[:, None, None] / period + phase) - np.sin(phase))

    # Radii: appear at onset, grow over months to `peak`, wobble, shrink to nothing over a year or two.
    onset = rng.uniform(0.0, 0.6, n_blobs) * n_days
    grow = rng.uniform(120, 400, n_blobs)
    peak = rng.uniform(30, 150, n_blobs)
    fall = onset + grow + rng.uniform(0.3, 1.2, n_blobs) * n_days
    decline = rng.uniform(250, 700, n_blobs)
    wobble = 1 + 0.15 * np.sin(
        2 * np.pi * days[:, None] / rng.uniform(150, 500, n_blobs) + rng.uniform(0, 6.3, n_blobs)
    )
    radius = (
        peak * wobble * (_smoothstep((days[:, None] - onset) / grow) - _smoothstep((days[:, None] - fall) / decline))
    )
    radius = np.maximum(radius, 0.0)

    # A static, smooth noise field per blob (three plane waves, wavelengths 30-200 km, ±~18 km): ragged fronts.
    noise = np.zeros((n, n_blobs))
    for _ in range(3):
        angle = rng.uniform(0, 2 * np.pi, n_blobs)
        k = 2 * np.pi / rng.uniform(30, 200, n_blobs)
        noise += (
            18
            / np.sqrt(3)
            * np.sin(
                xy[:, :1] * (k * np.cos(angle)) + xy[:, 1:] * (k * np.sin(angle)) + rng.uniform(0, 2 * np.pi, n_blobs)
            )
        )

    background = np.array([actor_ids.index(BASELINES[c]) for c in countries], np.uint8)
    actor = np.empty((n_days, n), np.uint8)
    status = np.zeros((n_days, n), np.uint8)
    x, y = xy[:, 0].astype(np.float32), xy[:, 1].astype(np.float32)
    noise32 = noise.astype(np.float32)
    for d in range(n_days):
        alive = np.flatnonzero(radius[d] > 0)
        if not len(alive):
            actor[d] = background
            continue
        c = centre[d, alive].astype(np.float32)
        score = np.hypot(x[:, None] - c[:, 0], y[:, None] - c[:, 1]) - radius[d, alive].astype(np.float32)
        score += noise32[:, alive]
        best = score.argmin(axis=1)
        low = score[np.arange(n), best]
        inside = low < 0
        actor[d] = np.where(inside, owner[alive][best], background)
        status[d] = inside & (low > -contested_km)
    return actor, status


def _events_from_codes(
    ids: list[str], actor_ids: list[str], actor: np.ndarray, status: np.ndarray, start: np.ndarray
) -> list[dict]:
    """One capture event per place and day whose (actor, status) differs from the day before."""
    codes = actor.astype(np.int16) | (status.astype(np.int16) << 5)
    previous = np.vstack([start[None, :], codes[:-1]])
    day, place = np.nonzero(codes != previous)
    statuses = ["held", "contested", "besieged"]
    first = FIRST_DAY.toordinal()
    events = []
    for d, p in zip(day.tolist(), place.tolist()):
        event = {
            "date": dt.date.fromordinal(first + d).isoformat(),
            "place": ids[p],
            "kind": "capture",
            "controller": actor_ids[actor[d, p]],
            "sources": ["synthetic"],
        }
        if status[d, p]:
            event["status"] = statuses[status[d, p]]
        events.append(event)
    return events


def _document(
    places: list[tuple[str, float, float]], actors: dict[str, dict], events: list[dict], description: str
) -> dict:
    """The dataset as the project's format (same schema as data/events.yaml and bench/synthetic.py)."""
    return {
        "actors": actors,
        "baseline": {code: {"date": BASELINE_DATE.isoformat(), "controller": who} for code, who in BASELINES.items()},
        "places": {
            f"p{i:05d}": {"name": f"Place {i}", "lat": lat, "lon": lon, "country": code, "kind": "village"}
            for i, (code, lon, lat) in enumerate(places)
        },
        "sources": {"synthetic": {"publisher": "Frontline bench", "leaning": "neutral", "description": description, "date": "2024-12-31"}},
        "events": events,
    }


def war_document(shapes: dict[str, object], places: int = PLACES, years: float = YEARS, seed: int = SEED) -> dict:
    points = _places(shapes, places, seed)
    actors = shipped_actors()
    actor_ids = list(actors)
    n_days = round(years * 365)
    rng = np.random.default_rng([seed, 1])
    countries = np.array([c for c, _, _ in points])
    actor, status = war_codes(_projected_km(points), countries, n_days, rng, actor_ids)
    start = np.array([actor_ids.index(BASELINES[c]) for c in countries], np.int16)
    ids = [f"p{i:05d}" for i in range(len(points))]
    return _document(
        points,
        actors,
        _events_from_codes(ids, actor_ids, actor, status, start),
        "Synthetic war: insurgent blobs drifting over government ground",
    )


# --- the random worst case ------------------------------------------------------------------------------------


def random_document(
    shapes: dict[str, object], places: int = PLACES, years: float = YEARS, seed: int = SEED, flips_per_place: int = 10
) -> dict:
    """Every place takes a random controller on the first day, then `flips_per_place - 1` times as many
    random controllers as there are places fall on distinct random (place, later day) pairs."""
    points = _places(shapes, places, seed)
    actors = shipped_actors()
    actor_ids = list(actors)
    n_days = round(years * 365)
    rng = np.random.default_rng([seed, 2])
    n = len(points)
    later = n * max(0, min(flips_per_place - 1, n_days - 1))  # distinct (place, day) pairs after day 0
    place, day = distinct_pairs(n, n_days - 1, later, rng) if later else (np.zeros(0, np.int64),) * 2
    place, day = np.r_[np.arange(n), place], np.r_[np.zeros(n, np.int64), day + 1]
    who = rng.integers(0, len(actor_ids), len(day))
    order = np.lexsort((place, day))
    first = FIRST_DAY.toordinal()
    ids = [f"p{i:05d}" for i in range(n)]
    events = [
        {
            "date": dt.date.fromordinal(first + int(day[i])).isoformat(),
            "place": ids[place[i]],
            "kind": "capture",
            "controller": actor_ids[who[i]],
            "sources": ["synthetic"],
        }
        for i in order.tolist()
    ]
    return _document(points, actors, events, "Synthetic worst case: random controllers")


# --- through the product's path, cached -------------------------------------------------------------------


def _cached_file(name: str, build) -> Path:
    """The data file `name` in the cache dir, written by `build()` (a document) if absent."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / name
    if not path.exists():
        doc = build()
        fd, tmp = tempfile.mkstemp(dir=CACHE, suffix=".part")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(doc, f, separators=(",", ":"))
        os.replace(tmp, path)
    return path


def load_atlas(path: Path, shapes: dict[str, object]) -> Atlas:
    """read_events (with the app's country check) → Timeline → Atlas."""
    dataset = read_events(path, countries=shapes, max_bytes=MAX_BYTES)
    return Atlas(Timeline(dataset), shapes)


def _shapes() -> dict[str, object]:
    return subject_shapes(read_countries())


def war_path(places: int = PLACES, years: float = YEARS, seed: int = SEED) -> Path:
    shapes = _shapes()
    return _cached_file(
        f"war-g{GENERATOR}-{places}-{years}-{seed}.json", lambda: war_document(shapes, places, years, seed)
    )


def random_path(places: int = PLACES, years: float = YEARS, seed: int = SEED, flips_per_place: int = 10) -> Path:
    shapes = _shapes()
    return _cached_file(
        f"random-g{GENERATOR}-{places}-{years}-{seed}-{flips_per_place}.json",
        lambda: random_document(shapes, places, years, seed, flips_per_place),
    )


def war_atlas(places: int = PLACES, years: float = YEARS, seed: int = SEED) -> Atlas:
    """A war-like synthetic dataset through read_events → Timeline → Atlas (data file cached)."""
    return load_atlas(war_path(places, years, seed), _shapes())


def random_atlas(places: int = PLACES, years: float = YEARS, seed: int = SEED, flips_per_place: int = 10) -> Atlas:
    """The random worst case on the same places as `war_atlas(places, years, seed)` (data file cached)."""
    return load_atlas(random_path(places, years, seed, flips_per_place), _shapes())


# --- what a dataset looks like --------------------------------------------------------------------------------


def front_share(atlas: Atlas, day: int) -> tuple[int, int]:
    """(fronts, adjacent pairs) on a day (offset from the dataset's start)."""
    timeline = atlas.timeline
    state = timeline.state_at(timeline.dataset.start + dt.timedelta(days=day))
    return int(front_mask(atlas.tessellation, state.controller).sum()), len(atlas.tessellation.pairs)


def describe(atlas: Atlas, label: str) -> dict[str, float]:
    """Print and return places, cells, edges, net changes and the fronts on the middle day."""
    ds = atlas.timeline.dataset
    days = (ds.end - ds.start).days + 1
    day, place, *_ = timepack.net_changes(atlas)
    fronts, pairs = front_share(atlas, days // 2)
    busiest = int(np.bincount(day).max()) if len(day) else 0
    print(
        f"{label}: {len(ds.places)} places, {int(atlas.nonempty.sum())} cells, {pairs} adjacent pairs, "
        f"{len(ds.events)} events, {len(day)} net changes over {days} days (busiest day {busiest}); "
        f"{fronts} fronts on day {days // 2} ({fronts / max(pairs, 1):.1%} of pairs)"
    )
    return {f"net_changes_{label}": len(day), f"fronts_mid_{label}": fronts, f"pairs_{label}": pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=PLACES)
    parser.add_argument("--years", type=float, default=YEARS)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    for name, make in (("war", war_atlas), ("random", random_atlas)):
        atlas, seconds = timed(lambda make=make: make(args.places, args.years, args.seed))
        print(f"{name}: built in {seconds:.1f} s (data file in {CACHE})")
        figures |= describe(atlas, name)
        data, pack_s = timed(lambda atlas=atlas: timepack.pack(atlas))
        size = len(json.dumps(data, separators=(",", ":")))
        print(f"  pack: {size / 1e6:.2f} MB JSON, built in {pack_s:.1f} s")
        figures[f"pack_bytes_{name}"] = size
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
