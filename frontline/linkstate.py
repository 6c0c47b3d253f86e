"""What a shared link asks for — date, map view, hidden layers, a second date to compare with, an actor to
follow, a place whose history is open — read strictly and written compactly.

Pure functions over the raw query values, so that every case can be tested without Streamlit. A value
that cannot be used gives a short warning that quotes at most `QUOTE_CHARS` characters of it, as text.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from frontline.dates import parse_date
from frontline.render.text import plain

LAYERS = ("territory", "fronts", "places")
QUOTE_CHARS = 40
MIN_ZOOM, MAX_ZOOM = 4, 18


@dataclass(frozen=True)
class View:
    lat: float
    lon: float
    zoom: int

    def to_param(self) -> str:
        return f"{self.lat:.4f},{self.lon:.4f},{self.zoom}"


@dataclass(frozen=True)
class LinkState:
    date: dt.date
    view: View | None = None
    hidden: frozenset[str] = frozenset()
    compare: dt.date | None = None  # a second date: what changed between it and `date`
    focus: str | None = None  # an actor id: its territory, places and fronts, the rest faded
    place: str | None = None  # a place id: its history is open
    age: bool = False  # places shaded by the age of the evidence behind them
    warnings: tuple[str, ...] = field(default=(), compare=False)


def quote(raw: object) -> str:
    """A bad value as it may be shown: control and invisible characters removed, at most 40 characters."""
    text = plain(raw)
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1] + "…"


def read_date(raw: str | None, start: dt.date, end: dt.date, default: dt.date) -> tuple[dt.date, str | None]:
    """The date a link asks for, clamped to the record, or the default with a warning."""
    if raw is None:
        return default, None
    try:
        wanted = parse_date(raw.strip())
    except ValueError:
        return default, (f"The link's date “{quote(raw)}” is not a date written YYYY-MM-DD (or not a real day); "
                         f"showing {default.isoformat()}.")
    if wanted < start:
        return start, (f"The link's date {wanted.isoformat()} is before the record begins; showing its first day, "
                       f"{start.isoformat()}.")
    if wanted > end:
        return end, (f"The link's date {wanted.isoformat()} is after the record ends; showing its last day, "
                     f"{end.isoformat()}.")
    return wanted, None


def read_view(raw: str | None) -> tuple[View | None, str | None]:
    """`lat,lon,zoom` of the map's centre; None (the default view) with a warning when unusable."""
    if raw is None or not raw.strip():
        return None, None
    parts = [p.strip() for p in raw.split(",")]
    try:
        if len(parts) != 3:
            raise ValueError
        lat, lon, zoom = float(parts[0]), float(parts[1]), int(float(parts[2]))
        if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError
    except (ValueError, OverflowError):
        return None, f"The link's map view “{quote(raw)}” is not lat,lon,zoom; showing the whole region."
    return View(round(lat, 4), round(lon, 4), min(max(zoom, MIN_ZOOM), MAX_ZOOM)), None


def read_hidden(raw: str | None) -> tuple[frozenset[str], str | None]:
    """Hidden layers, tolerant of case and spaces (`?hide= Fronts , territory`); unknown names are reported."""
    if raw is None:
        return frozenset(), None
    names = [n.strip().lower() for n in raw.split(",")]
    known = frozenset(n for n in names if n in LAYERS)
    unknown = [n for n in names if n and n not in LAYERS]
    if unknown:
        return known, (f"The link hides an unknown layer “{quote(', '.join(unknown))}”; the layers are "
                       f"{', '.join(LAYERS)}.")
    return known, None


def read_compare(raw: str | None, start: dt.date, end: dt.date) -> tuple[dt.date | None, str | None]:
    """The second date of a comparison, clamped to the record; None (no comparison) with a warning if unusable."""
    if raw is None or not raw.strip():
        return None, None
    try:
        wanted = parse_date(raw.strip())
    except ValueError:
        return None, f"The link's comparison date “{quote(raw)}” is not a date written YYYY-MM-DD; no comparison."
    clamped = min(max(wanted, start), end)
    if clamped != wanted:
        return clamped, f"The link's comparison date {wanted.isoformat()} is outside the record; comparing with {clamped}."
    return wanted, None


def read_id(raw: str | None, known, what: str) -> tuple[str | None, str | None]:
    """An actor's or a place's id from the link, if the dataset has it (`known`: the ids); else a warning."""
    if raw is None or not raw.strip():
        return None, None
    value = raw.strip().lower()
    if value in known:
        return value, None
    return None, f"The link names an unknown {what} “{quote(raw)}”; it is ignored."


def read(params: dict[str, str], start: dt.date, end: dt.date, default: dt.date, actors=(), places=()) -> LinkState:
    date, w1 = read_date(params.get("date"), start, end, default)
    view, w2 = read_view(params.get("view"))
    hidden, w3 = read_hidden(params.get("hide"))
    compare, w4 = read_compare(params.get("compare"), start, end)
    focus, w5 = read_id(params.get("focus"), actors, "actor")
    place, w6 = read_id(params.get("place"), places, "place")
    age = (params.get("age") or "").strip().lower() in ("1", "true", "yes", "on")
    return LinkState(date, view, hidden, compare, focus, place, age, tuple(w for w in (w1, w2, w3, w4, w5, w6) if w))


def to_params(state: LinkState) -> dict[str, str]:
    """The query parameters of a state: only what differs from the defaults, in a stable order."""
    params = {"date": state.date.isoformat()}
    if state.view is not None:
        params["view"] = state.view.to_param()
    if state.hidden:
        params["hide"] = ",".join(n for n in LAYERS if n in state.hidden)
    if state.compare is not None:
        params["compare"] = state.compare.isoformat()
    if state.focus:
        params["focus"] = state.focus
    if state.place:
        params["place"] = state.place
    if state.age:
        params["age"] = "1"
    return params
