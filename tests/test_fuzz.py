"""What validates, renders; what does not, is refused with problems on their lines — never a crash or a hang.

A fixed-seed subset of the mutation fuzzing (tests/fuzzing.py; the full 2,000+ documents run in `make fuzz`),
and a property test over generated documents: any document the validator accepts loads in the app, answers
`state --json` and exports a PNG and a well-formed SVG.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from frontline.cli import main
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events
from frontline.io.export import static_map
from frontline.model import LEANINGS
from frontline.problems import DataError
from frontline.timeline import Timeline
from tests import fuzzing

SHAPES = subject_shapes(read_countries())


def test_mutated_documents_never_crash_hang_or_misplace_a_problem():
    outcomes = fuzzing.run(count=500, seed=20261129, shipped_share=0.05)
    assert len(outcomes) == 500
    refused = [o for o in outcomes if not o.accepted]
    assert len(refused) > 250 and all(o.problems for o in refused)  # the mutations do break files
    assert any(o.accepted for o in outcomes)  # and some mutated files are still valid


# --- generated documents: whatever validates, renders ---------------------------------------------------

# Real points inside each country, so that generated places pass the position checks.
POINTS = {"SY": [(34.56, 38.28), (36.20, 37.16), (35.93, 39.01), (33.51, 36.29), (35.33, 40.14)],
          "IQ": [(36.34, 43.13), (33.31, 44.37), (34.6, 43.68), (30.51, 47.78), (36.19, 44.01)]}
COLOURS = ["#e61909", "#121212", "#57b599", "#fdde3f", "#4e1791", "#11a6f0"]
WEIRD = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1,
                max_size=24)
NAMES = st.one_of(WEIRD, st.sampled_from(["5$ and 6$", "$\\frac{a}{b}$", "<b>x</b>", "a & b", "\x07bell",
                                           "ـالرقة", "\u202eevil", "x\u200by", "'quoted'", "{curly}"]))


@st.composite
def documents(draw) -> dict:
    n_actors = draw(st.integers(1, 4))
    actors = {f"a{i}": {"name": draw(NAMES), "color": COLOURS[i], "note": draw(NAMES),
                        "leanings": [LEANINGS[1 + i]]} for i in range(n_actors)}
    places = {}
    for country, points in POINTS.items():
        for i in range(draw(st.integers(0 if country == "IQ" else 1, 3))):
            lat, lon = points[i]
            places[f"{country.lower()}{i}"] = {"name": draw(NAMES), "lat": lat, "lon": lon, "country": country,
                                               "kind": draw(st.sampled_from(["city", "town", "village", "base"])),
                                               "label": draw(st.sampled_from([1, 2, 3]))}
    ids = list(places)
    events = []
    for _ in range(draw(st.integers(0, 8))):
        status = draw(st.sampled_from(["held", "contested", "besieged"]))
        controller = draw(st.sampled_from(list(actors)))
        day = draw(st.dates(dt.date(2011, 3, 15), dt.date(2024, 12, 31)))
        # a dated event, or an honest window ending on that day (the map changes on its last day)
        when = ({"date_earliest": (day - dt.timedelta(days=draw(st.integers(1, 60)))).isoformat(),
                 "date_latest": day.isoformat()} if draw(st.booleans()) and day > dt.date(2011, 5, 15)
                else {"date": day.isoformat()})
        event = {**when, "place": draw(st.sampled_from(ids)), "controller": controller, "status": status,
                 "kind": draw(st.sampled_from(["capture", "withdrawal", "deal", "siege"])), "sources": ["s"],
                 "note": draw(NAMES), "order": len(events) + 1}
        partners = [a for a in actors if a != controller]
        if partners and draw(st.booleans()):
            event["alongside"] = [draw(st.sampled_from(partners))]
        events.append(event)
    return {"actors": actors, "places": places,
            "sources": {"s": {"publisher": draw(NAMES), "leaning": draw(st.sampled_from(["neutral", "neutral", LEANINGS[1]])),
                              "title": draw(NAMES), "date": "2015-01-01",
                              "url": draw(st.sampled_from(["https://example.org/a", "javascript:alert(1)", ""]))}},
            "baseline": {c: {"date": "2011-03-15", "controller": "a0"} for c in ("SY", "IQ")},
            "events": events}


def accepted(document: dict):
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    try:
        return text, parse_events(text.encode("utf-8"), "generated.yaml", countries=SHAPES)
    except DataError:
        return text, None


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(documents())
def test_whatever_validates_answers_state_and_exports_png_and_well_formed_svg(tmp_path_factory, document):
    text, dataset = accepted(document)
    assume(dataset is not None)
    atlas = Atlas(Timeline(dataset), SHAPES)
    for day in (dataset.start, dataset.end):
        png = static_map(atlas, day, read_countries(), "png", width_px=600)
        assert png.startswith(b"\x89PNG")
        svg = static_map(atlas, day, read_countries(), "svg", width_px=600)
        ET.fromstring(svg)  # well-formed XML, whatever the names hold
    path = tmp_path_factory.mktemp("generated") / "events.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["state", "--date", dataset.end.isoformat(), "--data", str(path), "--json"]) == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_whatever_validates_loads_in_the_app(monkeypatch, tmp_path, seed, capsys):
    from streamlit.testing.v1 import AppTest

    text, dataset = accepted(_fixed_document(seed))
    assert dataset is not None
    path = tmp_path / "events.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_DATA", str(path))
    at = AppTest.from_file(str(fuzzing.ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    state = json.loads(_state_json(capsys, path, dataset.end))
    assert len(state) == len(dataset.places)


def _state_json(capsys, path, day) -> str:
    capsys.readouterr()
    assert main(["state", "--date", day.isoformat(), "--data", str(path), "--json"]) == 0
    return capsys.readouterr().out


def _fixed_document(seed: int) -> dict:
    """A document with hostile names that validates: the same every run."""
    names = ["5$ and 6$", "<script>alert(1)</script>", "\x07bell", "x\u200by", "\u202eevil", "ـالرقة"]
    shift = seed % len(names)
    pick = lambda i: names[(i + shift) % len(names)]  # noqa: E731
    return {"actors": {"a0": {"name": pick(0), "color": "#e61909"}, "a1": {"name": pick(1), "color": "#121212"}},
            "places": {"sy0": {"name": pick(2), "lat": 34.56, "lon": 38.28, "country": "SY", "kind": "city",
                               "label": 1},
                       "sy1": {"name": pick(3), "lat": 36.20, "lon": 37.16, "country": "SY", "kind": "town"}},
            "sources": {"s": {"publisher": pick(4), "leaning": "neutral", "title": pick(5), "date": "2015-01-01",
                              "url": "javascript:alert(1)"}},
            "baseline": {"SY": {"date": "2011-03-15", "controller": "a0"}},
            "events": [{"date": "2015-05-21", "place": "sy0", "controller": "a1", "kind": "capture", "sources": ["s"],
                        "note": pick(1)},
                       {"date": "2016-03-27", "place": "sy1", "controller": "a1", "kind": "capture",
                        "status": "contested", "against": "a0", "sources": ["s"]}]}
