"""The whole record packed once for the browser's time engine, and a reference replay of it.

The browser cannot afford a Python round trip per frame, so everything time needs is shipped once: the
cells' display geometry, the adjacency edges, the places, the actors, each place's starting code and only
the *net* changes of control. The engine (frontline/render/js/frontline-engine.js) replays them for any day;
`state_on` is the same replay in numpy, the reference the engine is tested against.

Format ``frontline-pack`` version 3 — a JSON object:

``format``, ``version``
    ``"frontline-pack"``, ``3``.
``start``, ``end``, ``days``
    ISO dates of day 0 and of the last day; ``days`` = end - start + 1. A day is an integer offset from start.
``scale``
    integer units per degree of the coordinates (10,000: 1e-4°, about 11 m).
``actors``
    list of ``{"id", "name", "color"}``; an actor's index is its position (at most 32 actors).
``statuses``
    ``["held", "contested", "besieged"]``. A *code* is one byte: ``actor | status << 5``.
``places``
    ``ids``, ``names``, ``kinds``, ``countries``, ``aliases`` (lists; one alias per place at most, for the
    popup; it travels with the citations, see below) and typed arrays ``lon``, ``lat``
    (int32, in ``scale`` units), ``start`` (uint8: the code of every place before any change) and ``label``
    (uint8: from which zoom the place is named — 1 from the default zoom, 2 from one level in, 3 from two
    levels in, 0 never; `Place.label_rank`).
``cells``
    one geometry per place (same index; a place whose cell vanished has no parts), as a *geometry block*.
    A cell's rings are drawn as one path filled with the even-odd rule, so holes need no flag.
``zones``
    one geometry per place (same index): the land of its country nearer to it than to any other place but
    beyond every place's reach, drawn lighter in the place's holder's colour as its zone of influence (derived;
    never counted in the areas). Most places have none.
``edges``
    the adjacent cells ``(i, j)``, i < j, sorted by i then j, as ``first`` (how many edges each cell is the
    ``i`` of: u1 or u2 per place) and ``other`` (j - i per edge: u2 or i4); and the shared borders as an
    *edge block* (below): nearly every border is a run of vertices of its first cell's ring, so it is shipped
    as a reference to that run rather than as coordinates again (`encode_edges`).
    An edge is a front line on a day when its two places have different actors and no quiet relation covers
    those two actors on that day; otherwise, between different actors, it is a quiet line of control.
``relations``
    the quiet periods between pairs of actors (`Dataset.relations` of kind ``quiet``; ``war`` is the default
    and is not shipped): a list of ``{"a", "b", "from", "until"}`` — ``a`` < ``b`` actor indices, ``from`` and
    ``until`` days (offsets from ``start``, ``until`` inclusive; open-ended = ``days - 1``), clipped to the
    record and dropped when outside it.
``changes``
    ``day`` (uint16 or int32), ``place`` (uint16 or int32), ``code`` (uint8), sorted by (day, place): for each
    place and day with control events, the code after the day's last event, kept only where it differs from
    the code before; ``against`` (u1) is 1 + the actor index of a contested place's other side when the event
    names it (0: none; the engine then derives it). ``notes`` describe the event that made each change.
``evidence``
    ``place``, ``day``: the other days each place has a sourced event (statements, incidents, same-holder
    reports), sorted by (place, day); with the changes' days, when a place was last confirmed.
``notes``
    what popups show of the event behind each change ``i``, built on click: ``kind[i]`` and ``precision[i]``
    (u1) index ``kinds`` and ``precisions``; ``note[i]`` indexes ``texts`` (distinct notes); the event's
    sources are ``source[source_start[i]:source_start[i + 1]]``, indices into ``sources`` (``label``, ``url`` —
    http(s) only, else ``""``). Its date is the change's day, or the last day of a window of ``window[i]`` days
    (u2, 0: a dated event). Plain text: the engine inserts it with ``textContent``, never as HTML. Only popups
    read the notes, so they travel apart from the pack with the places' ``aliases`` (`split_citations`),
    parsed on the first popup.

Typed arrays are strings ``"<dtype>:<base64>"`` with dtype one of ``u1 u2 i2 i4`` (little-endian) whose
bytes are stored as *byte planes*: every value's first byte, then every value's second byte, and so on.
The high bytes of small numbers are nearly all 0x00 or 0xFF, so the planes make the pack about 15% smaller
under gzip than interleaved bytes (version 1); JavaScript puts the bytes back in order in one pass.

A geometry block is ``{"parts": u2 (parts per feature), "lengths": u2 or i4 (vertices per part), "origin": i4
(x, y of each part's first vertex, as steps from the previous part's first vertex), "delta": i2 (x, y steps from
the previous vertex, for every later vertex)}``. Longer steps than int16 holds are split by repeating the
vertex; so any geometry can be encoded.

An edge block is ``{"parts": u2 (lines per edge), "run": u1 per line, "ring", "at", "count" (u2 or i4 per
line), "extra": a geometry block}``. A line with ``run`` 1 is ``count`` vertices of ring ``ring`` of the edge's
first cell (as the cells' block holds it, closing vertex included) from vertex ``at`` on, wrapping around the
ring; a line with ``run`` 0 is the next feature of ``extra``. On the shipped data every border but a handful is
a run: the cells were simplified as one coverage, so neighbours share their border's vertices exactly.
Version 3 introduced edge blocks: the borders were a third of the pack and repeated the cells' vertices.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING

import numpy as np
import shapely

from frontline.model import Kind, Precision, RelationKind
from frontline.render.text import safe_url
from frontline.timeline import STATUSES

if TYPE_CHECKING:
    from frontline.frames import Atlas

FORMAT = "frontline-pack"
VERSION = 3
SCALE = 10_000
STATUS_SHIFT = 5
MAX_ACTORS = 1 << STATUS_SHIFT
_INT16 = 32767


# --- typed arrays -----------------------------------------------------------------------------------------

_DTYPES = {"u1": np.dtype(np.uint8), "u2": np.dtype("<u2"), "i2": np.dtype("<i2"), "i4": np.dtype("<i4")}


def encode_array(values: np.ndarray, dtype: str) -> str:
    """``"<dtype>:<base64>"`` of the values as little-endian ``dtype`` (u1, u2, i2, i4), in byte planes."""
    array = np.ascontiguousarray(values, dtype=_DTYPES[dtype]).reshape(-1)
    planes = array.view(np.uint8).reshape(-1, array.itemsize).T
    return f"{dtype}:{base64.b64encode(planes.tobytes()).decode('ascii')}"


def decode_array(text: str) -> np.ndarray:
    dtype, _, payload = text.partition(":")
    planes = np.frombuffer(base64.b64decode(payload), dtype=np.uint8)
    width = _DTYPES[dtype].itemsize
    return np.ascontiguousarray(planes.reshape(width, -1).T).view(_DTYPES[dtype]).reshape(-1)



def _index_dtype(largest: int) -> str:
    return "u2" if largest < 65536 else "i4"


# --- geometry blocks ----------------------------------------------------------------------------------------

def _parts(geom) -> list[np.ndarray]:
    """Every ring or line of a geometry as an (n, 2) array of lon/lat."""
    if geom is None or geom.is_empty:
        return []
    out = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            out.append(np.asarray(part.exterior.coords)[:, :2])
            out.extend(np.asarray(ring.coords)[:, :2] for ring in part.interiors)
        elif part.geom_type in ("LineString", "LinearRing"):
            out.append(np.asarray(part.coords)[:, :2])
        elif part.geom_type.startswith("Multi") or part.geom_type == "GeometryCollection":
            out.extend(_parts(part))
    return [p for p in out if len(p) >= 2]


def _split_long_steps(units: np.ndarray) -> np.ndarray:
    """Insert intermediate vertices so that no step between vertices exceeds int16."""
    steps = np.abs(np.diff(units, axis=0)).max(axis=1) if len(units) > 1 else np.zeros(0)
    if not len(steps) or steps.max() <= _INT16:
        return units
    out = [units[0]]
    for a, b, step in zip(units[:-1], units[1:], steps):
        pieces = int(np.ceil(step / _INT16))
        for k in range(1, pieces + 1):
            out.append(np.round(a + (b - a) * k / pieces).astype(np.int64))
    return np.array(out)


def encode_geometries(geoms) -> dict[str, str]:
    """A geometry block (see module docstring) for a sequence of shapely geometries (None or empty allowed)."""
    parts_per, lengths, origins, deltas = [], [], [], []
    for geom in geoms:
        parts = _parts(geom)
        parts_per.append(len(parts))
        for coords in parts:
            units = _split_long_steps(np.round(coords * SCALE).astype(np.int64))
            lengths.append(len(units))
            origins.append(units[0])
            deltas.append(np.diff(units, axis=0))
    delta = np.concatenate(deltas) if deltas else np.zeros((0, 2), np.int64)
    return {
        "parts": encode_array(np.array(parts_per), "u2"),
        "lengths": encode_array(np.array(lengths), _index_dtype(max(lengths, default=0))),
        "origin": encode_array(np.diff(np.array(origins).reshape(-1, 2), axis=0, prepend=0).reshape(-1), "i4"),
        "delta": encode_array(delta.reshape(-1), "i2"),
    }


def decode_geometries(block: dict[str, str]) -> list[list[np.ndarray]]:
    """The parts of every feature as (n, 2) lon/lat arrays: the inverse of `encode_geometries` (at 1e-4°)."""
    return [[part / SCALE for part in feature] for feature in _decode_units(block)]


def _decode_units(block: dict[str, str]) -> list[list[np.ndarray]]:
    """The parts of every feature as (n, 2) int64 arrays in ``SCALE`` units, exactly as encoded."""
    parts_per = decode_array(block["parts"])
    lengths = decode_array(block["lengths"])
    origin = np.cumsum(decode_array(block["origin"]).reshape(-1, 2).astype(np.int64), axis=0)
    delta = decode_array(block["delta"]).reshape(-1, 2).astype(np.int64)
    out, part, cursor = [], 0, 0
    for count in parts_per:
        feature = []
        for _ in range(int(count)):
            n = int(lengths[part])
            steps = np.vstack([origin[part], delta[cursor:cursor + n - 1]])
            feature.append(np.cumsum(steps, axis=0))
            cursor += n - 1
            part += 1
        out.append(feature)
    return out


# --- edge blocks ------------------------------------------------------------------------------------------

def encode_pairs(pairs: np.ndarray, n_places: int) -> dict[str, str]:
    """``first`` and ``other`` (module docstring) of pairs sorted by (i, j): small numbers, half the bytes."""
    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    if len(pairs) and not (np.all(pairs[:, 0] < pairs[:, 1])
                           and np.all(np.diff(pairs[:, 0] * n_places + pairs[:, 1]) > 0)):
        raise ValueError("edge pairs must be (i, j) with i < j, sorted by i then j")
    first = np.bincount(pairs[:, 0], minlength=n_places)
    other = pairs[:, 1] - pairs[:, 0]
    return {"first": encode_array(first, "u1" if first.max(initial=0) < 256 else "u2"),
            "other": encode_array(other, _index_dtype(int(other.max(initial=0))))}


def decode_pairs(edges_block: dict) -> np.ndarray:
    """The (n, 2) cell pairs of an edge block: the inverse of `encode_pairs`."""
    counts = decode_array(edges_block["first"])
    first = np.repeat(np.arange(len(counts)), counts)
    return np.column_stack([first, first + decode_array(edges_block["other"]).astype(np.int64)])


def _find_run(line: np.ndarray, rings: list[np.ndarray]) -> tuple[int, int] | None:
    """(ring, first vertex) where a line's vertices are consecutive vertices of a closed ring, in its
    direction, else None. The rings and the line are integer units, the rings with their closing vertex."""
    m = len(line)
    for index, ring in enumerate(rings):
        n = len(ring) - 1
        if n < 2 or m > n + 1:
            continue
        for at in np.flatnonzero((ring[:n] == line[0]).all(axis=1)):
            if (ring[(at + np.arange(m)) % n] == line).all():
                return index, int(at)
    return None


def encode_edges(edges, pairs: np.ndarray, cells_block: dict[str, str]) -> dict:
    """An edge block (module docstring): each line of each edge as a run of its first cell's ring, as the
    engine decodes it from ``cells_block``; a line no ring holds in that order (rare) is shipped in ``extra``."""
    rings = _decode_units(cells_block)
    parts_per, runs, ring_of, at_of, counts, extra = [], [], [], [], [], []
    for (first, _), edge in zip(pairs, edges):
        lines = _parts(edge)
        parts_per.append(len(lines))
        for coords in lines:
            line = _split_long_steps(np.round(coords * SCALE).astype(np.int64))
            found = _find_run(line, rings[first])
            runs.append(found is not None)
            if found is None:
                extra.append(shapely.LineString(coords))
            ring, at = found or (0, 0)
            ring_of.append(ring), at_of.append(at), counts.append(len(line))
    return {
        "parts": encode_array(np.array(parts_per), "u2"),
        "run": encode_array(np.array(runs), "u1"),
        "ring": encode_array(np.array(ring_of), _index_dtype(max(ring_of, default=0))),
        "at": encode_array(np.array(at_of), _index_dtype(max(at_of, default=0))),
        "count": encode_array(np.array(counts), _index_dtype(max(counts, default=0))),
        "extra": encode_geometries(extra),
    }


def decode_edges(edges_block: dict, cells_block: dict[str, str]) -> list[list[np.ndarray]]:
    """The lines of every edge as (n, 2) lon/lat arrays: the inverse of `encode_edges` (at 1e-4°)."""
    rings = _decode_units(cells_block)
    pairs = decode_pairs(edges_block)
    runs, ring_of = decode_array(edges_block["run"]), decode_array(edges_block["ring"])
    at_of, counts = decode_array(edges_block["at"]), decode_array(edges_block["count"])
    extra = iter(decode_geometries(edges_block["extra"]))
    out, line = [], 0
    for (first, _), count in zip(pairs, decode_array(edges_block["parts"])):
        feature = []
        for _ in range(int(count)):
            if runs[line]:
                ring = rings[first][int(ring_of[line])]
                feature.append(ring[(int(at_of[line]) + np.arange(int(counts[line]))) % (len(ring) - 1)] / SCALE)
            else:
                feature.append(next(extra)[0])
            line += 1
        out.append(feature)
    return out


# --- the net changes --------------------------------------------------------------------------------------

def net_changes(atlas: Atlas) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(day, place, code, event, start codes): the last event of a place on a day, kept where it changes
    the place's code; sorted by (day, place). `event` indexes `timeline.control_events`."""
    timeline = atlas.timeline
    start = timeline.dataset.start.toordinal()
    state = timeline.state_at(timeline.dataset.start - dt.timedelta(days=1))
    codes0 = (state.controller | (state.status.astype(np.int32) << STATUS_SHIFT)).astype(np.int64)

    place = timeline._ev_place  # sorted by (place, day, order, line): the last of a (place, day) run wins
    day = timeline._ev_day - start
    code = timeline._ev_actor.astype(np.int64) | (timeline._ev_status.astype(np.int64) << STATUS_SHIFT)
    if not len(place):
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty, codes0
    last_of_day = np.r_[(place[1:] != place[:-1]) | (day[1:] != day[:-1]), True]
    idx = np.flatnonzero(last_of_day)
    place, day, code = place[idx], day[idx], code[idx]
    previous = np.r_[-1, code[:-1]]
    first_of_place = np.r_[True, place[1:] != place[:-1]]
    previous[first_of_place] = codes0[place[first_of_place]]
    keep = code != previous
    idx, place, day, code = idx[keep], place[keep], day[keep], code[keep]
    order = np.lexsort((place, day))
    return day[order], place[order], code[order], idx[order], codes0


