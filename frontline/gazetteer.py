"""Check place coordinates against a gazetteer: towns within 2 km of their GeoNames row, and the row's
Arabic-script names among the place's aliases."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.io.gazetteer import Gazetteer, arabic_names
from frontline.model import Dataset, Place
from frontline.search import normalize

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class PlaceCheck:
    place: Place
    nearest: str
    nearest_country: str
    distance_km: float
    outlier: bool
    reason: str
    same_name_row: int | None = None  # the gazetteer row within reach that bears one of the place's names
    arabic_missing: tuple[str, ...] = ()  # that row's Arabic-script names the place's aliases lack


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = np.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def same_name_row(place: Place, gazetteer: Gazetteer, distance: np.ndarray, max_km: float) -> int | None:
    """The nearest row within `max_km` one of whose Latin names is one of the place's names (compared as the
    search compares them: "Kafr Nubl" = "Kafranbel"? no; "Dayr Hafir" = "Deir Hafer", yes)."""
    keys = {normalize(n) for n in (place.name, *place.aliases)} - {""}
    for i in np.argsort(distance):
        if distance[i] > max_km:
            return None
        if keys & {normalize(n) for n in (gazetteer.names[i], *gazetteer.alternates[i]) if n.isascii()}:
            return int(i)
    return None


def check_places(dataset: Dataset, gazetteer: Gazetteer, max_km: float = 2.0) -> list[PlaceCheck]:
    """One check per place. Outliers: a `coords: geonames` place farther than `max_km` from every row,
    or whose nearest row lies in another country; `approx` places without a note saying why."""
    out = []
    for place in dataset.places.values():
        distance = haversine_km(place.lat, place.lon, gazetteer.lat, gazetteer.lon)
        i = int(np.argmin(distance))
        near, km, cc = gazetteer.names[i], float(distance[i]), str(gazetteer.countries[i])
        if place.coords == "geonames" and km > max_km:
            outlier, reason = True, f"{km:.1f} km from the nearest GeoNames town ({near}, {cc})"
        elif place.coords == "geonames" and cc != place.country:
            outlier, reason = True, f"the nearest GeoNames town is {near} in {cc}, not {place.country}"
        elif place.coords != "geonames" and not place.coord_note:
            outlier, reason = True, "approximate coordinates without a coord_note saying how they were chosen"
        else:
            outlier, reason = False, "ok" if place.coords == "geonames" else f"approx: {place.coord_note}"
        row = same_name_row(place, gazetteer, distance, max_km)
        missing = () if row is None else tuple(a for a in arabic_names(gazetteer.alternates[row])
                                               if a not in place.aliases)
        out.append(PlaceCheck(place, near, cc, km, outlier, reason, row, missing))
    return out
