"""Names on the map: the places' `label` rank is read strictly, the shipped data names about 40 key cities at
the default zoom, the pack carries the ranks, and the static SVG export writes the names as text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from frontline import timepack
from frontline.frames import Atlas
from frontline.io.boundaries import read_countries, subject_shapes
from frontline.io.events import parse_events, read_events
from frontline.io.export import static_map
from frontline.model import PlaceKind
from frontline.paths import DATA
from frontline.problems import DataError
from frontline.timeline import Timeline

KEY_CITIES = ("Damascus", "Aleppo", "Baghdad", "Mosul", "Raqqa")
PALMYRA_KIND = "    kind: city\n  yarmouk_camp:"


@pytest.fixture(scope="module")
def shipped() -> Atlas:
    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events(DATA, countries=shapes)), shapes)


def with_label(mini_text: str, value: str) -> str:
    """The mini fixture with `label: <value>` on Palmyra, written after its kind."""
    assert PALMYRA_KIND in mini_text
    return mini_text.replace(PALMYRA_KIND, f"    kind: city\n    label: {value}\n  yarmouk_camp:", 1)


@pytest.mark.parametrize("value", [1, 2, 3])
def test_a_label_rank_of_1_to_3_is_read(mini_text, value):
    ds = parse_events(with_label(mini_text, str(value)).encode(), "mini.yaml")
    assert ds.places["palmyra"].label == value
    assert ds.places["palmyra"].label_rank == value


@pytest.mark.parametrize("value", ["0", "4", "big", "1.5", "true", "[1]"])
def test_any_other_label_is_a_problem_with_file_and_line(mini_text, value):
    text = with_label(mini_text, value)
    with pytest.raises(DataError) as caught:
        parse_events(text.encode(), "broken.yaml")
    [problem] = [p for p in caught.value.problems if p.field == "label"]
    assert problem.file == "broken.yaml"
    assert problem.line == text[: text.index(f"label: {value}")].count("\n") + 1
    assert "should be 1" in problem.message and "2 (" in problem.message and "3 (" in problem.message
    assert str(problem).startswith(f"broken.yaml:{problem.line}:")


@pytest.mark.parametrize("kind, rank", [(PlaceKind.CITY, 3), (PlaceKind.TOWN, 3), (PlaceKind.VILLAGE, 0),
                                        (PlaceKind.BASE, 0), (PlaceKind.CAMP, 0)])
def test_without_a_label_cities_and_towns_are_named_from_zoom_8_and_the_rest_never(mini_text, kind, rank):
    ds = parse_events(mini_text.encode(), "mini.yaml")
    assert replace(ds.places["palmyra"], kind=kind).label_rank == rank


def test_the_shipped_data_names_about_40_key_cities_at_the_default_zoom(shipped):
    places = shipped.timeline.dataset.places.values()
    first = sorted(p.name for p in places if p.label_rank == 1)
    assert 38 <= len(first) <= 42, first
    assert set(KEY_CITIES) <= set(first)
    assert {p.country for p in places if p.label_rank == 1} == {"SY", "IQ"}
    # Every other city is named one level in; nothing that is neither a city nor a town is named by default.
    assert all(p.label_rank in (1, 2) for p in places if p.kind is PlaceKind.CITY)
    assert all(p.label_rank == 0 for p in places if p.kind not in (PlaceKind.CITY, PlaceKind.TOWN)
               and p.label is None)


def test_the_pack_carries_every_places_rank(shipped):
    data = timepack.pack(shipped)
    ranks = timepack.decode_array(data["places"]["label"])
    assert data["places"]["label"].startswith("u1:")
    places = shipped.timeline.dataset.places
    assert list(ranks) == [places[p].label_rank for p in data["places"]["ids"]]
    by_name = dict(zip(data["places"]["names"], ranks))
    assert all(by_name[name] == 1 for name in KEY_CITIES)


def test_the_svg_export_writes_the_names_as_text(shipped):
    svg = static_map(shipped, dt.date(2015, 6, 1), read_countries(), "svg").decode("utf-8")
    texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    for name in ("Aleppo", "Damascus", "Baghdad", "Mosul"):
        assert name in texts, name
    # Findable: each name sits in a group with the place's id.
    assert 'id="label-aleppo"' in svg and 'id="label-baghdad"' in svg
    assert "S Y R I A" in texts and "I R A Q" in texts
    assert "Euphrates" in texts and "Tigris" in texts
    assert 'id="river-euphrates"' in svg and 'id="rivers"' in svg  # the river lines, as a named group


def test_static_names_do_not_overlap(shipped):
    """The collision pass, measured on the figure: no two names' boxes intersect; every key city is named."""
    import matplotlib.pyplot as plt

    from frontline.frames import places_frame
    from frontline.render.static import map_figure

    date = dt.date(2015, 6, 1)
    frames = shipped.frames_at(date)
    places = places_frame(shipped.timeline, frames.state)
    fig = map_figure(shipped.timeline.dataset, date, places, read_countries(), frames.territory, frames.fronts)
    try:
        renderer = fig.canvas.get_renderer()
        names = [t for t in fig.axes[0].texts if (t.get_gid() or "").startswith(("label-", "country-"))
                 and "halo" not in t.get_gid()]
        boxes = [t.get_window_extent(renderer) for t in names]
        shown = {t.get_text() for t in names}
    finally:
        plt.close(fig)
    assert set(KEY_CITIES) <= shown
    assert len(shown) >= 30
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)