# --- the pack -----------------------------------------------------------------------------------------------

def pack(atlas: Atlas) -> dict:
    """The whole record of an atlas in the ``frontline-pack`` format (module docstring)."""
    timeline = atlas.timeline
    ds = timeline.dataset
    if len(timeline.actor_ids) > MAX_ACTORS:
        raise ValueError(f"the time engine handles at most {MAX_ACTORS} actors, this dataset has "
                         f"{len(timeline.actor_ids)}")
    places = [ds.places[p] for p in timeline.place_ids]
    day, place, code, event, start_codes = net_changes(atlas)
    events = [timeline.control_events[i] for i in event]
    n_places = len(places)
    cells = encode_geometries(atlas.display_geometries)
    return {
        "format": FORMAT,
        "version": VERSION,
        "start": ds.start.isoformat(),
        "end": ds.end.isoformat(),
        "days": (ds.end - ds.start).days + 1,
        "scale": SCALE,
        "actors": [{"id": a, "name": ds.actors[a].name, "color": ds.actors[a].color} for a in timeline.actor_ids],
        "statuses": [s.value for s in STATUSES],
        "places": {
            "ids": list(timeline.place_ids),
            "names": [p.name for p in places],
            "aliases": [list(p.aliases[:1]) for p in places],  # the popup names one; search runs in Python
            "kinds": [p.kind.value for p in places],
            "countries": [p.country for p in places],
            "lon": encode_array(np.round(np.array([p.lon for p in places]) * SCALE), "i4"),
            "lat": encode_array(np.round(np.array([p.lat for p in places]) * SCALE), "i4"),
            "start": encode_array(start_codes, "u1"),
            "label": encode_array(np.array([p.label_rank for p in places]), "u1"),
        },
        "cells": cells,
        "zones": encode_geometries(atlas.display_zones),
        "edges": {
            **encode_pairs(atlas.tessellation.pairs, n_places),
            **encode_edges(atlas.display_edges, atlas.tessellation.pairs, cells),
        },
        "relations": _relations(ds, timeline.actor_ids),
        "changes": {
            "day": encode_array(day, _index_dtype(int(day.max()) if len(day) else 0)),
            "place": encode_array(place, _index_dtype(n_places)),
            "code": encode_array(code, "u1"),
            "against": encode_array(_against(events, timeline.actor_ids), "u1"),
        },
        "notes": _notes(events, ds),
        "evidence": _evidence(timeline, day, place),
    }


