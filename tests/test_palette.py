"""The palette, measured on what is drawn: every two actors who share a front are told apart (CIEDE2000 >= 20)
in normal vision and under deuteranopia and protanopia; ISIS is the darkest fill; HTS has a hue."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from frontline.cartography import TERRITORY_OPACITY, composite, territory_fill
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import read_events
from frontline.model import Actor
from frontline.palette import MIN_DELTA_E, ciede2000, fill_delta_e, front_pairs, lab, palette_problems
from frontline.paths import DATA
from frontline.timeline import Timeline

SHAPES = subject_shapes(read_countries())


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    return Atlas(Timeline(read_events(DATA, countries=SHAPES)), SHAPES)


@pytest.fixture(scope="module")
def pairs(shipped) -> set[tuple[str, str]]:
    return front_pairs(shipped)


# Sharma, Wu and Dalal (2005), the CIEDE2000 test data: pairs 1, 2, 7, 17, 25 and 34.
@pytest.mark.parametrize("first,second,expected", [
    ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
    ((50.0, 3.1571, -77.2803), (50.0, 0.0, -82.7485), 2.8615),
    ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
    ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ((90.9257, -0.5406, -0.9208), (88.6381, -0.8985, -0.7239), 1.5381),
])
def test_ciede2000_matches_the_published_test_data(first, second, expected):
    assert ciede2000(np.array(first), np.array(second)) == pytest.approx(expected, abs=1e-4)


def test_the_front_pairs_of_the_shipped_data_are_the_wars_pairs(pairs):
    met = {frozenset(p) for p in pairs}
    for first, second in [("isis", "syrian_government"), ("rebels", "syrian_government"), ("nusra_hts", "rebels"),
                          ("sdf", "turkey_sna"), ("iraqi_government", "isis"), ("iraqi_government", "peshmerga")]:
        assert frozenset((first, second)) in met
    assert frozenset(("peshmerga", "sdf")) not in met  # never adjacent: different countries


def test_every_pair_of_actors_sharing_a_front_is_told_apart_in_every_vision(shipped, pairs):
    problems = palette_problems(shipped.timeline.dataset, pairs)
    assert problems == [], "\n".join(map(str, problems))


def test_isis_is_the_darkest_fill_and_hts_has_a_hue(shipped):
    actors = shipped.timeline.dataset.actors
    lightness = {a: lab(np.array(composite(actor.color)))[0] for a, actor in actors.items()}
    assert min(lightness, key=lightness.get) == "isis"
    _, a, b = lab(np.array(composite(actors["nusra_hts"].color)))
    assert np.hypot(a, b) > 20  # chroma: a colour, not a grey


def test_a_curator_who_picks_a_bad_colour_is_told(shipped, pairs):
    dataset = shipped.timeline.dataset
    actors = dict(dataset.actors)
    actors["rebels"] = Actor("rebels", actors["rebels"].name, "#d21a0a")  # government red, nearly
    problems = palette_problems(dataclasses.replace(dataset, actors=actors), pairs)
    assert any({p.first, p.second} == {"rebels", "syrian_government"} for p in problems)
    assert all(p.delta_e < MIN_DELTA_E for p in problems)
    assert "rebels" in str(problems[0]) and "CIEDE2000" in str(problems[0])


def test_the_static_fill_is_the_web_fill():
    """The web map draws an actor at TERRITORY_OPACITY over the land; the exports fill with that colour."""
    assert 0.5 <= TERRITORY_OPACITY <= 0.9
    rgb = np.array(composite("#e61909"))
    assert territory_fill("#e61909") == "#" + "".join(f"{round(v * 255):02x}" for v in rgb)
    assert fill_delta_e("#e61909", "#e61909") == pytest.approx(0.0)
