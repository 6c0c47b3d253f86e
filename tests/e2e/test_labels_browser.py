"""Names on the web map, in the standalone HTML file opened from disk with every network request refused:
about 40 key cities at the default zoom, none overlapping another or the date bar, more as one zooms in."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import TIMEOUT, is_file, write_export

pytestmark = pytest.mark.e2e

WIDTH, HEIGHT = 1400, 1000
KEY = ("Aleppo", "Damascus", "Baghdad", "Mosul", "Raqqa", "Deir ez-Zor", "Erbil", "Kirkuk")


@pytest.fixture(scope="module")
def export(atlas, tmp_path_factory):
    return write_export(atlas, tmp_path_factory.mktemp("labels"), dt.date(2015, 6, 1))


@pytest.fixture
def page(new_page, export):
    page = new_page(WIDTH, HEIGHT, allow=is_file)
    page.goto(export.as_uri())
    page.wait_for_function("() => window.frontlineEngine && frontlineEngine.getDate() === '2015-06-01'",
                           timeout=TIMEOUT)
    page.wait_for_function("() => !frontlineEngine._map._animatingZoom && frontlineEngine.labels().length",
                           timeout=TIMEOUT)
    return page


def zoom_to(page, zoom: int) -> list[dict]:
    """The labels drawn once the map rests at `zoom` (same centre), in view."""
    page.evaluate("z => frontlineEngine._map.setZoom(z, {animate: false})", zoom)
    page.wait_for_function("z => frontlineEngine._map.getZoom() === z && "
                           "frontlineEngine._surfaces.labels._zoom === z", arg=zoom, timeout=TIMEOUT)
    return in_view(page)


def in_view(page) -> list[dict]:
    labels = page.evaluate("() => frontlineEngine.labels()")
    return [a for a in labels if a["x"] < WIDTH and a["x"] + a["w"] > 0 and a["y"] < HEIGHT and a["y"] + a["h"] > 0]


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    return [(a["name"], b["name"]) for k, a in enumerate(labels) for b in labels[k + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"]
            and b["y"] < a["y"] + a["h"]]


def bar_top(page) -> float:
    return page.evaluate("() => document.querySelector('.frontline-bar').getBoundingClientRect().top - "
                         "frontlineEngine._map.getContainer().getBoundingClientRect().top")


def test_key_cities_are_named_at_the_default_zoom_without_overlaps(page, offline):
    default = page.evaluate("() => frontlineEngine._map.getZoom()")
    assert default in (6, 7)  # the region fitted to 1400×1000
    for zoom in sorted({default, 6}):
        labels = in_view(page) if zoom == default else zoom_to(page, zoom)
        names = {a["name"] for a in labels}
        assert set(KEY) <= names, (zoom, sorted(names))
        assert len(labels) >= 30, (zoom, sorted(names))
        assert {"SYRIA", "IRAQ"} <= names
        assert {"Euphrates", "Tigris"} <= names  # the rivers, named with the rest: never over a city's name
        assert overlapping(labels) == []
        top = bar_top(page)
        assert all(a["y"] + a["h"] <= top for a in labels), "a name under the date bar"
        assert all(a["w"] > 10 and 12 <= a["h"] <= 20 for a in labels if a["rank"])
    assert offline.attempted == []


def test_zooming_in_names_more_places_and_never_overlaps(page, offline):
    at6 = zoom_to(page, 6)
    at8 = zoom_to(page, 8)
    assert len(at8) > len(at6)
    assert {a["rank"] for a in at8} >= {1, 2, 3}  # towns are named two levels in
    assert 3 not in {a["rank"] for a in at6} and 2 not in {a["rank"] for a in at6}
    assert not {"SYRIA", "IRAQ"} & {a["name"] for a in at8}  # country names only up to zoom 7
    assert overlapping(at8) == []
    assert offline.attempted == []


def test_names_are_their_own_layer_above_the_places_that_ignores_the_pointer_and_the_date(page, offline):
    info = page.evaluate("""() => {
      const pane = frontlineEngine._map.getPane('frontline-labels');
      const places = frontlineEngine._map.getPane('frontline-places');
      return {events: getComputedStyle(pane).pointerEvents, z: +pane.style.zIndex, placesZ: +places.style.zIndex,
              canvases: pane.querySelectorAll('canvas').length};
    }""")
    assert info["events"] == "none" and info["z"] > info["placesZ"] and info["canvases"] == 1
    before = page.evaluate("() => frontlineEngine.labels()")
    page.evaluate("() => frontlineEngine.setDate('2018-01-01')")
    assert page.evaluate("() => frontlineEngine.labels()") == before  # names do not change with the date

    page.evaluate("() => frontlineEngine.setLayerVisible('labels', false)")
    assert page.evaluate("() => frontlineEngine.labels()") == []
    assert page.evaluate("() => frontlineEngine.hiddenLayers()") == ["labels"]
    page.evaluate("() => frontlineEngine.setLayerVisible('labels', true)")
    assert len(page.evaluate("() => frontlineEngine.labels()")) == len(before)
    assert offline.attempted == []
