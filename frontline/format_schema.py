"""The data format as a JSON Schema (draft 2020-12), built from the same field specs the loader checks
(`frontline.schema`), so that an editor can check a file while it is typed (data/README.md: the YAML language
server's `# yaml-language-server: $schema=…` comment). The loader stays the authority: cross-record rules
(references, positions, overlaps, same-day conflicts) are beyond a schema and are left to `validate`."""

from __future__ import annotations

from typing import Any

from frontline import schema as s
from frontline.model import COUNTRIES, LEANINGS

ID_PATTERN = s.ID.pattern
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

_ID = {"type": "string", "pattern": ID_PATTERN}
_TEXT = {"type": "string"}
_FIELD_SCHEMAS: dict[Any, dict] = {
    s.text: _TEXT,
    s.nonempty: {"type": "string", "minLength": 1, "pattern": r"[^\s]"},
    s.identifier: _ID,
    s.number: {"type": "number"},
    s.count: {"type": "integer", "minimum": 0},
    s.ordinal: {"type": "integer", "minimum": 1},
    s.label_rank: {"enum": list(s.LABEL_RANKS)},
    s.date: {"type": "string", "pattern": DATE_PATTERN, "description": "YYYY-MM-DD, 1900–2100"},
    s.color: {"type": "string", "pattern": s.COLOR.pattern},
    s.country: {"enum": list(COUNTRIES)},
    s.text_list: {"oneOf": [_TEXT, {"type": "array", "items": _TEXT}]},
    s.id_list: {"oneOf": [_ID, {"type": "array", "items": _ID, "minItems": 1}]},
    s.actor_pair: {"type": "array", "items": _ID, "minItems": 2, "maxItems": 2},
    s.leaning_list: {"oneOf": [{"enum": list(LEANINGS[1:])},
                               {"type": "array", "items": {"enum": list(LEANINGS[1:])}}]},
}


def _field(convert) -> dict:
    allowed = getattr(convert, "allowed", None)
    if allowed is not None:
        return {"enum": list(allowed)}
    return _FIELD_SCHEMAS[convert]


def _record(spec: s.Spec, extra: dict | None = None) -> dict:
    out = {
        "type": "object",
        "title": spec.what,
        "properties": {name: _field(convert) for name, (convert, _) in spec.fields.items()},
        "required": [name for name, (_, required) in spec.fields.items() if required],
        "additionalProperties": False,
    }
    if spec is s.SOURCE:  # a title or a description
        out["anyOf"] = [{"required": ["title"]}, {"required": ["description"]}]
    if spec is s.EVENT:  # a day, or an honest window
        out["oneOf"] = [{"required": ["date"], "not": {"anyOf": [{"required": ["date_earliest"]},
                                                                 {"required": ["date_latest"]}]}},
                        {"required": ["date_earliest", "date_latest"], "not": {"required": ["date"]}}]
    return {**out, **(extra or {})}


def _keyed(spec: s.Spec) -> dict:
    return {"type": "object", "propertyNames": {"pattern": ID_PATTERN}, "additionalProperties": _record(spec)}


def json_schema() -> dict:
    """The JSON Schema of a Frontline data file."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Frontline dataset: who held what in Syria and Iraq",
        "description": "Format of data/events.yaml (data/README.md). `python -m frontline validate` checks more: "
                       "references between records, positions, overlapping periods, same-day conflicts.",
        "type": "object",
        "required": list(s.TOP),
        "additionalProperties": False,
        "properties": {
            "actors": _keyed(s.ACTOR),
            "places": {**_keyed(s.PLACE), "minProperties": 1},
            "sources": _keyed(s.SOURCE),
            "baseline": {"type": "object", "propertyNames": {"enum": list(COUNTRIES)},
                         "additionalProperties": _record(s.BASELINE), "minProperties": 1},
            "events": {"type": "array", "items": _record(s.EVENT)},
            "relations": {"type": "array", "items": _record(s.RELATION)},
            "moments": {"type": "array", "items": _record(s.MOMENT)},
            "dataset": _record(s.DATASET),
        },
    }
