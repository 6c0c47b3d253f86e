"""Files that ship with Frontline (the time engine's JavaScript, vendored Leaflet), read once and kept."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=32)
def bundled_text(path: Path) -> str:
    return Path(path).read_text(encoding="utf-8")


@lru_cache(maxsize=32)
def bundled_bytes(path: Path) -> bytes:
    return Path(path).read_bytes()
