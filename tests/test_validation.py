"""One malformed file per kind of problem: the message names the file, line, column and field."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events, read_events
from frontline.problems import DataError

PALMYRA_EVENT = "  - {date: 2015-05-21, place: palmyra, controller: isis, status: held, kind: capture, precision: day, sources: [ynet-2015-05-22]}"


def mutate(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


CASES = [
    # (id, old, new, field, needle on the reported line, words in the message)
    ("syntax", "  palmyra:\n", "  palmyra: [\n", "syntax", None, "YAML syntax error"),
    ("wrong-type-lat", "    lat: 34.5624", "    lat: north", "lat", "lat: north", "should be a number, got 'north'"),
    ("wrong-type-sources", "sources: [ynet-2015-05-22]}", "sources: {a: 1}}", "sources", "sources: {a: 1}", "should be a list"),
    ("unknown-field", "controller: isis, status: held", "controler: isis, status: held", "controler", "controler: isis",
     "unknown field in event (did you mean 'controller'?)"),
    ("impossible-date", "date: 2015-05-21, place: palmyra", "date: 2015-02-30, place: palmyra", "date", "2015-02-30",
     "2015-02-30 is not a real calendar date"),
    ("unknown-actor", "controller: isis, status: held", "controller: daesh, status: held", "controller", "daesh",
     "unknown actor 'daesh'"),
    ("unknown-place", "place: palmyra, controller: isis", "place: palmira, controller: isis", "place", "palmira",
     "unknown place 'palmira' (did you mean 'palmyra'?)"),
    ("unknown-source", "sources: [ynet-2015-05-22]}", "sources: [ynet-2015-05-23]}", "sources", "ynet-2015-05-23",
     "unknown source 'ynet-2015-05-23'"),
    ("duplicate-id", "  erbil:\n", "  palmyra:\n", "palmyra", "  palmyra:\n    name: Erbil", "duplicate key (first at line"),
    ("outside-region", "    lon: 38.2840", "    lon: 2.35", "lon", "lon: 2.35", "outside the Syria–Iraq region"),
    ("no-sources", "sources: [ynet-2015-05-22]}", "sources: []}", "sources", "sources: []", "at least one id"),
    ("missing-sources", ", sources: [ynet-2015-05-22]}", "}", "sources", PALMYRA_EVENT.split(",")[0], "needs 'sources'"),
    ("same-day-conflict", "controller: isis, status: contested, kind: statement",
     "controller: nusra_hts, status: contested, kind: statement", "controller", "controller: nusra_hts, status: contested",
     "disagrees with the event at line"),
    ("wrong-country", "    country: IQ\n", "    country: SY\n", "country", "lat: 36.1901", "is not in SY: it lies in IQ"),
    ("bad-enum", "kind: capture, precision: day", "kind: conquest, precision: day", "kind", "kind: conquest",
     "'conquest' is not one of: capture"),
    ("incident-with-controller", "place: yarmouk_camp, kind: incident", "place: yarmouk_camp, controller: isis, kind: incident",
     "controller", "kind: incident", "an incident changes no control"),
    ("unknown-section", "baseline:\n", "baselines:\n", "baselines", "baselines:", "unknown section (did you mean 'baseline'?)"),
    ("iso-week-date", "date: 2015-05-21, place: palmyra", "date: 2015-W21-4, place: palmyra", "date", "2015-W21-4",
     "should be a date written YYYY-MM-DD"),
    ("basic-format-date", "date: 2015-05-21, place: palmyra", "date: '20150521', place: palmyra", "date", "20150521",
     "should be a date written YYYY-MM-DD"),
    ("missing-leaning", "date: 2015-05-22, leaning: neutral}", "date: 2015-05-22}", "leaning", "ynet-2015-05-22: {",
     "needs 'leaning'"),
    ("unknown-leaning", "date: 2015-05-22, leaning: neutral}", "date: 2015-05-22, leaning: biased}", "leaning",
     "leaning: biased", "'biased' is not one of: neutral, syrian_government"),
    ("window-without-its-end", "date: 2015-05-21, place: palmyra", "date_earliest: 2015-05-18, place: palmyra",
     "date_latest", "date_earliest: 2015-05-18", "a window needs both 'date_earliest' and 'date_latest'"),
    ("window-backwards", "date: 2015-05-21, place: palmyra",
     "date_earliest: 2015-05-21, date_latest: 2015-05-19, place: palmyra", "date_latest", "date_latest: 2015-05-19",
     "is not after date_earliest 2015-05-21"),
    ("window-and-a-day", "date: 2015-05-21, place: palmyra",
     "date: 2015-05-21, date_earliest: 2015-05-18, date_latest: 2015-05-21, place: palmyra", "date",
     "date_earliest: 2015-05-18", "a window (date_earliest … date_latest) takes no 'date'"),
    ("alongside-unknown-actor", "controller: isis, status: held", "controller: isis, alongside: [daesh], status: held",
     "alongside", "alongside: [daesh]", "unknown actor 'daesh'"),
    ("alongside-the-holder", "controller: isis, status: held", "controller: isis, alongside: [isis], status: held",
     "alongside", "alongside: [isis]", "isis holds the place: 'alongside' names the others deployed with it"),
    ("no-date-at-all", "date: 2015-05-21, place: palmyra", "place: palmyra", "date", "place: palmyra, controller: isis",
     "give 'date', or 'date_earliest' and 'date_latest'"),
]


@pytest.mark.parametrize("old, new, field, needle, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_problem_names_file_line_and_field(tmp_path, mini_text, old, new, field, needle, words):
    text = mutate(mini_text, old, new)
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(DataError) as caught:
        read_events(path, countries=subject_shapes(read_countries()))
    lines = [str(p) for p in caught.value.problems]
    expected_line = line_of(text, needle) if needle else None
    matching = [p for p in caught.value.problems if p.field == field and words in p.message]
    assert matching, lines
    if expected_line is not None:
        assert matching[0].line == expected_line, lines
    assert lines[0].startswith(f"{path}:")
    assert all(str(p).count(":") >= 4 for p in caught.value.problems)


def test_every_problem_is_reported_at_once(tmp_path, mini_text):
    text = mutate(mini_text, "lat: 34.5624", "lat: north")
    text = mutate(text, "controller: isis, status: held", "controler: isis, status: held")
    text = mutate(text, "date: 2016-03-27", "date: 2016-02-30")
    with pytest.raises(DataError) as caught:
        parse_events(text.encode(), "x.yaml")
    fields = {p.field for p in caught.value.problems}
    assert {"lat", "controler", "date"} <= fields


def test_same_day_events_that_agree_or_are_ordered_are_fine(mini_path):
    dataset = read_events(mini_path)
    assert len([e for e in dataset.events if e.place == "yarmouk_camp" and str(e.date) == "2018-04-30"]) == 2


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "is empty"),
        (b"\xff\xfe\x00bad", "is not UTF-8"),
        (b"- just\n- a list\n", "should be a mapping with the sections"),
        (b"actors: 3\nplaces: []\nsources: x\nbaseline: {}\nevents: {}\n", "should be"),
    ],
)
def test_broken_files_give_problems_not_tracebacks(data, words):
    with pytest.raises(DataError) as caught:
        parse_events(data, "x.yaml")
    assert any(words in p.message for p in caught.value.problems), caught.value.problems


def test_oversize_file_is_refused_before_parsing(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * 2048)
    with pytest.raises(DataError, match="over the 0 MB limit"):
        read_events(path, max_bytes=1024)


def test_missing_file_is_a_problem(tmp_path):
    with pytest.raises(DataError, match="cannot be read"):
        read_events(tmp_path / "nope.yaml")


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_loader_raises_only_data_errors_on_mangled_input(mini_text, data):
    """Cut, duplicate or corrupt pieces of a valid file: the loader either loads it or lists problems."""
    text = mini_text
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, min(len(text), i + 80)))
    action = data.draw(st.sampled_from(["cut", "dup", "junk"]))
    junk = data.draw(st.text(max_size=20))
    text = {"cut": text[:i] + text[j:], "dup": text[:j] + text[i:j] + text[j:], "junk": text[:i] + junk + text[j:]}[action]
    try:
        parse_events(text.encode("utf-8", "surrogatepass"), "m.yaml")
    except DataError as exc:
        assert exc.problems


def _as_json(mini_path) -> str:
    import json

    dataset_tree = __import__("yaml").safe_load(mini_path.read_text())
    return json.dumps(dataset_tree, default=str, indent=1)


def test_json_files_take_the_fast_path_and_load_the_same(mini_path):
    from_yaml = read_events(mini_path)
    from_json = parse_events(_as_json(mini_path).encode(), "mini.json")
    assert [(e.date, e.place, e.controller, e.status) for e in from_json.events] == \
        [(e.date, e.place, e.controller, e.status) for e in from_yaml.events]
    assert from_json.places.keys() == from_yaml.places.keys()


def test_json_with_problems_is_reported_with_lines(mini_path):
    text = _as_json(mini_path).replace('"controller": "isis"', '"controler": "isis"', 1)
    with pytest.raises(DataError) as caught:
        parse_events(text.encode(), "mini.json")
    [problem] = [p for p in caught.value.problems if p.field == "controler"]
    assert problem.line == text[: text.index('"controler"')].count("\n") + 1
    duplicated = _as_json(mini_path).replace('"name": "Palmyra",', '"name": "Palmyra", "name": "Tadmur",', 1)
    with pytest.raises(DataError, match="duplicate key"):
        parse_events(duplicated.encode(), "dup.json")


PARTISAN = """\
actors:
  syrian_government: {name: Syrian government, color: "#d7301f", leanings: [syrian_government, russian]}
  isis: {name: Islamic State, color: "#1a1a1a", leanings: [isis]}
  rebels: {name: Rebels, color: "#57b599", leanings: [opposition]}
