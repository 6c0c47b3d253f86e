"""The map as a reader sees it (pixels of a screenshot): ISIS is the darkest territory, and zones beyond every
reach are drawn lighter than territory in the same holder's colour."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pytest
from PIL import Image

from tests.e2e.conftest import TIMEOUT, is_file, write_export

pytestmark = pytest.mark.e2e

DAY = dt.date(2015, 5, 25)
SAMPLES = ["raqqa", "damascus", "baghdad", "erbil", "idlib", "hasakah", "daraa", "qamishli"]


@pytest.fixture(scope="module")
def page_file(atlas, tmp_path_factory):
    return write_export(atlas, tmp_path_factory.mktemp("cartography"), DAY, hidden=("places", "labels", "fronts"))


def luminance(rgb) -> float:
    r, g, b = (np.asarray(rgb[:3], float) / 255) ** 2.2
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_isis_is_the_darkest_territory_as_drawn_and_zones_are_lighter(new_page, offline, page_file, atlas):
    page = new_page(1280, 900, allow=is_file)
    page.goto(page_file.as_uri())
    page.wait_for_function("() => window.frontlineEngine && frontlineEngine.getDate()", timeout=TIMEOUT)
    page.wait_for_timeout(300)
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    timeline = atlas.timeline
    state = timeline.state_at(DAY)
    holder, colour = {}, {}
    for pid in SAMPLES:
        place = timeline.dataset.places[pid]
        point = page.evaluate("([lat, lon]) => { const p = map_div.latLngToContainerPoint([lat, lon]);"
                              " return [p.x, p.y]; }".replace("map_div", "frontlineEngine._map"),
                              [place.lat, place.lon])
        holder[pid] = timeline.actor_ids[state.controller[timeline.place_ids.index(pid)]]
        colour[pid] = image.getpixel((round(point[0]), round(point[1])))
    assert holder["raqqa"] == "isis"
    others = {pid: luminance(c) for pid, c in colour.items() if holder[pid] != "isis"}
    assert len({holder[p] for p in others}) >= 4  # government, Iraqi government, Peshmerga, HTS, rebels, SDF…
    assert all(luminance(colour["raqqa"]) < value for value in others.values()), (colour, holder)

    # Iraq's southern desert lies beyond every place's reach: the nearest holder's zone (the Iraqi government's),
    # in its colour but lighter than its territory.
    zone = page.evaluate("() => { const p = frontlineEngine._map.latLngToContainerPoint([31.8, 42.5]);"
                         " return [p.x, p.y]; }")
    zone_pixel = image.getpixel((round(zone[0]), round(zone[1])))
    land = (0xF4, 0xF2, 0xEC)
    assert holder["baghdad"] == "iraqi_government"
    assert zone_pixel != land and luminance(zone_pixel) > luminance(colour["baghdad"]) + 0.05
    r, g, b = zone_pixel
    assert r > g and b > g  # pink, the Iraqi government's hue, not grey


def test_contested_places_face_the_same_side_in_the_engine_as_in_python(new_page, offline, atlas, tmp_path):
    """The engine derives a contested cell's other side by the rule of `territory.challengers` (or takes the
    side its event names): on dates with contested places in Aleppo, Damascus, Iraq, both agree."""
    dates = [dt.date(2014, 6, 15), dt.date(2016, 12, 22), dt.date(2015, 5, 25)]
    page = new_page(1000, 700, allow=is_file)
    page.goto(write_export(atlas, tmp_path, dates[0]).as_uri())
    page.wait_for_function("() => window.frontlineEngine && frontlineEngine.getDate()", timeout=TIMEOUT)
    assert "derived" in page.inner_text(".leaflet-control-attribution")  # said on the map itself
    compared = 0
    for day in dates:
        territory = atlas.frames_at(day).territory
        contested = territory[territory["status"] == "contested"]
        page.evaluate("(d) => frontlineEngine.setDate(d)", day.isoformat())
        for place, side in zip(contested["place"], contested["challenger"]):
            index = atlas.timeline.place_ids.index(place)
            seen = page.evaluate("(i) => { const c = frontlineEngine.describe(i).challenger; return c && c.id; }",
                                 index)
            assert seen == (None if side is None or side != side else side), (day, place)
            compared += 1
    assert compared >= 15


def test_no_war_front_between_baghdad_and_the_kurdistan_region_in_peacetime(new_page, offline, atlas, tmp_path):
    """2011-03-20: the Iraqi government and the Peshmerga share a long border, drawn as a quiet line of control,
    never as a front; during the Kirkuk fighting of October 2017 the same pair's border is a front."""
    page = new_page(1000, 700, allow=is_file)
    page.goto(write_export(atlas, tmp_path, dt.date(2011, 3, 20)).as_uri())
    page.wait_for_function("() => window.frontlineEngine && frontlineEngine.getDate() === '2011-03-20'",
                           timeout=TIMEOUT)
    count = """([a, b]) => { const e = frontlineEngine, R = e._rec, ids = R.actors.map(x => x.id);
        const ia = ids.indexOf(a), ib = ids.indexOf(b); let front = 0, quiet = 0;
        for (let k = 0; k < R.nEdges; k++) {
          const x = e._codes[R.pairs[2 * k]] & 31, y = e._codes[R.pairs[2 * k + 1]] & 31;
          if ((x === ia && y === ib) || (x === ib && y === ia)) { if (e._isFront[k] === 1) front++; else if (e._isFront[k] === 2) quiet++; }
        }
        return [front, quiet, e.frontCount()]; }"""
    pair = ["iraqi_government", "peshmerga"]
    front, quiet, total = page.evaluate(count, pair)
    assert front == 0 and quiet > 10, (front, quiet)
    assert total == len(atlas.frames_at(dt.date(2011, 3, 20)).fronts)
    page.evaluate("() => frontlineEngine.setDate('2017-10-20')")
    front, quiet, total = page.evaluate(count, pair)
    assert front > 0 and quiet == 0, (front, quiet)
    assert total == len(atlas.frames_at(dt.date(2017, 10, 20)).fronts)
