"""The attack run's reproducers: files, values and paths that once crashed the loader, passed validation and
then broke the app, hung, or hid problems. Each is now a problem with its file, line and field — all at once."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml

from frontline.io.events import MAX_BYTES, UnreadableFile, parse_events, read_events
from frontline.io.yamldoc import parse
from frontline.problems import DataError
from tests.frontline_cli import run

MINI = Path(__file__).parent / "data" / "mini.yaml"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def mini() -> str:
    return MINI.read_text()


def problems_of(text: str | bytes, name: str = "f.yaml") -> list:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(DataError) as caught:
        parse_events(data, name)
    return caught.value.problems


def only(problems, field: str):
    found = [p for p in problems if p.field == field]
    assert found, problems
    return found[0]


# --- values that crashed the loader ------------------------------------------------------------------------

def test_an_integer_of_5000_digits_is_a_problem_not_a_crash(mini):
    p = only(problems_of(mini.replace("lat: 34.5624", "lat: " + "9" * 5000)), "lat")
    assert p.line == 12 and "number" in p.message and len(str(p)) < 200


def test_an_integer_too_large_for_a_float_is_a_problem(mini):
    p = only(problems_of(mini.replace("lat: 34.5624", "lat: " + "9" * 99)), "lat")
    assert p.line == 12 and "too" not in p.message or "number" in p.message
    p = only(problems_of(mini.replace("lat: 34.5624", "lat: 1e999")), "lat")
    assert "finite" in p.message


# --- files that validated, then broke the app or the CLI ---------------------------------------------------

def test_a_file_without_places_is_refused(mini):
    head, rest = mini.split("places:")
    text = head + "places: {}\nsources:" + rest.split("sources:")[1].split("events:")[0] + "events: []\n"
    assert "no places" in only(problems_of(text), "places").message


@pytest.mark.parametrize("year", ["1600", "2300"])
def test_dates_far_outside_the_record_are_refused_with_their_line(mini, year):
    p = only(problems_of(mini.replace("SY: {date: 2011-03-15", f"SY: {{date: {year}-03-15")), "date")
    assert p.line == 34 and "outside 1900–2100" in p.message


def test_a_lone_surrogate_in_a_json_file_is_refused(mini):
    data = json.loads(json.dumps(yaml.safe_load(mini), default=str))
    text = json.dumps(data).replace("Palmyra", "Palm\\ud800yra", 1)
    assert only(problems_of(text, "f.json"), "syntax").line == 1
    paired = json.dumps(data).replace("Palmyra", "Palm\\ud83d\\ude00yra", 1)
    assert parse_events(paired.encode(), "f.json").places["palmyra"].name == "Palm\U0001F600yra"


# --- every problem at once --------------------------------------------------------------------------------

def test_a_field_problem_no_longer_hides_the_records_unknown_references(mini):
    broken = ("{date: 2016-03-27, place: nowhere, controller: nobody, sources: [unknown-src], bogus: 1, "
              "precision: month}")
    text = mini.replace("{date: 2016-03-27, place: palmyra, controller: syrian_government, kind: capture, "
                        "sources: [ynet-2015-05-22]}", broken)
    fields = {p.field for p in problems_of(text)}
    assert {"kind", "bogus", "place", "controller", "sources"} <= fields


def test_a_broken_place_still_has_its_position_checked(mini):
    text = mini.replace("    lat: 34.5624\n    lon: 38.2840\n    country: SY\n    kind: city",
                        "    lat: 31.0\n    lon: 60.0\n    country: SY\n    kind: castle")
    fields = {p.field for p in problems_of(text)}
    assert {"kind", "lon"} <= fields


def test_when_every_actor_is_broken_the_message_is_not_that_none_are_defined(mini):
    text = mini
    for colour in ("#d7301f", "#e7298a", "#1a1a1a", "#8c8c8c", "#f08a24"):
        text = text.replace(f'color: "{colour}"', "color: 1")
    problems = problems_of(text)
    assert not any("no actors are defined" in p.message for p in problems)
    assert sum(p.field == "color" for p in problems) == 5


# --- silent replacement ------------------------------------------------------------------------------------

def test_ids_that_collide_after_trimming_are_reported(mini):
    text = mini.replace("  erbil:\n", "  'palmyra ':\n")
    p = next(p for p in problems_of(text) if "already defined" in p.message)
    assert p.line == 23 and "line 9" in p.message


def test_ids_that_collide_after_type_conversion_are_reported(mini):
    text = mini.replace("  yarmouk_camp:\n", "  1:\n").replace("  erbil:\n", "  '1':\n")
    p = next(p for p in problems_of(text) if "already defined" in p.message)
    assert p.line == 23 and "(a number)" in p.message


# --- messages --------------------------------------------------------------------------------------------

def test_an_unreadable_character_is_reported_at_its_line_and_column_on_one_line(mini):
    text = mini.replace("name: Palmyra", "name: Palm\x07yra")
    p = only(problems_of(text), "syntax")
    assert (p.line, p.column) == (10, 15) and "U+0007" in p.message and "\n" not in str(p)


def test_the_size_limit_is_stated_as_the_readme_states_it(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(UnreadableFile) as caught:
        read_events(big)
    assert "over the 20 MB limit" in str(caught.value)


# --- documented rules, now enforced ------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "field", "words"), [
    ("    kind: city\n    baseline", "    kind: city\n    coords: gps\n    baseline", "coords", "geonames, approx"),
    ("kind: capture, precision: day", "kind: capture, precision: month", "date", "date it the 1st"),
    ("order: 1,", "order: 0,", "order", "1, 2, 3"),
    ("name: Palmyra", "name: !!str Palmyra", "tag", "not allowed"),
    ("name: Palmyra", "name: ! Palmyra", "tag", "not allowed"),
    ("name: Palmyra", 'name: "\u200b"', "name", "no visible character"),
    ("{date: 2015-05-21,", "{date: 2016-W49-7,", "date", "YYYY-MM-DD"),
    ("{date: 2015-05-21,", "{date: 20150101,", "date", "YYYY-MM-DD"),
])
def test_documented_rules_are_enforced(mini, old, new, field, words):
    assert old in mini
    p = only(problems_of(mini.replace(old, new, 1)), field)
    assert words in p.message and p.line > 1


# --- bounded work ------------------------------------------------------------------------------------------

def test_refusing_8000_unknown_references_is_fast_and_lists_them_all(mini):
    def events(place) -> str:
        return "".join(f"  - {{date: 2015-05-21, place: {place(i)}, controller: isis, kind: capture, "
                       f"sources: [ynet-2015-05-22]}}\n" for i in range(8000))

    text = mini + events(lambda i: f"nowhere_{i}")
    started = time.process_time()
    problems = problems_of(text)
    elapsed = time.process_time() - started
    assert sum(p.field == "place" for p in problems) == 8000
    # Relative, not absolute: no slower than reading the same file with every reference known, times 4.
    known = mini + events(lambda i: "palmyra")
    started = time.process_time()
    parse_events(known.encode(), "f.yaml")
    baseline = time.process_time() - started
    assert elapsed < 4 * baseline + 0.5, (elapsed, baseline)


@pytest.mark.parametrize("kind", ["device", "fifo", "directory"])
def test_paths_that_are_not_regular_files_are_refused_at_once(tmp_path, kind):
    if kind == "device":
        path = Path("/dev/zero")
    elif kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = tmp_path
    with pytest.raises(UnreadableFile) as caught:
        read_events(path)
    assert "give the path of a YAML or JSON file" in str(caught.value)


def test_the_cli_refuses_a_fifo_with_exit_3_without_hanging(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = run("validate", str(pipe), timeout=60)
    assert result.returncode == 3 and "pipe (FIFO)" in result.stderr and "Traceback" not in result.stderr


def test_parse_never_raises_on_deep_or_odd_yaml():
    for text in ["[" * 500, "a: &x 1\nb: *x\n", "- \x00", "a: 1\n---\nb: 2\n", "? [a]\n: 1\n"]:
        root, problems = parse(text, "f.yaml")
        assert problems, text
        assert all("\n" not in str(p) for p in problems)
