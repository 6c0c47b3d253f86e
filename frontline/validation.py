"""Cross-record checks: references resolve, dates are possible, places sit where they claim to be,
and no place has two disagreeing events on one day."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping as TMapping

from frontline.model import Event, Kind
from frontline.problems import Problem
from frontline.schema import Reading

# The Syria–Iraq frame, with a margin for border crossings.
REGION = {"lat": (29.0, 37.6), "lon": (35.5, 48.8)}
# Tolerance for "inside its country": Natural Earth's 1:10m outlines are generalised by a few km.
COUNTRY_TOLERANCE_DEG = 0.05


def check(reading: Reading, countries: TMapping[str, object] | None = None,
          today: dt.date | None = None) -> list[Problem]:
    """Return every cross-record problem; `countries` maps SY/IQ to shapely geometries (optional)."""
    problems: list[Problem] = []
    today = today or dt.date.today()

    def add(section: str, key: object, name: str, message: str) -> None:
        pos = reading.at(section, key, name)
        problems.append(Problem(reading.file, pos.line, pos.column, name, message))

    actors = reading.actors

    def cited(where: tuple[str, int], sources: tuple[str, ...]) -> None:
        for source in sources:
            if not reading.knows("sources", source):
                add(*where, "sources", _unknown("source", source, reading.sources))

    if not reading.actors and not any(p.field == "actors" for p in reading.problems):
        problems.append(Problem(reading.file, 1, 1, "actors", "no actors are defined"))
    for key, base in reading.baselines.items():
        if not reading.knows("actors", base.controller):
            add("baseline", key, "controller",
                _unknown("actor", base.controller, actors))
    for key, place in reading.places.items():
        lo, hi = REGION["lat"]
        if not lo <= place.lat <= hi:
            add("places", key, "lat", f"{place.lat} is outside the Syria–Iraq region (latitude {lo}…{hi})")
        lo, hi = REGION["lon"]
        if not lo <= place.lon <= hi:
            add("places", key, "lon", f"{place.lon} is outside the Syria–Iraq region (longitude {lo}…{hi})")
        if place.baseline is not None and not reading.knows("actors", place.baseline):
            add("places", key, "baseline", _unknown("actor", place.baseline, actors))
        if place.country not in reading.baselines and reading.baselines:
            add("places", key, "country", f"no baseline is given for {place.country}")
        if countries is not None and place.country in countries:
            problems.extend(_country_problem(reading, key, place, countries))

    for event in reading.events:
        where = ("events", event.line)
        if not reading.knows("places", event.place):
            add(*where, "place", _unknown("place", event.place, reading.places))
        if event.controller is not None and not reading.knows("actors", event.controller):
            add(*where, "controller", _unknown("actor", event.controller, actors))
        if event.against is not None and not reading.knows("actors", event.against):
            add(*where, "against", _unknown("actor", event.against, actors))
        elif event.against is not None and event.against == event.controller:
            add(*where, "against", f"{event.against} holds the place: 'against' names the other side")
        cited(where, event.sources)
        if event.date > today:
            add(*where, "date", f"{event.date} is in the future")
        place = reading.places.get(event.place)
        base = reading.baselines.get(place.country) if place else None
        if base and event.date < base.date:
            add(*where, "date", f"{event.date} is before the {place.country} baseline date {base.date}")
    for relation in reading.relations:
        where = ("relations", relation.line)
        for actor in relation.actors:
            if not reading.knows("actors", actor):
                add(*where, "actors", _unknown("actor", actor, actors))
        cited(where, relation.sources)
        for name, day in (("from", relation.start), ("until", relation.until)):
            if day is not None and day > today:
                add(*where, name, f"{day} is in the future")
    problems.extend(_same_day_conflicts(reading))
    problems.extend(_overlapping_relations(reading))
    return problems


def _overlapping_relations(reading: Reading) -> list[Problem]:
    """One pair of actors has one relation on any date: periods of the same pair must not overlap."""
    by_pair: dict[frozenset[str], list] = defaultdict(list)
    for relation in reading.relations:
        by_pair[frozenset(relation.actors)].append(relation)
    problems = []
    for pair, relations in by_pair.items():
        relations.sort(key=lambda r: (r.start, r.line))
        earlier = relations[0]  # of those seen, the one reaching furthest
        for later in relations[1:]:
            if earlier.until is not None and later.start > earlier.until:
                earlier = later
                continue
            pos = reading.at("relations", later.line, "from")
            end = "open-ended" if earlier.until is None else f"until {earlier.until}"
            problems.append(Problem(
                reading.file, pos.line, pos.column, "from",
                f"{' and '.join(sorted(pair))}: this period from {later.start} overlaps the relation at line "
                f"{earlier.line} (from {earlier.start}, {end}); a pair has one relation on any date"))
            if earlier.until is not None and (later.until is None or later.until > earlier.until):
                earlier = later
    return problems


def _country_problem(reading: Reading, key: str, place, countries) -> list[Problem]:
    import shapely

    point = shapely.Point(place.lon, place.lat)
    if shapely.distance(countries[place.country], point) <= COUNTRY_TOLERANCE_DEG:
        return []
    inside = [code for code, shape in countries.items() if shapely.contains(shape, point)]
    found = f"it lies in {inside[0]}" if inside else "it lies outside both countries"
    pos = reading.at("places", key, "lat")
    return [Problem(reading.file, pos.line, pos.column, "country",
                    f"{place.name} ({place.lat}, {place.lon}) is not in {place.country}: {found}")]


def _same_day_conflicts(reading: Reading) -> list[Problem]:
    by_day: dict[tuple[str, dt.date], list[Event]] = defaultdict(list)
    for event in reading.events:
        if event.kind is not Kind.INCIDENT:
            by_day[(event.place, event.date)].append(event)
    problems = []
    for (place, day), events in by_day.items():
        if len(events) < 2:
            continue
        first = events[0]
        orders = [e.order for e in events]
        ordered = len(set(orders)) == len(orders) and all(orders)
        for other in events[1:]:
            if ordered or (other.controller, other.status) == (first.controller, first.status):
                continue
            pos = reading.at("events", other.line, "controller")
            problems.append(Problem(
                reading.file, pos.line, pos.column, "controller",
                f"{place} on {day}: {other.controller} ({other.status.value}) disagrees with the event at line "
                f"{first.line} ({first.controller}, {first.status.value}); fix one, or add 'order: 1', 'order: 2' "
                "to say which came first"))
    return problems


def _unknown(what: str, value: str, known) -> str:
    import difflib

    hint = difflib.get_close_matches(value, list(known), n=1)
    return f"unknown {what} '{value}'" + (f" (did you mean '{hint[0]}'?)" if hint else "")
