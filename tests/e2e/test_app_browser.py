"""The real app in a real browser: a link with a date, a step of the date bar that recolours the map,
a place's popup, the layer switches kept in the link, the two downloads, a bad link, no network."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
import shapely
import shapely.ops
from PIL import Image

from frontline.render.text import safe_url
from tests.e2e.conftest import (
    TIMEOUT,
    at_rest,
    click_place,
    is_file,
    layer_switch,
    map_frame,
    params,
    settled,
    wait_engine_date,
    wait_feed,
    wait_url,
)

pytestmark = pytest.mark.e2e

# What the canvases show at a point: the territory canvas holds opaque fills (its pane carries the
# opacity), the places canvas the markers; both are read back as #rrggbb.
PIXEL = """([pane, lat, lon]) => {
    const canvas = map_div.getPane(pane).querySelector('canvas');
    const box = canvas.getBoundingClientRect(), map = map_div.getContainer().getBoundingClientRect();
    const p = map_div.latLngToContainerPoint([lat, lon]);
    const x = Math.round((map.left + p.x - box.left) * canvas.width / box.width);
    const y = Math.round((map.top + p.y - box.top) * canvas.height / box.height);
    const [r, g, b, a] = canvas.getContext('2d').getImageData(x, y, 1, 1).data;
    return a === 0 ? null : '#' + [r, g, b].map(v => v.toString(16).padStart(2, '0')).join('');
}"""


def open_downloads(page) -> None:
    """Turn on the "Download what you see" switch (once) and wait for its buttons."""
    if not page.get_by_role("button", name="Map (PNG)").count():
        page.get_by_text("Download what you see").click()
    page.get_by_role("button", name="Map (PNG)").wait_for(timeout=TIMEOUT)


def colour_at(frame, pane: str, place) -> str | None:
    return frame.evaluate(PIXEL, [pane, place.lat, place.lon])


def deep_inside(atlas, place_id: str) -> SimpleNamespace:
    """The point of a place's cell, within 5 km of it, farthest from the cell's edges: the territory there is the
    cell's own colour, not a front line drawn across it (a place's own point can lie near a border when a
    neighbour is close)."""
    place = atlas.timeline.dataset.places[place_id]
    cell = atlas.display_geometries[atlas.timeline.place_ids.index(place_id)]
    near = cell.intersection(shapely.Point(place.lon, place.lat).buffer(0.05))
    largest = max(getattr(near, "geoms", [near]), key=lambda part: part.area)
    point = shapely.ops.polylabel(largest, tolerance=1e-4)
    return SimpleNamespace(lat=point.y, lon=point.x)


def close(colour: str | None, expected: str, tolerance: int = 4) -> bool:
    """Two #rrggbb colours within a few units per channel: canvas read-back rounds a premultiplied pixel."""
    if colour is None:
        return False
    return all(abs(int(colour[k:k + 2], 16) - int(expected[k:k + 2], 16)) <= tolerance for k in (1, 3, 5))


def controller(frame, atlas, place_id: str) -> str:
    index = atlas.timeline.place_ids.index(place_id)
    code = frame.evaluate("i => frontlineEngine.codes()[i]", index)
    return atlas.timeline.actor_ids[code & 31]


def test_a_step_of_the_date_bar_recolours_palmyra_and_the_png_is_of_that_date(server, page, offline, atlas):
    dataset = atlas.timeline.dataset
    palmyra = dataset.places["palmyra"]
    black, red = dataset.actors["isis"].color, dataset.actors["syrian_government"].color
    # The day before the government retook Palmyra (27 March 2016).
    page.goto(f"{server.url}/?date=2016-03-26")
    frame = map_frame(page, "2016-03-26")
    wait_feed(page, "2016-03-26")
    assert controller(frame, atlas, "palmyra") == "isis"
    frame.wait_for_function(f"() => ({PIXEL})(['frontline-places', {palmyra.lat}, {palmyra.lon}]) === '{black}'",
                            timeout=TIMEOUT)
    assert close(colour_at(frame, "frontline-territory", deep_inside(atlas, "palmyra")), black)

    frame.get_by_role("button", name="One day forward (→)").click()
    wait_url(page, date="2016-03-27")
    wait_feed(page, "2016-03-27")
    settled(page)
    assert controller(frame, atlas, "palmyra") == "syrian_government"
    assert colour_at(frame, "frontline-places", palmyra) == red
    assert close(colour_at(frame, "frontline-territory", deep_inside(atlas, "palmyra")), red)
    assert frame.locator(".frontline-range").get_attribute("aria-valuetext") == "27 March 2016"

    with page.expect_download(timeout=120_000) as download_info:
        open_downloads(page)
        page.get_by_role("button", name="Map (PNG)").click()
    download = download_info.value
    assert download.suggested_filename == "frontline-2016-03-27.png"
    image = Image.open(io.BytesIO(open(download.path(), "rb").read()))
    assert image.format == "PNG" and image.width >= 1600
    assert offline.attempted == []


