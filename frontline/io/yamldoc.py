"""Safe YAML reading that keeps the position of every value.

Builds plain Python values from the parser's event stream instead of PyYAML's composer, so that:
no tag ever constructs an object; aliases are refused before they can expand (the "billion laughs");
duplicate keys are reported instead of silently keeping the last; nesting depth is bounded (PyYAML's
C composer recurses and crashes the interpreter on deeply nested flow collections); and each mapping
remembers where its keys and values were, for messages of the form PATH:LINE:COLUMN.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import yaml

from frontline.problems import Problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 32
MAX_DIGITS = 100

# YAML 1.1 implicit scalars that a curator can write without quotes (the same rules as PyYAML's resolver).
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"}
_FALSE = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+$")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_KNOWN_TAGS = {None}  # plain data: no tag at all, not even !!str or the non-specific "!" (data/README.md)


class Pos(tuple):
    """(line, column), 1-based."""

    __slots__ = ()

    @property
    def line(self) -> int:
        return self[0]

    @property
    def column(self) -> int:
        return self[1]


class Mapping(dict):
    """A dict that remembers where it started and where each of its values is."""

    __slots__ = ("pos", "value_pos", "key_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.value_pos: dict[Any, Pos] = {}
        self.key_pos: dict[Any, Pos] = {}

    def where(self, key: Any) -> Pos:
        """Where the value of `key` was written (the mapping's start if absent)."""
        return self.value_pos.get(key, self.pos)

    def where_key(self, key: Any) -> Pos:
        return self.key_pos.get(key, self.pos)


class Sequence(list):
    """A list that remembers where it started and where each item is."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


class BadDate(str):
    """A scalar shaped like a date that is not a real calendar day (2015-02-30)."""

    __slots__ = ()


def _pos(mark: Any) -> Pos:
    return Pos((mark.line + 1, mark.column + 1))


def _scalar(event: yaml.ScalarEvent) -> Any:
    value = event.value
    if event.style or event.tag == "tag:yaml.org,2002:str" or not event.implicit[0]:
        return value  # quoted or explicitly a string
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.match(value):
        digits = value.replace("_", "")
        # Python refuses to convert more than 4,300 digits; no field wants more than a few: leave it as text,
        # which the field's check then refuses with its line.
        return int(digits) if len(digits) <= MAX_DIGITS else value
    if _FLOAT.match(value) and value not in {".", "-.", "+."}:
        return float(value.replace("_", ""))
    if _DATE.match(value):
        try:
            return dt.date.fromisoformat("-".join(f"{int(p):0{w}d}" for p, w in zip(value.split("-"), (4, 2, 2), strict=False)))
        except ValueError:
            return BadDate(value)
    return value


def parse(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain values with positions; never raises on bad input."""
    problems: list[Problem] = []
    stack: list[list[Any]] = []  # frames: [container, pending_key, pending_key_pos]
    root: Any = None

    def attach(value: Any, pos: Pos) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, Sequence):
            container.append(value)
            container.item_pos.append(pos)
        elif frame[1] is _NO_KEY:
            if not isinstance(value, (str, int, float, bool, dt.date)) or value is None:
                problems.append(Problem(file, pos.line, pos.column, "key", "a mapping key must be a plain word"))
                value = f"<invalid key at line {pos.line}>"
            frame[1], frame[2] = value, pos
        else:
            key, key_pos = frame[1], frame[2]
            if key in container:
                first = container.where(key)
                problems.append(Problem(file, key_pos.line, key_pos.column, str(key),
                                        f"duplicate key (first at line {first.line}); YAML would silently keep only the last"))
            else:
                container[key] = value
                container.value_pos[key] = pos
                container.key_pos[key] = key_pos
            frame[1] = _NO_KEY

    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                if root is not None:
                    p = _pos(event.start_mark)
                    problems.append(Problem(file, p.line, p.column, "document", "only one YAML document is allowed"))
                    break
                continue
            pos = _pos(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem(file, pos.line, pos.column, f"*{event.anchor}",
                                        "aliases (*name) are not allowed: write the value out in full"))
                attach(None, pos)
                continue
            tag = getattr(event, "tag", None)
            if tag not in _KNOWN_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!") if isinstance(tag, str) else tag
                problems.append(Problem(file, pos.line, pos.column, "tag",
                                        f"tag {str(shown)[:40]} is not allowed: write plain data, quoting text "
                                        "that would otherwise read as a number or a date"))
            if getattr(event, "anchor", None):
                problems.append(Problem(file, pos.line, pos.column, f"&{event.anchor}",
                                        "anchors (&name) are not allowed: write the value out in full"))
            if isinstance(event, yaml.ScalarEvent):
                attach(_scalar(event), pos)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(file, pos.line, pos.column, "structure",
                                            f"nested deeper than {MAX_DEPTH} levels"))
                    return None, problems
                container = Mapping(pos) if isinstance(event, yaml.MappingStartEvent) else Sequence(pos)
                stack.append([container, _NO_KEY, None, pos])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, _, _, start = stack.pop()
                attach(container, start)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(" ".join(filter(None, [exc.context, exc.problem])).split())
        problems.append(Problem(file, line, column, "syntax", f"YAML syntax error: {what}"))
        return None, problems
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters)
        line, column = _line_column(text, exc.position)
        problems.append(Problem(file, line, column, "syntax",
                                f"unreadable character U+{exc.character:04X} (control characters are not allowed "
                                "in YAML text)" if isinstance(exc.character, int) else "unreadable character"))
        return None, problems
    except yaml.YAMLError as exc:  # anything else the reader refuses, on one line
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(file, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "syntax",
                                " ".join(str(exc).split())[:200]))
        return None, problems
    return root, problems


def _line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    position = max(0, min(position, len(text)))
    line_start = text.rfind("\n", 0, position) + 1
    return text.count("\n", 0, position) + 1, position - line_start + 1


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


NOWHERE = Pos((1, 1))


class _DuplicateKey(Exception):
    pass


_NO_POSITIONS: dict = {}  # shared by every JSON mapping and never written: where() falls back to .pos


def _json_mapping(pairs: list[tuple[str, Any]]) -> Mapping:
    """A position-less Mapping, built without per-object dicts: a large file has a million of them."""
    mapping = Mapping.__new__(Mapping)
    dict.update(mapping, pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKey()
    mapping.pos, mapping.value_pos, mapping.key_pos = NOWHERE, _NO_POSITIONS, _NO_POSITIONS
    return mapping


def parse_json(text: str) -> Any | None:
    """Fast path for files written as JSON (a subset of YAML), as large generated datasets are.

    Keeps no positions: it returns None when the text is not clean JSON, and callers re-read any file
    with problems through `parse` to report them with their lines.
    """
    try:
        return json.loads(text, object_pairs_hook=_json_mapping)
    except (ValueError, RecursionError, _DuplicateKey):
        return None
