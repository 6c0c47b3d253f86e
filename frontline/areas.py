"""Areas per actor within each country, and as a share of the country (not of the land assigned to places)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely

from frontline.frames import Atlas
from frontline.model import COUNTRIES
from frontline.timeline import ControlState


@lru_cache(maxsize=8)
def country_areas_km2(atlas: Atlas) -> dict[str, float]:
    """Each subject country's whole area (equal-area projection), from the outlines the cells are cut to."""
    ds = atlas.timeline.dataset
    out = {}
    for code in sorted({p.country for p in ds.places.values()}):
        index = next(i for i, pid in enumerate(atlas.timeline.place_ids) if ds.places[pid].country == code)
        shape = atlas.tessellation.countries[index] if atlas.tessellation.countries is not None else None
        if shape is None:
            continue
        out[code] = float(shapely.area(shape)) / 1e6
    return out


def areas_by_country(atlas: Atlas, state: ControlState) -> dict[str, dict[str, float]]:
    """km² held per actor in each country on a state's date: {country: {actor: km²}} (actors holding some)."""
    ds = atlas.timeline.dataset
    countries = np.array([ds.places[p].country for p in atlas.timeline.place_ids])
    areas = atlas.tessellation.areas_km2
    out: dict[str, dict[str, float]] = {}
    for code in sorted(set(countries)):
        mask = countries == code
        totals = np.bincount(state.controller[mask], weights=areas[mask], minlength=len(atlas.timeline.actor_ids))
        out[str(code)] = {a: float(v) for a, v in zip(atlas.timeline.actor_ids, totals) if v > 0}
    return out


def chart_series(atlas: Atlas) -> dict:
    """What the area chart draws: km² held per actor in each country at the baseline and at every epoch (day
    numbers from the record's start), with each country's whole land, so shares are of the country."""
    timeline = atlas.timeline
    ds = timeline.dataset
    dates = sorted({ds.start, *timeline.epochs})
    whole = country_areas_km2(atlas)
    codes = sorted(whole, key=lambda c: (list(COUNTRIES).index(c) if c in COUNTRIES else len(COUNTRIES), c))
    held = {code: {a: [0] * len(dates) for a in timeline.actor_ids} for code in codes}
    for e, date in enumerate(dates):
        for code, by_actor in areas_by_country(atlas, timeline.state_at(date)).items():
            for actor, km2 in by_actor.items():
                held[code][actor][e] = round(km2)
    actors = []
    for actor in timeline.actor_ids:
        km2 = {code: held[code][actor] for code in codes if any(held[code][actor])}
        if km2:
            info = ds.actors[actor]
            actors.append({"id": actor, "name": info.name, "color": info.color, "km2": km2})
    return {"start": ds.start.isoformat(), "days": [(d - ds.start).days for d in dates],
            "countries": [{"code": c, "name": COUNTRIES.get(c, c), "km2": round(whole[c])} for c in codes],
            "actors": actors}
