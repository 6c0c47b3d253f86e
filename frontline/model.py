"""The data model: immutable records of actors, places, sources and dated control events.

Records carry the line they were read from so that every later check can point a curator
back to the exact spot in the YAML file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


class Status(StrEnum):
    HELD = "held"
    CONTESTED = "contested"
    BESIEGED = "besieged"


class Kind(StrEnum):
    CAPTURE = "capture"
    WITHDRAWAL = "withdrawal"
    DEAL = "deal"
    SIEGE = "siege"
    SIEGE_LIFTED = "siege_lifted"
    STATEMENT = "statement"
    INCIDENT = "incident"


class RelationKind(StrEnum):
    QUIET = "quiet"  # a line of control without fighting: no front line is drawn
    WAR = "war"  # the default between any two actors; written out to document a period


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    APPROX = "approx"
    WINDOW = "window"  # between date_earliest and date_latest; the map changes on date_latest


# Whose side a source speaks for. A partisan source alone may only support a change against its own side
# (an actor's `leanings` say which sources speak for it); `neutral` sources support any change.
NEUTRAL = "neutral"
LEANINGS = (NEUTRAL, "syrian_government", "iraqi_government", "opposition", "hts", "isis", "kurdish", "turkish",
            "russian", "iranian", "coalition", "israeli")


class PlaceKind(StrEnum):
    CITY = "city"
    TOWN = "town"
    VILLAGE = "village"
    CAMP = "camp"
    NEIGHBOURHOOD = "neighbourhood"
    CROSSING = "crossing"
    BASE = "base"
    AIRPORT = "airport"
    FIELD = "field"
    DAM = "dam"
    MOUNTAIN = "mountain"


COUNTRIES: Mapping[str, str] = MappingProxyType({"SY": "Syria", "IQ": "Iraq"})


@dataclass(frozen=True, slots=True)
class Position:
    """Where a record or field was read: 1-based line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    color: str
    note: str = ""
    leanings: tuple[str, ...] = ()  # the source leanings that speak for this actor (see LEANINGS)


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    lat: float
    lon: float
    country: str
    kind: PlaceKind
    aliases: tuple[str, ...] = ()
    governorate: str = ""
    population: int | None = None
    coords: str = ""
    coord_note: str = ""
    baseline: str | None = None
    note: str = ""
    line: int = 0
    label: int | None = None  # 1, 2 or 3: from which zoom the map names it (see `label_rank`)

    @property
    def label_rank(self) -> int:
        """From which zoom the maps name this place: 1 at the default zoom and above, 2 from one level in,
        3 from two levels in, 0 never. Without a `label`, cities and towns get 3, other kinds 0."""
        if self.label is not None:
            return self.label
        return 3 if self.kind in (PlaceKind.CITY, PlaceKind.TOWN) else 0


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    publisher: str
    date: dt.date
    title: str = ""
    description: str = ""
    url: str = ""
    file: str = ""
    precision: Precision = Precision.DAY
    line: int = 0
    leaning: str = NEUTRAL
    note: str = ""

    @property
    def partisan(self) -> bool:
        return self.leaning != NEUTRAL

    @property
    def label(self) -> str:
        """A one-line citation: publisher, title (or description), date."""
        what = f"“{self.title}”" if self.title else self.description
        return f"{self.publisher}, {what}, {self.date.isoformat()}"

    @property
    def locator(self) -> str:
        """Where to find it: its URL, or the seed article's file name."""
        return self.url or (f"file {self.file}" if self.file else "")

    @property
    def citation(self) -> str:
        """Publisher, title (or description), date, and where to find it."""
        return f"{self.label}, {self.locator}" if self.locator else self.label


@dataclass(frozen=True, slots=True)
class Baseline:
    country: str
    date: dt.date
    controller: str


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    place: str
    kind: Kind
    sources: tuple[str, ...]
    controller: str | None = None
    status: Status = Status.HELD
    precision: Precision = Precision.DAY
    note: str = ""
    claimant: str = ""
    claim: str = ""
    order: int = 0
    line: int = 0
    against: str | None = None  # a contested place's other side, when the sources name it
    earliest: dt.date | None = None  # with precision WINDOW: the first day it may have happened (`date` the last)
    alongside: tuple[str, ...] = ()  # a joint arrangement: other actors deployed in the place with the holder

    @property
    def changes_control(self) -> bool:
        """Incidents are reported in the feed but leave control as it was."""
        return self.kind is not Kind.INCIDENT


@dataclass(frozen=True, slots=True)
class Moment:
    """A moment that mattered, for readers to jump to: a date, a title, a one-line caption, its sources; and
    optionally the place to centre on."""

    date: dt.date
    title: str
    caption: str
    sources: tuple[str, ...]
    place: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Relation:
    """How two actors stood towards each other from `start` to `until` (inclusive; None: open-ended)."""

    actors: tuple[str, str]
    kind: RelationKind
    start: dt.date
    until: dt.date | None
    sources: tuple[str, ...]
    note: str = ""
    line: int = 0

    def covers(self, date: dt.date) -> bool:
        return self.start <= date and (self.until is None or date <= self.until)


@dataclass(frozen=True, slots=True)
class Dataset:
    """A validated, immutable dataset; build one with `frontline.io.events.read_events`."""

    actors: Mapping[str, Actor]
    places: Mapping[str, Place]
    sources: Mapping[str, Source]
    baselines: Mapping[str, Baseline]
    events: tuple[Event, ...]
    start: dt.date
    end: dt.date
    path: str = ""
    fingerprint: str = field(default="", compare=False)
    relations: tuple[Relation, ...] = ()  # by (first actor, second actor, start); see `quiet_pairs`
    moments: tuple[Moment, ...] = ()  # by date
    version: str = ""  # the dataset's release (`dataset:` section), for citations
    released: dt.date | None = None

    def quiet_pairs(self, date: dt.date) -> frozenset[frozenset[str]]:
        """The actor pairs whose shared borders are quiet (no front line) on a date: those a `quiet` relation
        covers. Every other pair of different actors faces a front."""
        return frozenset(frozenset(r.actors) for r in self.relations
                         if r.kind is RelationKind.QUIET and r.covers(date))

    def baseline_of(self, place: Place) -> tuple[str, dt.date]:
        """Who held a place before its first event, and since when."""
        base = self.baselines[place.country]
        return (place.baseline or base.controller, base.date)
