"""Read a dataset file: size check, decoding, safe YAML, field checks, cross-record checks."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import stat
from pathlib import Path
from types import MappingProxyType

from frontline.io.yamldoc import parse, parse_json
from frontline.model import Dataset
from frontline.problems import DataError, Problem
from frontline.schema import Reading, read_tree
from frontline.validation import check

MB = 1024 * 1024
MAX_BYTES = 20 * MB
# A \uD800–\uDFFF escape not part of a pair: JSON accepts it, but no UTF-8 page or file can hold it.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")  # any surrogate escape: a fast scan before the exact one
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]")


class UnreadableFile(DataError):
    """The file itself cannot be read (missing, a directory, a device, too large): not a problem of its data."""


def read_events(path: str | Path, countries=None, max_bytes: int = MAX_BYTES) -> Dataset:
    """Read and validate a dataset; raise DataError listing every problem found (UnreadableFile, a DataError,
    when the file itself cannot be read).

    Parameters
    ----------
    path : the YAML file.
    countries : optional {"SY": geometry, "IQ": geometry} to check that places sit in their country.
    max_bytes : files larger than this are refused, whatever the file reports of its size.
    """
    return parse_events(read_bounded(path, max_bytes), str(path), countries)


def read_bounded(path: str | Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; UnreadableFile otherwise, at once.

    Opened without blocking, so that a FIFO nobody writes to is refused rather than waited on; a device
    (`/dev/zero`), a directory or a socket is refused before any read; and at most `max_bytes + 1` bytes are
    read, so a file that grows while read (or reports a false size) cannot exhaust memory.
    """
    name = str(path)

    def refuse(message: str) -> UnreadableFile:
        return UnreadableFile([Problem(name, 1, 1, "file", message)])

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    try:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            what = ("a directory" if stat.S_ISDIR(kind) else "a pipe (FIFO)" if stat.S_ISFIFO(kind)
                    else "a device" if stat.S_ISCHR(kind) or stat.S_ISBLK(kind) else "not a regular file")
            raise refuse(f"is {what}: give the path of a YAML or JSON file")
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > max_bytes:
        raise refuse(f"is over the {max_bytes / MB:.0f} MB limit: split it, or drop what the map does not need")
    return data


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
    if text.lstrip()[:1] == "{" and not (_SURROGATE_ESCAPE.search(text) and _LONE_SURROGATE.search(text)):
        # JSON: parse fast; on any problem, re-read below for line numbers (YAML refuses a lone surrogate)
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
        moments=tuple(sorted(reading.moments, key=lambda m: (m.date, m.line))),
        version=reading.release.get("version", ""),
        released=reading.release.get("released"),
    )