def test_a_place_popup_names_its_holder_since_when_and_its_sources(server, page, offline, atlas):
    dataset = atlas.timeline.dataset
    palmyra = dataset.places["palmyra"]
    page.goto(f"{server.url}/?date=2016-03-27")
    frame = map_frame(page, "2016-03-27")
    body = click_place(page, frame, palmyra)
    text = body.inner_text()
    assert "Palmyra" in text and "Tadmur" in text
    assert dataset.actors["syrian_government"].name in text and "since 27 March 2016" in text
    assert "as on 27 March 2016" in text
    recapture = next(e for e in atlas.timeline.control_events if e.place == "palmyra" and e.date == dt.date(2016, 3, 27))
    for source in recapture.sources:
        assert dataset.sources[source].label in text
    # a source with an http(s) address is a link to it; one without is plain text
    urls = sorted(dataset.sources[s].url for s in recapture.sources if dataset.sources[s].url.startswith("http"))
    assert urls, "the recapture of Palmyra cites reports that open"
    links = body.locator(".frontline-sources a")
    assert sorted(links.nth(k).get_attribute("href") for k in range(links.count())) == urls

    # The open popup follows the date: a day back, Palmyra is the Islamic State's again.
    frame.get_by_role("button", name="One day back (←)").click()
    wait_engine_date(frame, "2016-03-26")
    body.get_by_text("as on 26 March 2016").wait_for(timeout=TIMEOUT)
    assert dataset.actors["isis"].name in body.inner_text() and "since 21 May 2015" in body.inner_text()
    wait_url(page, date="2016-03-26")

    # The Islamic State's return in December 2016 (through a day of government hold, so that the place's
    # code changes at each step): a source with an address is a safe outbound link.
    frame.evaluate("() => frontlineEngine.setDate('2016-12-10')")
    body.get_by_text("as on 10 December 2016").wait_for(timeout=TIMEOUT)
    frame.get_by_role("button", name="One day forward (→)").click()
    body.get_by_text("since 11 December 2016").wait_for(timeout=TIMEOUT)
    retake = next(e for e in atlas.timeline.control_events if e.place == "palmyra" and e.date == dt.date(2016, 12, 11))
    addresses = sorted(dataset.sources[s].url for s in retake.sources if safe_url(dataset.sources[s].url))
    links = body.locator("a")
    assert addresses and sorted(links.nth(k).get_attribute("href") for k in range(links.count())) == addresses
    for k in range(links.count()):
        assert links.nth(k).get_attribute("rel") == "noopener noreferrer"
        assert links.nth(k).get_attribute("target") == "_blank"
    wait_url(page, date="2016-12-11")
    assert offline.attempted == []


def test_an_open_popup_says_the_date_the_map_shows(server, page, offline, atlas):
    """A day on which the place did not change: the popup's "as on" must still be the shown date."""
    palmyra = atlas.timeline.dataset.places["palmyra"]
    page.goto(f"{server.url}/?date=2016-04-15")
    frame = map_frame(page, "2016-04-15")
    body = click_place(page, frame, palmyra)
    assert "as on 15 April 2016" in body.inner_text()
    frame.get_by_role("button", name="One day back (←)").click()
    wait_engine_date(frame, "2016-04-14")
    wait_url(page, date="2016-04-14")
    assert "as on 14 April 2016" in body.inner_text(), body.inner_text()
    assert offline.attempted == []


