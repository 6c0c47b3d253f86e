"""Shared bench helpers: make the project importable when run as `python bench/run.py`, and time things."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "events.yaml"
if str(ROOT) not in sys.path:  # `python bench/x.py` puts bench/ on the path, not the project root
    sys.path.insert(0, str(ROOT))


T = TypeVar("T")


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """The result of one call of `fn` and the seconds it took (perf_counter: monotonic, finest resolution)."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def elapsed(fn: Callable[[], object]) -> float:
    return timed(fn)[1]


def best_of(fn: Callable[[], T], repeat: int) -> tuple[T, float]:
    """The last result and the best of `repeat` timings: the run least disturbed by the rest of the machine."""
    runs = [timed(fn) for _ in range(repeat)]
    return runs[-1][0], min(seconds for _, seconds in runs)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1e3


def spread(samples: list[float]) -> str:
    """Median, min and max in ms, for a human-readable line."""
    return f"median {median_ms(samples):.3f} ms (min {min(samples) * 1e3:.3f}, max {max(samples) * 1e3:.3f}, n={len(samples)})"


def unseen_dates(epochs: list, count: int, skip: set[int] | None = None) -> list:
    """`count` epoch dates spread evenly over the record, each from a different epoch, avoiding `skip` indices."""
    skip = skip or set()
    candidates = [i for i in range(len(epochs)) if i not in skip]
    step = max(1, len(candidates) // count)
    return [epochs[i] for i in candidates[::step][:count]]
