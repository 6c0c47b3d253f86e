"""Field-level reading of the YAML tree into model records.

Every problem is collected, never raised, so that one run lists all that is wrong with a file:
wrong types, unknown fields (with a "did you mean"), missing fields, impossible dates.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from frontline.dates import parse_date
from frontline.io.yamldoc import BadDate, Mapping, Pos
from frontline.model import (
    COUNTRIES,
    LEANINGS,
    NEUTRAL,
    Actor,
    Baseline,
    Event,
    Kind,
    Moment,
    Place,
    PlaceKind,
    Precision,
    Relation,
    RelationKind,
    Source,
    Status,
)
from frontline.problems import Problem

ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
LABEL_RANKS = (1, 2, 3)
COORDS = ("geonames", "approx")
# Every date in a file: wide enough for any source or event of these wars, narrow enough for every date
# type and widget the app and the exports use.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class Invalid(ValueError):
    """A value that cannot be used; its message is shown to the curator as is."""


def text(value: Any) -> str:
    if type(value) is str:  # the common case, first: a loader of 200,000 events calls this a million times
        return value.strip()
    if isinstance(value, bool) or value is None or isinstance(value, (Mapping, list)):
        raise Invalid(f"should be text, got {describe(value)}")
    return str(value).strip()


def nonempty(value: Any) -> str:
    result = text(value)
    if not visible(result):
        raise Invalid("should not be empty" if not result else
                      "has no visible character (only spaces, zero-width or control characters)")
    return result


def visible(value: str) -> bool:
    """Does the text show anything: a character that is not a space, a separator, a control or a format
    character (e.g. a zero-width space)?"""
    return any(unicodedata.category(ch)[0] not in "CZ" for ch in value)


def identifier(value: Any) -> str:
    result = text(value)
    if not ID.match(result):
        raise Invalid(f"'{quote(result)}' is not an id: use lowercase letters, digits, '_' and '-'")
    return result


def number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"should be a number, got {describe(value)}")
    try:
        result = float(value)
    except OverflowError:
        result = math.inf
    if not math.isfinite(result):
        raise Invalid(f"should be a finite number, got {describe(value)}")
    return result


def count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise Invalid(f"should be a whole number ≥ 0, got {describe(value)}")
    return value


def ordinal(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise Invalid(f"should be 1, 2, 3 …, got {describe(value)}")
    return value


def label_rank(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in LABEL_RANKS:
        raise Invalid(f"should be 1 (named at the default zoom), 2 (from one level in) or 3 (from two levels "
                      f"in), got {describe(value)}")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, BadDate):
        raise Invalid(f"{value} is not a real calendar date")
    result = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        result = value
    elif isinstance(value, str):
        try:
            result = parse_date(value)  # strict: no ISO week dates (2016-W49-7) nor basic format (20150101)
        except ValueError:
            pass
    if result is None:
        raise Invalid(f"should be a date written YYYY-MM-DD, got {describe(value)}")
    if not EARLIEST <= result <= LATEST:
        raise Invalid(f"{result} is outside {EARLIEST.year}–{LATEST.year}: not a date of this record")
    return result


def color(value: Any) -> str:
    result = text(value)
    if not COLOR.match(result):
        raise Invalid(f"'{quote(result)}' is not a colour: write it as #rrggbb")
    return result


def choice(enum: type) -> Callable[[Any], Any]:
    allowed = [m.value for m in enum]

    def convert(value: Any) -> Any:
        result = text(value)
        if result not in allowed:
            raise Invalid(f"'{quote(result)}' is not one of: {', '.join(allowed)}")
        return enum(result)

    convert.allowed = allowed  # type: ignore[attr-defined]  # for the JSON Schema (format_schema.py)
    return convert


def one_of(allowed: tuple[str, ...]) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        result = text(value)
        if result not in allowed:
            raise Invalid(f"'{quote(result)}' is not one of: {', '.join(allowed)}")
        return result

    convert.allowed = allowed  # type: ignore[attr-defined]
    return convert


def country(value: Any) -> str:
    result = text(value)
    if result not in COUNTRIES:
        raise Invalid(f"'{quote(result)}' is not one of: {', '.join(COUNTRIES)}")
    return result


def text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),)
    if not isinstance(value, list):
        raise Invalid(f"should be a list, got {describe(value)}")
    return tuple(text(item) for item in value)


def id_list(value: Any) -> tuple[str, ...]:
    items = text_list(value)
    if not items:
        raise Invalid("should list at least one id")
    for item in items:
        identifier(item)
    return items


def actor_pair(value: Any) -> tuple[str, str]:
    items = text_list(value)
    if len(items) != 2:
        raise Invalid(f"should name exactly two actors, got {len(items)}")
    for item in items:
        identifier(item)
    if items[0] == items[1]:
        raise Invalid(f"pairs '{items[0]}' with itself: a relation is between two different actors")
    return items[0], items[1]


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{quote(value)}'"


def _written(key: Any) -> str:
    """A key as the curator wrote it: a number apart from text ('1' and 1 are the same id)."""
    return f"{quote(key)} (a number)" if isinstance(key, (int, float)) and not isinstance(key, bool) else f"'{quote(key)}'"


def quote(value: Any, limit: int = 40) -> str:
    """A value as it may appear in a message: one line, at most `limit` characters, control characters shown
    as escapes."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        return f"a {len(str(abs(value)))}-digit number" if value.bit_length() < 14000 else "a huge number"
    text = "".join(ch if ch.isprintable() else ch.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Spec:
    """The fields a record may have: name -> (converter, required)."""

    what: str
    fields: dict[str, tuple[Callable[[Any], Any], bool]]

    @cached_property
    def required(self) -> tuple[str, ...]:
        return tuple(name for name, (_, needed) in self.fields.items() if needed)


leaning = one_of(LEANINGS)


def leaning_list(value: Any) -> tuple[str, ...]:
    items = text_list(value)
    for item in items:
        if item not in LEANINGS or item == NEUTRAL:
            raise Invalid(f"'{quote(item)}' is not a partisan leaning: use {', '.join(LEANINGS[1:])}")
    return items


ACTOR = Spec("actor", {"name": (nonempty, True), "color": (color, True), "note": (text, False),
                       "leanings": (leaning_list, False)})
PLACE = Spec("place", {
    "name": (nonempty, True), "lat": (number, True), "lon": (number, True), "country": (country, True),
    "kind": (choice(PlaceKind), True), "aliases": (text_list, False), "governorate": (text, False),
    "population": (count, False), "coords": (one_of(COORDS), False), "coord_note": (text, False),
    "baseline": (identifier, False), "note": (text, False), "label": (label_rank, False),
})
SOURCE = Spec("source", {
    "publisher": (nonempty, True), "date": (date, True), "title": (text, False), "description": (text, False),
    "url": (text, False), "file": (text, False), "precision": (choice(Precision), False), "note": (text, False),
    "leaning": (leaning, True),
})
BASELINE = Spec("baseline", {"date": (date, True), "controller": (identifier, True)})
EVENT = Spec("event", {
    "date": (date, False), "date_earliest": (date, False), "date_latest": (date, False),
    "place": (identifier, True), "kind": (choice(Kind), True), "sources": (id_list, True),
    "controller": (identifier, False), "status": (choice(Status), False), "precision": (choice(Precision), False),
    "note": (text, False), "claimant": (text, False), "claim": (text, False), "order": (ordinal, False),
    "against": (identifier, False), "alongside": (id_list, False),
})
RELATION = Spec("relation", {
    "actors": (actor_pair, True), "kind": (choice(RelationKind), True), "from": (date, True),
    "until": (date, False), "sources": (id_list, True), "note": (text, False),
})
MOMENT = Spec("moment", {
    "date": (date, True), "title": (nonempty, True), "caption": (nonempty, True), "sources": (id_list, True),
    "place": (identifier, False),
})
DATASET = Spec("dataset", {"version": (nonempty, True), "released": (date, True), "title": (text, False),
                          "licence": (text, False)})
TOP = ("actors", "places", "sources", "baseline", "events")
OPTIONAL = ("relations", "moments", "dataset")


@dataclass
class Reading:
    """Records read so far, with the positions of their fields for later cross-record checks."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    baselines: dict[str, Baseline] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)
    release: dict[str, Any] = field(default_factory=dict)  # the `dataset:` section: version, released …
    where: dict[tuple[str, Any], Mapping] = field(default_factory=dict)
    broken: set[tuple[str, str]] = field(default_factory=set)  # ids whose records had problems
    # Records with field problems: (section, key or line, the fields that did read), so that the cross-record
    # checks still report their unknown references, future dates and positions — every problem at once.
    partial: list[tuple[str, Any, dict[str, Any]]] = field(default_factory=list)

    def knows(self, section: str, key: str) -> bool:
        """Is the id defined, even by a record with problems (so references to it add no noise)?"""
        return key in getattr(self, section) or (section, key) in self.broken

    def add(self, pos: Pos, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, pos[0], pos[1], name, message))

    def at(self, section: str, key: Any, name: str) -> Pos:
        """Where a field of a record was written (the record's start if the field is absent)."""
        record = self.where.get((section, key))
        return record.where(name) if record is not None else Pos((1, 1))


def read_fields(reading: Reading, record: Any, spec: Spec, pos: Pos) -> dict[str, Any] | None:
    values, ok = _read_fields(reading, record, spec, pos)
    return values if ok else None


def _read_fields(reading: Reading, record: Any, spec: Spec, pos: Pos) -> tuple[dict[str, Any], bool]:
    """The fields that read, and whether the record had no problem."""
    if not isinstance(record, Mapping):
        reading.add(pos, spec.what, f"each {spec.what} should be a mapping of fields, got {describe(record)}")
        return {}, False
    values: dict[str, Any] = {}
    ok = True
    for key in record:
        if key not in spec.fields:
            hint = difflib.get_close_matches(str(key)[:100], spec.fields, n=1)
            tip = f" (did you mean '{hint[0]}'?)" if hint else f"; allowed: {', '.join(spec.fields)}"
            reading.add(record.where_key(key), quote(key), f"unknown field in {spec.what}{tip}")
            ok = False
    for name in spec.required:
        if record.get(name) is None:
            reading.add(record.pos, name, f"missing: every {spec.what} needs '{name}'")
            ok = False
    fields = spec.fields
    for name, value in record.items():
        if value is None or name not in fields:
            continue
        try:
            values[name] = fields[name][0](value)
        except Invalid as exc:
            reading.add(record.where(name), name, str(exc))
            ok = False
    return values, ok



def _section(reading: Reading, root: Mapping, name: str, kind: type) -> Any:
    value = root.get(name)
    if value is None:
        return None
    if not isinstance(value, kind):
        shape = "a mapping of id: fields" if kind is Mapping else "a list"
        reading.add(root.where(name), name, f"should be {shape}, got {describe(value)}")
        return None
    return value


def _keyed(reading: Reading, root: Mapping, section: str, spec: Spec,
           key_type: Callable[[Any], str] = identifier) -> list[tuple[str, dict[str, Any], Pos]]:
    records = _section(reading, root, section, Mapping) or {}
    out = []
    seen: dict[str, tuple[Any, Pos]] = {}  # id -> the key as written, and where
    for written, record in records.items():
        pos = records.where_key(written)
        try:
            key = key_type(written)
        except Invalid as exc:
            reading.add(pos, section, f"{spec.what} id {exc}")
            continue
        if key in seen:  # 'palmyra ' and 'palmyra', or 1 and '1': one id written twice
            first, first_pos = seen[key]
            reading.add(pos, quote(key), f"{spec.what} id '{quote(key)}' is already defined at line {first_pos.line} "
                        f"(written {_written(first)} there and {_written(written)} here): ids must be unique")
            continue
        seen[key] = (written, pos)
        if isinstance(record, Mapping):
            reading.where[(section, key)] = record
        values, ok = _read_fields(reading, record, spec, pos)
        if ok:
            out.append((key, values, pos))
        else:
            reading.broken.add((section, key))
            reading.partial.append((section, key, values))
    return out


def read_tree(root: Any, file: str) -> Reading:
    """Turn the parsed YAML tree into records, collecting every field-level problem."""
    reading = Reading(file)
    if not isinstance(root, Mapping):
        reading.add(Pos((1, 1)), "file", f"should be a mapping with the sections {', '.join(TOP)}, got {describe(root)}")
        return reading
    for key in root:
        if key not in TOP + OPTIONAL:
            hint = difflib.get_close_matches(str(key), TOP + OPTIONAL, n=1)
            reading.add(root.where_key(key), str(key), "unknown section" + (f" (did you mean '{hint[0]}'?)" if hint else ""))
    for section in TOP:
        if section not in root:
            reading.add(root.pos, section, f"missing section '{section}'")

    for key, v, _ in _keyed(reading, root, "actors", ACTOR):
        reading.actors[key] = Actor(key, v["name"], v["color"], v.get("note", ""), v.get("leanings", ()))
    for key, v, pos in _keyed(reading, root, "places", PLACE):
        reading.places[key] = Place(
            key, v["name"], v["lat"], v["lon"], v["country"], v["kind"], v.get("aliases", ()),
            v.get("governorate", ""), v.get("population"), v.get("coords", ""), v.get("coord_note", ""),
            v.get("baseline"), v.get("note", ""), pos.line, v.get("label"))
    for key, v, pos in _keyed(reading, root, "sources", SOURCE):
        if not v.get("title") and not v.get("description"):
            reading.add(pos, "title", "a source needs a title or a description")
            reading.broken.add(("sources", key))
            continue
        reading.sources[key] = Source(
            key, v["publisher"], v["date"], v.get("title", ""), v.get("description", ""), v.get("url", ""),
            v.get("file", ""), v.get("precision", Precision.DAY), pos.line, v["leaning"], v.get("note", ""))
    for key, v, _ in _keyed(reading, root, "baseline", BASELINE, country):
        reading.baselines[key] = Baseline(key, v["date"], v["controller"])
    if "baseline" in root and not reading.baselines and isinstance(root["baseline"], Mapping) \
            and not any(section == "baseline" for section, _ in reading.broken):
        reading.add(root.where("baseline"), "baseline", "give at least one country's baseline (SY or IQ)")

    for record, pos, v in _list_records(reading, root, "events", EVENT):
        if v is None:
            continue
        kind = v["kind"]
        if kind is not Kind.INCIDENT and "controller" not in v:
            reading.add(record.pos, "controller", f"missing: a {kind.value} event needs the controller after it")
            reading.partial.append(("events", pos.line, v))
            continue
        if kind is Kind.INCIDENT and "controller" in v:
            reading.add(record.where("controller"), "controller",
                        "an incident changes no control: drop 'controller' or use another kind")
            reading.partial.append(("events", pos.line, v))
            continue
        if "against" in v and v.get("status") is not Status.CONTESTED:
            reading.add(record.where("against"), "against",
                        "'against' names the other side of a contested place: add 'status: contested' or drop it")
            reading.partial.append(("events", pos.line, v))
            continue
        window = _window(reading, record, v)
        if window is False:
            reading.partial.append(("events", pos.line, v))
            continue
        if window is not None:
            v["date"], v["precision"] = window[1], Precision.WINDOW
        if v.get("precision") is Precision.MONTH and v["date"].day != 1:
            reading.add(record.where("date"), "date",
                        f"{v['date']} has 'precision: month': date it the 1st ({v['date'].replace(day=1)})")
            reading.partial.append(("events", pos.line, v))
            continue
        reading.events.append(Event(
            v["date"], v["place"], kind, v["sources"], v.get("controller"), v.get("status", Status.HELD),
            v.get("precision", Precision.DAY), v.get("note", ""), v.get("claimant", ""), v.get("claim", ""),
            v.get("order", 0), pos.line, v.get("against"), window[0] if window else None, v.get("alongside", ())))
    _relations(reading, root)
    about = _section(reading, root, "dataset", Mapping)
    if about is not None:
        values = read_fields(reading, about, DATASET, root.where("dataset"))
        if values is not None:
            reading.release = values
    for _, pos, v in _list_records(reading, root, "moments", MOMENT):
        if v is not None:
            reading.moments.append(Moment(v["date"], v["title"], v["caption"], v["sources"], v.get("place"),
                                          pos.line))
    return reading


def _window(reading: Reading, record: Mapping, v: dict) -> tuple[dt.date, dt.date] | None | bool:
    """An event's honest date window (date_earliest, date_latest), None for a dated event, False (and a
    problem) when the dates do not make a day or a window."""
    earliest, latest = v.get("date_earliest"), v.get("date_latest")
    if earliest is None and latest is None:
        if "date" not in v:
            reading.add(record.pos, "date", "missing: give 'date', or 'date_earliest' and 'date_latest' for a window")
            return False
        return None
    if earliest is None or latest is None:
        name = "date_latest" if latest is None else "date_earliest"
        reading.add(record.where("date_earliest" if earliest is not None else "date_latest"), name,
                    f"missing: a window needs both 'date_earliest' and 'date_latest' ({name} is not given)")
        return False
    bad = False
    if not earliest < latest:
        reading.add(record.where("date_latest"), "date_latest",
                    f"{latest} is not after date_earliest {earliest}: a window runs from the earlier day to the later")
        bad = True
    for extra in ("date", "precision"):
        if extra in v:
            reading.add(record.where(extra), extra, f"a window (date_earliest … date_latest) takes no '{extra}': "
                        "the map changes on date_latest and the page says \"between\"")
            bad = True
    if bad:
        return False
    return earliest, latest


def _list_records(reading: Reading, root: Mapping, name: str, fields):
    """Each record of a list section with its position and its read fields (None when they have problems)."""
    records = _section(reading, root, name, list) or []
    positions = getattr(records, "item_pos", None)
    for index, record in enumerate(records):
        pos = positions[index] if positions else Pos((1, 1))
        if isinstance(record, Mapping):
            reading.where[(name, pos.line)] = record
        values, ok = _read_fields(reading, record, fields, pos)
        if not ok:
            reading.partial.append((name, pos.line, values))
        yield record, pos, values if ok else None


def _backwards(record: Mapping) -> bool:
    """Does a relation end before it begins (False when either date is missing or unreadable)?"""
    try:
        return record.get("until") is not None and date(record["until"]) < date(record.get("from"))
    except Invalid:
        return False


def _relations(reading: Reading, root: Mapping) -> None:
    """The optional `relations` list: which actor pairs were at peace (`quiet`) or at war, and when."""
    for record, pos, v in _list_records(reading, root, "relations", RELATION):
        if isinstance(record, Mapping) and _backwards(record):  # reported even beside other problems
            reading.add(record.where("until"), "until", f"{record['until']} is before 'from' ({record['from']})")
            continue
        if v is None:
            continue
        reading.relations.append(Relation(v["actors"], v["kind"], v["from"], v.get("until"), v["sources"],
                                          v.get("note", ""), pos.line))