def test_an_open_popup_tells_the_hold_of_the_date_the_map_shows(server, page, offline, atlas):
    """Same holder on both dates, but not the same hold: Palmyra was the Islamic State's on 26 March 2016
    (since 21 May 2015) and again on 11 December 2016 (since that day, after the government's nine months)."""
    palmyra = atlas.timeline.dataset.places["palmyra"]
    page.goto(f"{server.url}/?date=2016-03-26")
    frame = map_frame(page, "2016-03-26")
    body = click_place(page, frame, palmyra)
    assert "since 21 May 2015" in body.inner_text()
    frame.evaluate("() => frontlineEngine.setDate('2016-12-11')")
    wait_engine_date(frame, "2016-12-11")
    page.wait_for_timeout(500)
    text = body.inner_text()
    assert "since 11 December 2016" in text and "as on 11 December 2016" in text, text
    assert offline.attempted == []


def test_layer_switches_live_in_the_link(server, page, offline):
    page.goto(f"{server.url}/?date=2016-03-26")
    frame = map_frame(page, "2016-03-26")
    territory = layer_switch(frame, "territory")
    assert territory.is_checked()
    territory.uncheck()
    wait_url(page, date="2016-03-26", hide="territory")
    assert frame.evaluate("() => frontlineEngine.hiddenLayers()") == ["territory"]
    assert frame.evaluate("() => getComputedStyle(map_div.getPane('frontline-territory')).display") == "none"

    page.reload()
    frame = map_frame(page, "2016-03-26")
    frame.wait_for_function("() => frontlineEngine.hiddenLayers().join() === 'territory'", timeout=TIMEOUT)
    assert not layer_switch(frame, "territory").is_checked()
    assert layer_switch(frame, "fronts").is_checked()

    layer_switch(frame, "territory").check()
    page.wait_for_function("() => !new URLSearchParams(location.search).has('hide')", timeout=TIMEOUT)
    assert params(page)["date"] == "2016-03-26"
    assert offline.attempted == []


def test_the_interactive_html_download_opens_offline_on_the_shown_date(server, page, new_page, offline, tmp_path):
    at_rest(page, server, "date=2015-06-01", "2015-06-01")
    with page.expect_download(timeout=120_000) as download_info:
        open_downloads(page)
        page.get_by_role("button", name="Interactive map (HTML, works offline)").click()
    download = download_info.value
    assert download.suggested_filename == "frontline-2015-06-01.html"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    html = path.read_text(encoding="utf-8")
    assert "frontline-pack" in html and "<script src=" not in html

    offline_page = new_page(allow=is_file)  # nothing but the file itself
    offline_page.goto(path.as_uri())
    offline_page.locator(".frontline-range").wait_for(timeout=TIMEOUT)
    wait_engine_date(offline_page.main_frame, "2015-06-01")
    assert offline_page.locator(".frontline-range").get_attribute("aria-valuetext") == "1 June 2015"
    assert offline.attempted == []


def test_the_svg_download_is_what_the_reader_sees(server, page, offline):
    """Zoomed on Aleppo with the fronts switched off, the downloaded map shows Aleppo and not Basra, no front
    lines, and its source line carries the link to this view."""
    import re

    at_rest(page, server, "date=2016-12-22&view=36.2000,37.1500,9&hide=fronts", "2016-12-22")
    with page.expect_download(timeout=120_000) as download_info:
        open_downloads(page)
        page.get_by_role("button", name="Map (SVG)").click()
    download = download_info.value
    assert download.suggested_filename == "frontline-2016-12-22.svg"
    svg = open(download.path(), encoding="utf-8").read()
    texts = [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)]
    assert "Aleppo" in texts and "Basra" not in texts and "Baghdad" not in texts
    assert 'id="fronts"' not in svg and 'id="north-arrow"' in svg
    assert "date=2016-12-22" in svg and "hide=fronts" in svg  # the permalink in the source line
    assert offline.attempted == []


def test_a_bad_date_in_the_link_shows_a_warning_and_the_last_day(server, page, offline, atlas):
    page.goto(f"{server.url}/?date=2015-02-30")
    page.get_by_text("is not a date written YYYY-MM-DD").wait_for(timeout=TIMEOUT)
    end = atlas.timeline.dataset.end.isoformat()
    map_frame(page, end)
    wait_url(page, date=end)
    assert page.locator("text=Traceback").count() == 0
    assert offline.attempted == []