def split_citations(packed: dict) -> tuple[dict, dict]:
    """(the pack without its citations, the citations): the popups' notes (kinds, dates, texts and source
    citations of every change's event) are most of the record's bytes and only a popup reads them, so the map
    is sent them as a second document that the engine parses on the first popup (`options.citations`), and
    the pack it parses to paint stays small. The places' aliases, which only a popup names, go with them."""
    places = dict(packed["places"])
    citations = {"notes": packed["notes"], "aliases": places.pop("aliases")}
    return {**{k: v for k, v in packed.items() if k != "notes"}, "places": places}, citations


def _evidence(timeline, change_day: np.ndarray, change_place: np.ndarray) -> dict:
    """The days a place has a sourced event (any kind: statements and incidents too) other than its changes'
    days, sorted by (place, day): with the changes, when each place was last confirmed on any day."""
    ds = timeline.dataset
    index = {p: i for i, p in enumerate(timeline.place_ids)}
    changed = set(zip(change_place.tolist(), change_day.tolist()))
    pairs = sorted({(index[e.place], (e.date - ds.start).days) for e in ds.events
                    if ds.start <= e.date <= ds.end} - changed)
    place = np.array([p for p, _ in pairs], dtype=np.int64)
    day = np.array([d for _, d in pairs], dtype=np.int64)
    n = len(timeline.place_ids)
    return {"place": encode_array(place, _index_dtype(n)),
            "day": encode_array(day, _index_dtype(int(day.max()) if len(day) else 0))}


