"""`python -m frontline schema`: a JSON Schema that accepts the shipped data and refuses what the loader
refuses field by field, so that an editor's checks while typing agree with `validate`."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from frontline.format_schema import json_schema
from frontline.io.events import parse_events
from frontline.paths import DATA
from frontline.problems import DataError

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini.yaml"


def as_json(text: str):
    """What an editor's YAML language server sees: dates as strings."""
    def plain(value):
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    return plain(yaml.safe_load(text))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(subprocess.run([sys.executable, "-m", "frontline", "schema"], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema == json_schema()
    return jsonschema.Draft202012Validator(schema)


def test_the_shipped_data_and_the_fixture_pass_the_schema(validator):
    for path in (DATA, MINI):
        errors = list(validator.iter_errors(as_json(path.read_text(encoding="utf-8"))))
        assert errors == [], [e.message for e in errors[:5]]


MALFORMED = [
    ("name: Palmyra", "nmae: Palmyra"),  # unknown field
    ("kind: capture, precision: day", "precision: day"),  # missing kind
    ('color: "#d7301f"', 'color: "red"'),
    ("{date: 2015-05-21,", "{date: 2015-5-21x,"),
    ("kind: capture, precision: day", "kind: conquest, precision: day"),
    ("order: 1,", "order: 0,"),
    ("    kind: city\n    baseline", "    kind: city\n    coords: gps\n    baseline"),
    ("    kind: city\n    baseline", "    kind: city\n    label: 4\n    baseline"),
    ("lat: 34.5624", "lat: north"),
    ("name: Palmyra", "name: ''"),
    ("  palmyra:\n", "  Palmyra!:\n"),
    ('title: "Assad vs. ISIS in Southern Damascus", ', ""),
    ("country: SY\n    kind: city\n  yarmouk", "country: TR\n    kind: city\n  yarmouk"),
    ("events:\n", "events:\n  - not a mapping\n"),
    ("sources: [ynet-2015-05-22]}\n  - {date: 2016-03-27", "sources: []}\n  - {date: 2016-03-27"),
]


@pytest.mark.parametrize(("old", "new"), MALFORMED)
def test_what_the_loader_refuses_field_by_field_the_schema_refuses(validator, old, new):
    text = MINI.read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new, 1)
    with pytest.raises(DataError):
        parse_events(bad.encode(), "bad.yaml")
    assert list(validator.iter_errors(as_json(bad))), new


def test_the_schema_file_beside_the_data_is_current():
    """data/events.schema.json is what editors load (the comment on the first line of data/events.yaml)."""
    shipped = json.loads((DATA.parent / "events.schema.json").read_text(encoding="utf-8"))
    assert shipped == json_schema(), "regenerate: python -m frontline schema > data/events.schema.json"
    assert DATA.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=./events.schema.json")
