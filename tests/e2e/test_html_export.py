"""The standalone HTML map opened from disk with every network request refused: it plays the whole record
with its own date bar and keeps the shown date in the URL fragment (#date=YYYY-MM-DD)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from frontline.timepack import split_codes
from tests.e2e.conftest import TIMEOUT, is_file, wait_engine_date, words, write_export

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def export(atlas, tmp_path_factory):
    """The file the app offers for 26 March 2016, written to disk."""
    return write_export(atlas, tmp_path_factory.mktemp("export"), dt.date(2016, 3, 26))


def open_file(new_page, url: str):
    page = new_page(allow=is_file)  # file: and data: only: no server, no network
    page.goto(url)
    page.locator(".frontline-range").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.frontlineEngine && window.frontlineEngine.getDate()", timeout=TIMEOUT)
    return page


def test_the_file_opens_offline_on_its_date_plays_and_keeps_the_date_in_its_fragment(new_page, offline, export,
                                                                                       atlas):
    page = open_file(new_page, export.as_uri())
    wait_engine_date(page.main_frame, "2016-03-26")
    assert page.locator(".frontline-range").get_attribute("aria-valuetext") == "26 March 2016"
    assert page.locator(".frontline-date").inner_text() == "26 March 2016"
    # It draws what Python computes for that day.
    actor, _ = split_codes(np.array(page.evaluate("() => Array.from(frontlineEngine.codes())"), dtype=np.int64))
    np.testing.assert_array_equal(actor, atlas.timeline.state_at(dt.date(2016, 3, 26)).controller)
    assert page.evaluate("() => frontlineEngine.frontCount()") == len(atlas.frames_at(dt.date(2016, 3, 26)).fronts)

    day0 = page.evaluate("() => frontlineEngine.getDay()")
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("d => frontlineEngine.getDay() >= d + 20", arg=day0, timeout=TIMEOUT)
    assert page.evaluate("() => frontlineEngine.isPlaying()")
    page.get_by_role("button", name="Pause", exact=True).click()
    paused = page.evaluate("() => frontlineEngine.getDate()")
    assert not page.evaluate("() => frontlineEngine.isPlaying()") and paused > "2016-04-15"
    page.wait_for_function("d => location.hash === '#date=' + d", arg=paused, timeout=TIMEOUT)
    assert page.locator(".frontline-range").get_attribute("aria-valuetext") == words(paused)

    # A key commits too (250 ms after it), in place: no history entry per date.
    entries = page.evaluate("() => history.length")
    page.locator(".frontline-range").press("ArrowRight")
    after = (dt.date.fromisoformat(paused) + dt.timedelta(days=1)).isoformat()
    page.wait_for_function("d => location.hash === '#date=' + d", arg=after, timeout=TIMEOUT)
    assert page.evaluate("() => history.length") == entries
    assert page.url == export.as_uri() + f"#date={after}"
    assert offline.attempted == []


def test_the_file_opens_on_the_date_in_its_fragment(new_page, offline, export):
    page = open_file(new_page, export.as_uri() + "#date=2015-06-01")
    wait_engine_date(page.main_frame, "2015-06-01")
    assert page.locator(".frontline-range").get_attribute("aria-valuetext") == "1 June 2015"
    assert page.locator(".frontline-date").inner_text() == "1 June 2015"
    assert offline.attempted == []


def test_the_file_needs_nothing_but_itself(new_page, offline, export):
    page = open_file(new_page, export.as_uri())
    assert page.evaluate("() => typeof L === 'object' && L.version") == "1.9.3"  # Leaflet inline
    assert page.locator("canvas.frontline-canvas").count() == 4  # zones, territory, fronts, places drawn
    assert offline.attempted == []


def test_the_guard_refuses_and_records_a_request_that_would_leave(new_page, offline, export):
    """The check the other tests rely on: a request beyond the machine is refused and recorded."""
    page = open_file(new_page, export.as_uri())
    failed = page.evaluate("""() => Promise.all([
        fetch('https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js').then(() => false, () => true),
        new Promise(done => { const img = new Image(); img.onload = () => done(false); img.onerror = () => done(true);
                              img.src = 'https://tile.openstreetmap.org/6/38/25.png'; }),
    ])""")
    assert failed == [True, True]
    assert sorted(offline.attempted) == ["https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
                                         "https://tile.openstreetmap.org/6/38/25.png"]


def test_a_popup_says_when_a_change_is_known_only_within_a_window_and_cites_its_reports(new_page, offline, export,
                                                                                        atlas):
    """The popup's words come from the citations document, parsed on the first popup: al-Awja fell to the
    Islamic State in a window (11–28 June 2014) that the popup states, with its sources as links."""
    [event] = [e for e in atlas.timeline.control_events if e.place == "awja" and e.earliest is not None
               and e.date.year == 2014]
    page = open_file(new_page, export.as_uri())
    assert page.evaluate("() => frontlineEngine._rec._citations === undefined")  # nothing parsed before a popup
    page.evaluate("([d, p]) => { frontlineEngine.setDate(d); frontlineEngine.showPlace(p); }",
                  [event.date.isoformat(), "awja"])
    body = page.locator(".frontline-popup-body[data-place='awja']")
    body.wait_for(timeout=TIMEOUT)
    text = body.inner_text()
    assert f"≈ between {words(event.earliest.isoformat())} and {words(event.date.isoformat())}" in text
    urls = {atlas.timeline.dataset.sources[s].url for s in event.sources}
    links = body.locator(".frontline-sources a")
    assert links.count() >= 1 and {links.nth(k).get_attribute("href") for k in range(links.count())} <= urls
    assert offline.attempted == []
