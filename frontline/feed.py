"""The event feed's order and filters: what a reader sees first among a date's events. Pure."""

from __future__ import annotations

from frontline.model import Dataset, Event, Kind, PlaceKind

# Control changes before sieges, statements and incidents; cities before towns before the rest.
KIND_ORDER = {Kind.CAPTURE: 0, Kind.WITHDRAWAL: 0, Kind.DEAL: 0, Kind.SIEGE: 1, Kind.SIEGE_LIFTED: 1,
              Kind.STATEMENT: 2, Kind.INCIDENT: 3}
PLACE_ORDER = {PlaceKind.CITY: 0, PlaceKind.TOWN: 1}


def significance(dataset: Dataset, event: Event) -> tuple:
    """A sort key: the most significant event first (a city captured before a village's statement)."""
    place = dataset.places[event.place]
    return (KIND_ORDER.get(event.kind, 4), place.label_rank or 9, PLACE_ORDER.get(place.kind, 2),
            -(place.population or 0), event.order, event.line)


def ordered(dataset: Dataset, events: list[Event]) -> list[Event]:
    return sorted(events, key=lambda e: significance(dataset, e))


def matches(dataset: Dataset, event: Event, actors: frozenset[str], kinds: frozenset[str],
            countries: frozenset[str]) -> bool:
    """Does an event pass the feed's filters (an empty filter lets everything through)? An event concerns an
    actor when it is the controller after it or the place's holder's adversary named by `against`."""
    if actors and not ({event.controller, event.against} & actors):
        return False
    if kinds and event.kind.value not in kinds:
        return False
    return not countries or dataset.places[event.place].country in countries


def grouped(dataset: Dataset, events: list[Event]) -> list[tuple[str, list[Event]]]:
    """Events grouped by the actor they favour (the controller after them; incidents apart), groups in the
    order of their most significant event."""
    groups: dict[str, list[Event]] = {}
    for event in ordered(dataset, events):
        key = dataset.actors[event.controller].name if event.controller else "Incidents and reports"
        groups.setdefault(key, []).append(event)
    return list(groups.items())


def alongside_words(dataset: Dataset, event: Event) -> str:
    """A joint arrangement in words ('with Syrian government and allies deployed alongside'), or ''."""
    if not event.alongside:
        return ""
    names = [dataset.actors[a].name for a in event.alongside if a in dataset.actors]
    return f"with {' and '.join(names)} deployed alongside" if names else ""