places:
  palmyra: {name: Palmyra, lat: 34.5624, lon: 38.2840, country: SY, kind: city}
sources:
  sana: {publisher: SANA, description: state news, date: 2016-01-01, leaning: syrian_government}
  tass: {publisher: TASS, description: Russian news, date: 2016-01-01, leaning: russian}
  amaq: {publisher: Amaq, description: IS news, date: 2016-01-01, leaning: isis}
  reuters: {publisher: Reuters, description: wire, date: 2016-01-01, leaning: neutral}
baseline:
  SY: {date: 2011-03-15, controller: syrian_government}
events:
  - {date: 2015-05-21, place: palmyra, controller: isis, kind: capture, sources: [sana]}
  - {date: 2016-03-27, place: palmyra, controller: syrian_government, kind: capture, sources: [SOURCES]}
"""


@pytest.mark.parametrize("sources, allowed", [
    ("sana, tass", False),     # the government's own side claiming its gain
    ("sana, reuters", True),   # a neutral report confirms it
    ("amaq", True),            # the side that lost the town admits it
    ("amaq, sana", True),
])
def test_a_partisan_source_alone_only_supports_a_loss_of_its_own_side(sources, allowed):
    """The sourcing rule: the 2015 fall of Palmyra may rest on SANA alone (the government's own loss); the
    2016 recapture may not rest on pro-government sources alone."""
    text = PARTISAN.replace("SOURCES", sources)
    if allowed:
        assert len(parse_events(text.encode(), "p.yaml").events) == 2
        return
    with pytest.raises(DataError) as caught:
        parse_events(text.encode(), "p.yaml")
    [problem] = caught.value.problems
    assert problem.field == "sources" and problem.line == line_of(text, "date: 2016-03-27")
    assert "only partisan sources (sana (syrian_government), tass (russian))" in problem.message
    assert "from isis to syrian_government" in problem.message and "cite a neutral report, or one from isis's side" \
        in problem.message


def test_a_window_takes_effect_on_its_last_day_and_keeps_its_first(mini_text):
    text = mutate(mini_text, "date: 2015-05-21, place: palmyra", "date_earliest: 2015-05-18, date_latest: 2015-05-21, "
                  "place: palmyra")
    text = mutate(text, "precision: day, sources: [ynet-2015-05-22]", "sources: [ynet-2015-05-22]")
    [event] = [e for e in parse_events(text.encode(), "w.yaml").events if e.place == "palmyra" and e.controller == "isis"
               and e.date.year == 2015]
    assert (event.earliest.isoformat(), event.date.isoformat(), event.precision.value) == \
        ("2015-05-18", "2015-05-21", "window")