def _relations(ds, actor_ids: list[str]) -> list[dict]:
    """The quiet periods as actor indices and day offsets (module docstring)."""
    index = {a: i for i, a in enumerate(actor_ids)}
    last = (ds.end - ds.start).days
    out = []
    for r in ds.relations:
        if r.kind is not RelationKind.QUIET:
            continue
        start = max((r.start - ds.start).days, 0)
        until = last if r.until is None else min((r.until - ds.start).days, last)
        if start > until:
            continue
        a, b = sorted(index[x] for x in r.actors)
        out.append({"a": a, "b": b, "from": start, "until": until})
    return out


def _against(events: list, actor_ids: list[str]) -> np.ndarray:
    """1 + the actor index each change's event names as a contested place's other side, 0 where none."""
    actor_index = {a: i + 1 for i, a in enumerate(actor_ids)}
    return np.array([actor_index.get(e.against, 0) for e in events], dtype=np.int64)


def _notes(events: list, ds) -> dict:
    """What a popup says of each change's event, as small tables: kinds, precisions and notes by index into
    lists of distinct values, sources as offsets into one list of source indices (the date is the change's)."""
    kinds = [k.value for k in Kind]
    precisions = [p.value for p in Precision]
    texts = list(dict.fromkeys(e.note for e in events))
    text_index = {t: i for i, t in enumerate(texts)}
    source_ids = list(dict.fromkeys(s for e in events for s in e.sources))
    source_index = {s: i for i, s in enumerate(source_ids)}
    offsets = np.cumsum([0] + [len(e.sources) for e in events])
    cited = [source_index[s] for e in events for s in e.sources]
    return {
        "kinds": kinds,
        "precisions": precisions,
        "texts": texts,
        "kind": encode_array(np.array([kinds.index(e.kind.value) for e in events]), "u1"),
        "precision": encode_array(np.array([precisions.index(e.precision.value) for e in events]), "u1"),
        # a window's length in days (the change's day is its last day), 0 for a dated event
        "window": encode_array(np.array([(e.date - e.earliest).days if e.earliest else 0 for e in events]), "u2"),
        "note": encode_array(np.array([text_index[e.note] for e in events]), _index_dtype(len(texts))),
        "source_start": encode_array(offsets, _index_dtype(int(offsets[-1]))),
        "source": encode_array(np.array(cited), _index_dtype(len(source_ids))),
        "sources": [{"label": ds.sources[s].label, "url": safe_url(ds.sources[s].url) or ""} for s in source_ids],
    }


