"""Cross-record checks: references resolve, dates are possible, places sit where they claim to be, no place
has two disagreeing events on one day, and no change rests on partisan sources alone unless it is a loss
their own side admits."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping as TMapping

from frontline.model import Event, Kind
from frontline.problems import Problem
from frontline.schema import Reading, quote

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
    suggested: dict[tuple[str, str], str] = {}

    def unknown(what: str, value: str, known) -> str:
        return _unknown(what, value, known, suggested)

    def cited(where: tuple[str, int], sources: tuple[str, ...]) -> None:
        for source in sources:
            if not reading.knows("sources", source):
                add(*where, "sources", unknown("source", source, reading.sources))

    if not reading.actors and not any(section == "actors" for section, _ in reading.broken) \
            and not any(p.field == "actors" for p in reading.problems):
        problems.append(Problem(reading.file, 1, 1, "actors", "no actors are defined"))
    if not reading.places and not any(section == "places" for section, _ in reading.broken) \
            and not any(p.field == "places" for p in reading.problems):
        problems.append(Problem(reading.file, 1, 1, "places", "no places are defined: the map needs at least one"))
    for key, base in reading.baselines.items():
        if not reading.knows("actors", base.controller):
            add("baseline", key, "controller",
                unknown("actor", base.controller, actors))

    def place_checks(key: str, lat, lon, country, baseline, name) -> None:
        if lat is not None and not REGION["lat"][0] <= lat <= REGION["lat"][1]:
            lo, hi = REGION["lat"]
            add("places", key, "lat", f"{lat} is outside the Syria–Iraq region (latitude {lo}…{hi})")
        if lon is not None and not REGION["lon"][0] <= lon <= REGION["lon"][1]:
            lo, hi = REGION["lon"]
            add("places", key, "lon", f"{lon} is outside the Syria–Iraq region (longitude {lo}…{hi})")
        if baseline is not None and not reading.knows("actors", baseline):
            add("places", key, "baseline", unknown("actor", baseline, actors))
        if country is not None and country not in reading.baselines and ("baseline", country) not in reading.broken \
                and reading.baselines:
            add("places", key, "country", f"no baseline is given for {country}")
        if countries is not None and country in countries and lat is not None and lon is not None:
            problems.extend(_country_problem(reading, key, name, lat, lon, country, countries))

    def event_checks(line: int, place, controller, against, sources, date, alongside=()) -> None:
        where = ("events", line)
        if place is not None and not reading.knows("places", place):
            add(*where, "place", unknown("place", place, reading.places))
        if controller is not None and not reading.knows("actors", controller):
            add(*where, "controller", unknown("actor", controller, actors))
        if against is not None and not reading.knows("actors", against):
            add(*where, "against", unknown("actor", against, actors))
        elif against is not None and against == controller:
            add(*where, "against", f"{against} holds the place: 'against' names the other side")
        for partner in alongside:
            if not reading.knows("actors", partner):
                add(*where, "alongside", unknown("actor", partner, actors))
            elif partner == controller:
                add(*where, "alongside", f"{partner} holds the place: 'alongside' names the others deployed with it")
        cited(where, sources)
        if date is None:
            return
        if date > today:
            add(*where, "date", f"{date} is in the future")
        known = reading.places.get(place)
        base = reading.baselines.get(known.country) if known else None
        if base and date < base.date:
            add(*where, "date", f"{date} is before the {known.country} baseline date {base.date}")

    def relation_checks(line: int, pair, sources, start, until) -> None:
        where = ("relations", line)
        for actor in pair:
            if not reading.knows("actors", actor):
                add(*where, "actors", unknown("actor", actor, actors))
        cited(where, sources)
        for name, day in (("from", start), ("until", until)):
            if day is not None and day > today:
                add(*where, name, f"{day} is in the future")

    def moment_checks(line: int, sources, date, place) -> None:
        where = ("moments", line)
        cited(where, sources)
        if place is not None and not reading.knows("places", place):
            add(*where, "place", unknown("place", place, reading.places))
        if date is not None and date > today:
            add(*where, "date", f"{date} is in the future")

    for key, place in reading.places.items():
        place_checks(key, place.lat, place.lon, place.country, place.baseline, place.name)
    for event in reading.events:
        event_checks(event.line, event.place, event.controller, event.against, event.sources, event.date,
                     event.alongside)
    for relation in reading.relations:
        relation_checks(relation.line, relation.actors, relation.sources, relation.start, relation.until)
    for moment in reading.moments:
        moment_checks(moment.line, moment.sources, moment.date, moment.place)
    # Records with field problems: what did read is checked too, so that one run lists every problem.
    for section, key, v in reading.partial:
        if section == "moments":
            moment_checks(key, v.get("sources", ()), v.get("date"), v.get("place"))
        if section == "places":
            place_checks(key, v.get("lat"), v.get("lon"), v.get("country"), v.get("baseline"), v.get("name", key))
        elif section == "events":
            event_checks(key, v.get("place"), v.get("controller"), v.get("against"), v.get("sources", ()),
                         v.get("date"), v.get("alongside", ()))
        elif section == "relations":
            relation_checks(key, v.get("actors", ()), v.get("sources", ()), v.get("from"), v.get("until"))
    problems.extend(_same_day_conflicts(reading))
    problems.extend(_overlapping_relations(reading))
    problems.extend(_partisan_only(reading))
    return problems


def _partisan_only(reading: Reading) -> list[Problem]:
    """The sourcing rule (data/README.md): an event whose sources are all partisan must be a change against
    the side of at least one of them (a loss that side admits). A source's side is every actor whose
    `leanings` name its leaning; a neutral source supports any change."""
    partisan = {key for key, source in reading.sources.items() if source.partisan}
    suspects = {e.place for e in reading.events
                if e.kind is not Kind.INCIDENT and e.sources and all(s in partisan for s in e.sources)}
    if not suspects:  # the common case, and a big file's: nothing to follow place by place
        return []
    sides: dict[str, set[str]] = defaultdict(set)
    for actor in reading.actors.values():
        for leaning in actor.leanings:
            sides[leaning].add(actor.id)
    holder: dict[str, str | None] = {}
    for key in suspects & reading.places.keys():
        place = reading.places[key]
        base = reading.baselines.get(place.country)
        holder[key] = place.baseline or (base.controller if base else None)
    problems = []
    for event in sorted((e for e in reading.events if e.place in holder), key=lambda e: (e.date, e.order)):
        if event.kind is Kind.INCIDENT:
            continue
        before, after = holder[event.place], event.controller
        holder[event.place] = after
        sources = [reading.sources[s] for s in event.sources if s in reading.sources]
        if not sources or any(not s.partisan for s in sources):
            continue
        if any(before in sides[s.leaning] and after not in sides[s.leaning] for s in sources):
            continue
        pos = reading.at("events", event.line, "sources")
        cited = ", ".join(f"{s.id} ({s.leaning})" for s in sources)
        change = f"from {before} to {after}" if before != after else f"with {after}, as before"
        problems.append(Problem(
            reading.file, pos.line, pos.column, "sources",
            f"only partisan sources ({cited}) support {event.place} on {event.date} {change}: a partisan source "
            f"alone may only support a change against its own side; cite a neutral report"
            + (f", or one from {before}'s side" if before and before != after else "")))
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


def _country_problem(reading: Reading, key: str, name: str, lat: float, lon: float, country: str,
                     countries) -> list[Problem]:
    import shapely

    point = shapely.Point(lon, lat)
    if shapely.distance(countries[country], point) <= COUNTRY_TOLERANCE_DEG:
        return []
    inside = [code for code, shape in countries.items() if shapely.contains(shape, point)]
    found = f"it lies in {inside[0]}" if inside else "it lies outside both countries"
    pos = reading.at("places", key, "lat")
    return [Problem(reading.file, pos.line, pos.column, "country",
                    f"{name} ({lat}, {lon}) is not in {country}: {found}")]


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


MAX_SUGGESTIONS = 50  # distinct unknown ids given a "did you mean": beyond, a file is wrong wholesale


def _unknown(what: str, value: str, known, suggested: dict[tuple[str, str], str] | None = None) -> str:
    """"unknown actor 'x'", with the closest known id when one is near. Bounded: with `suggested` (one dict per
    run), suggestions are remembered per value and given for the first MAX_SUGGESTIONS distinct unknown values
    only; only ids of a similar length are compared. Refusing a file with thousands of unknown references
    stays fast."""
    return f"unknown {what} '{quote(value)}'" + _suggestion(what, value, known, {} if suggested is None else suggested)


def _suggestion(what: str, value: str, known, suggested: dict[tuple[str, str], str]) -> str:
    if (what, value) in suggested:
        return suggested[(what, value)]
    if len(suggested) >= MAX_SUGGESTIONS:
        return ""
    import difflib

    near = [k for k in known if abs(len(k) - len(value)) <= 3]
    hint = difflib.get_close_matches(value[:100], near, n=1)
    suggested[(what, value)] = f" (did you mean '{hint[0]}'?)" if hint else ""
    return suggested[(what, value)]
