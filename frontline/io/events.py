"""Read a dataset file: size check, decoding, safe YAML, field checks, cross-record checks."""

from __future__ import annotations

import gc
import hashlib
from pathlib import Path
from types import MappingProxyType

from frontline.io.yamldoc import parse, parse_json
from frontline.model import Dataset
from frontline.problems import DataError, Problem
from frontline.schema import Reading, read_tree
from frontline.validation import check

MAX_BYTES = 20 * 1024 * 1024


def read_events(path: str | Path, countries=None, max_bytes: int = MAX_BYTES) -> Dataset:
    """Read and validate a dataset; raise DataError listing every problem found.

    Parameters
    ----------
    path : the YAML file.
    countries : optional {"SY": geometry, "IQ": geometry} to check that places sit in their country.
    max_bytes : files larger than this are refused before parsing.
    """
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            raise DataError([Problem(name, 1, 1, "file", f"is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit")])
        data = Path(path).read_bytes()
    except OSError as exc:
        raise DataError([Problem(name, 1, 1, "file", f"cannot be read: {exc.strerror or exc}")]) from None
    return parse_events(data, name, countries)


def parse_events(data: bytes, name: str, countries=None) -> Dataset:
    """Validate the bytes of a dataset file; raise DataError listing every problem found.

    The garbage collector is paused meanwhile: parsing makes up to millions of objects and no cycles, and
    the collector rescanning them cost a third of the load time of a large file.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_events(data, name, countries)
    finally:
        if enabled:
            gc.enable()


def _parse_events(data: bytes, name: str, countries) -> Dataset:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError([Problem(name, line, column, "file", "is not UTF-8 text")]) from None
    reading = None
    if text.lstrip()[:1] == "{":  # JSON: parse fast; on any problem, re-read below for line numbers
        root = parse_json(text)
        if root is not None:
            reading = read_tree(root, name)
            if reading.problems or check(reading, countries):
                reading = None
    if reading is None:
        reading = _read_with_positions(text, name, countries)
    return _dataset(reading, name, hashlib.sha256(data).hexdigest())


def _read_with_positions(text: str, name: str, countries) -> Reading:
    root, problems = parse(text, name)
    if root is None and not problems:
        problems = [Problem(name, 1, 1, "file", "is empty")]
    if problems and root is None:
        raise DataError(problems)
    reading = read_tree(root, name)
    problems += reading.problems
    problems += check(reading, countries)
    if problems:
        raise DataError(problems)
    return reading


def _dataset(reading: Reading, name: str, fingerprint: str) -> Dataset:
    events = tuple(sorted(reading.events, key=lambda e: (e.date, e.order, e.line)))
    dates = [b.date for b in reading.baselines.values()] + [events[0].date, events[-1].date] if events else \
        [b.date for b in reading.baselines.values()]
    return Dataset(
        actors=MappingProxyType(reading.actors),
        places=MappingProxyType(reading.places),
        sources=MappingProxyType(reading.sources),
        baselines=MappingProxyType(reading.baselines),
        events=events,
        start=min(dates),
        end=max(dates),
        path=name,
        fingerprint=fingerprint,
        relations=tuple(sorted(reading.relations, key=lambda r: (*sorted(r.actors), r.start))),
    )