def decoded_changes(data: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    changes = data["changes"]
    return (decode_array(changes["day"]).astype(np.int64), decode_array(changes["place"]).astype(np.int64),
            decode_array(changes["code"]).astype(np.int64))


def state_on(data: dict, day: int) -> np.ndarray:
    """The code of every place on a day (offset from ``start``): the reference replay of a pack."""
    codes = decode_array(data["places"]["start"]).astype(np.int64).copy()
    days, places, values = decoded_changes(data)
    upto = np.searchsorted(days, day, side="right")
    if upto:
        # The last change of each place up to the day wins (changes are sorted by day).
        reversed_places = places[:upto][::-1]
        unique, first = np.unique(reversed_places, return_index=True)
        codes[unique] = values[:upto][::-1][first]
    return codes


def split_codes(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(actor index, status index) of codes."""
    return codes & (MAX_ACTORS - 1), codes >> STATUS_SHIFT


def quiet_on(data: dict, day: int) -> np.ndarray:
    """Actor × actor booleans: the pairs a quiet relation covers on a day (offset from ``start``)."""
    quiet = np.zeros((MAX_ACTORS, MAX_ACTORS), bool)
    for r in data.get("relations", []):
        if r["from"] <= day <= r["until"]:
            quiet[r["a"], r["b"]] = quiet[r["b"], r["a"]] = True
    return quiet


def front_count(data: dict, codes: np.ndarray, day: int) -> int:
    """How many edges are front lines for these codes on a day: their two places' actors differ and no quiet
    relation covers the two on that day."""
    pairs = decode_pairs(data["edges"])
    if not len(pairs):
        return 0
    actors = split_codes(codes)[0]
    a, b = actors[pairs[:, 0]], actors[pairs[:, 1]]
    return int(np.count_nonzero((a != b) & ~quiet_on(data, day)[a, b]))
