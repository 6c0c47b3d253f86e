"""The time engine in the real app: the browser replays the record exactly as Python does, the date bar
repaints while dragging, play and pause, keys, Back, zoom and shared links, a phone's screen, no network.

Everything here runs against `streamlit run app.py` on the shipped data. The engine is reached through
`window.frontlineEngine` and the Leaflet map through `window.map_div`, inside the streamlit-folium iframe.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from frontline import timepack
from frontline.timepack import split_codes
from tests.e2e.conftest import (
    MAP_IFRAME,
    TIMEOUT,
    click_place,
    layer_switch,
    map_frame,
    params,
    settled,
    steady_box,
    wait_engine_date,
    wait_feed,
    wait_url,
    words,
)

pytestmark = pytest.mark.e2e

# Seeks forward and backward, by a day, by less than a keyframe (64 days) and across many keyframes,
# through days where control changed (Mosul, Palmyra twice, Raqqa, the end of 2024).
SAMPLES = ["2014-06-10", "2014-07-20", "2014-06-29", "2016-03-27", "2016-03-26", "2012-07-19",
           "2017-10-17", "2024-12-08", "2011-03-15", "2024-12-20"]


def open_app(page, server, query: str, date: str):
    """Open the app at `?query`, wait for the map showing `date`, for the URL and for the feed."""
    page.goto(f"{server.url}/?{query}")
    frame = map_frame(page, date)
    wait_url(page, date=date)
    wait_feed(page, date)
    return frame


def date_range(frame):
    return frame.locator(".frontline-range")


def plus_days(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def history_length(page) -> int:
    return page.evaluate("() => history.length")


def legend(page):
    """The legend line above the map: the div around the per-actor counts (its first <b> is the date)."""
    return page.locator("[data-count]").first.locator("xpath=ancestor::div[1]")


LEGEND_DATE = "() => document.querySelector('[data-count]').closest('div').querySelector('b').textContent"


# --- (1) the engine's state is Python's --------------------------------------------------------------------

def test_the_engine_shows_what_python_computes_on_every_sampled_day(server, page, offline, atlas):
    frame = open_app(page, server, "date=2016-03-26", "2016-03-26")
    timeline = atlas.timeline
    ids = frame.evaluate("() => Array.from(frontlineEngine.codes(), (_, i) => frontlineEngine.describe(i).id)")
    assert ids == list(timeline.place_ids)  # same place order as Python's arrays

    seen = set()
    for date in SAMPLES:
        got = frame.evaluate("""iso => {
            frontlineEngine.setDate(iso);
            return {date: frontlineEngine.getDate(), codes: Array.from(frontlineEngine.codes()),
                    fronts: frontlineEngine.frontCount(),
                    label: document.querySelector('.frontline-range').getAttribute('aria-valuetext')};
        }""", date)
        day = dt.date.fromisoformat(date)
        state = timeline.state_at(day)
        actor, status = split_codes(np.array(got["codes"], dtype=np.int64))
        assert got["date"] == date and got["label"] == words(date)
        np.testing.assert_array_equal(actor, state.controller, err_msg=f"controllers on {date}")
        np.testing.assert_array_equal(status, state.status, err_msg=f"statuses on {date}")
        assert got["fronts"] == len(atlas.frames_at(day).fronts), f"front lines on {date}"
        seen.add(tuple(got["codes"]))
    assert len(seen) >= 7  # the samples really differ: the comparison is not of one state with itself
    assert offline.attempted == []


def test_the_engine_rebuilds_every_front_line_from_its_cells_rings(server, page, offline, atlas):
    """The pack ships borders as runs of their cells' rings (edge blocks); the engine must draw the same lines
    Python decodes. Read from the engine's record (test-only access) and unprojected by the map's own CRS."""
    frame = open_app(page, server, "date=2016-03-26", "2016-03-26")
    drawn = frame.evaluate("""() => {
        const R = frontlineEngine._rec, out = [];
        for (let i = 0; i < R.edges.features.length; i++)
            out.push(R.edges.features[i].map(xs => {
                const pts = [];
                for (let v = 0; v < xs.length; v += 2) {
                    const ll = map_div.options.crs.pointToLatLng(L.point(xs[v], xs[v + 1]), 0);
                    pts.push([ll.lng, ll.lat]);
                }
                return pts;
            }));
        return out;
    }""")
    expected = atlas.display_edges
    assert len(drawn) == len(expected) > 1000
    for lines, edge in zip(drawn, expected):
        parts = [p for p in timepack._parts(edge)]
        assert len(lines) == len(parts)
        for line, part in zip(lines, parts):
            np.testing.assert_allclose(np.array(line), part, atol=2e-5)


# --- (2) dragging --------------------------------------------------------------------------------------------

def test_dragging_the_date_bar_repaints_while_dragging_and_commits_on_release(server, page, offline):
    start = "2013-01-01"
    frame = open_app(page, server, f"date={start}", start)
    settled(page)
    before = frame.evaluate("() => ({...frontlineEngine.stats})")
    box = steady_box(page.frame_locator(MAP_IFRAME).first.locator(".frontline-range"))
    value, top = frame.evaluate("() => { const r = document.querySelector('.frontline-range');"
                                "        return [+r.value, +r.max]; }")
    thumb = 16  # the thumb's width on a wide screen (the engine's CSS)
    x = box["x"] + thumb / 2 + (box["width"] - thumb) * value / top
    y = box["y"] + box["height"] / 2

    page.mouse.move(x, y)
    page.mouse.down()
    seen = []
    for step in range(1, 41):
        page.mouse.move(x + 9 * step, y)
        if step % 4 == 0:
            seen.append(frame.evaluate("() => frontlineEngine.getDate()"))
    during = params(page)["date"]
    page.mouse.up()

    after = frame.evaluate("() => ({...frontlineEngine.stats})")
    inputs = after["inputs"] - before["inputs"]
    assert inputs >= 20
    assert (after["inputPaints"] - before["inputPaints"]) / inputs >= 0.95
    assert after["paints"] - before["paints"] >= 20
    # The map followed the pointer: the date moved on while the button was held...
    assert len(set(seen)) >= 8 and seen == sorted(seen) and seen[0] > start
    assert during == start  # ...and nothing was committed before the release
    shown = frame.evaluate("() => frontlineEngine.getDate()")
    assert shown >= seen[-1]
    wait_url(page, date=shown)
    wait_feed(page, shown)
    page.wait_for_function(f"w => ({LEGEND_DATE})() === w", arg=words(shown), timeout=TIMEOUT)
    assert legend(page).inner_text().startswith(words(shown))
    assert offline.attempted == []


# --- (3) play and pause ----------------------------------------------------------------------------------------

def test_play_advances_and_pause_commits_the_date_once(server, page, offline):
    start = "2014-01-01"
    frame = open_app(page, server, f"date={start}", start)
    settled(page)
    entries = history_length(page)
    day0 = frame.evaluate("() => frontlineEngine.getDay()")

    frame.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_timeout(1000)
    frame.wait_for_function("d => frontlineEngine.getDay() >= d + 20", arg=day0, timeout=TIMEOUT)
    assert frame.evaluate("() => frontlineEngine.isPlaying()")
    assert params(page)["date"] == start  # playing commits nothing
    frame.get_by_role("button", name="Pause", exact=True).click()

    paused = frame.evaluate("() => frontlineEngine.getDate()")
    assert not frame.evaluate("() => frontlineEngine.isPlaying()")
    assert paused > plus_days(start, 20)
    wait_url(page, date=paused)
    wait_feed(page, paused)
    page.wait_for_timeout(1500)  # anything else that would arrive, arrives
    assert history_length(page) == entries + 1  # one entry for the paused date, none per frame
    assert params(page)["date"] == paused and frame.evaluate("() => frontlineEngine.getDate()") == paused
    assert frame.get_by_role("button", name="Play", exact=True).is_visible()
    assert offline.attempted == []


# --- (4) keys -------------------------------------------------------------------------------------------------

def test_keys_step_a_day_a_month_and_to_the_end(server, page, offline, atlas):
    start = "2016-03-26"
    frame = open_app(page, server, f"date={start}", start)
    bar = date_range(frame)
    bar.focus()

    bar.press("ArrowRight")
    wait_url(page, date="2016-03-27")
    assert frame.evaluate("() => frontlineEngine.getDate()") == "2016-03-27"
    wait_feed(page, "2016-03-27")

    bar.press("PageUp")
    wait_url(page, date="2016-04-27")
    wait_feed(page, "2016-04-27")

    bar.press("End")
    end = atlas.timeline.dataset.end.isoformat()
    wait_url(page, date=end)
    wait_feed(page, end)
    assert frame.evaluate("() => frontlineEngine.getDate()") == end
    assert bar.get_attribute("aria-valuetext") == words(end)

    bar.press("ArrowLeft")
    wait_url(page, date=plus_days(end, -1))
    assert offline.attempted == []


# --- (5) Back ------------------------------------------------------------------------------------------------

def test_back_and_forward_restore_the_date_in_url_map_and_legend(server, page, offline, atlas):
    frame = open_app(page, server, "date=2016-03-25", "2016-03-25")
    bar = date_range(frame)
    bar.press("ArrowRight")
    wait_url(page, date="2016-03-26")
    wait_feed(page, "2016-03-26")
    bar.press("ArrowRight")
    wait_url(page, date="2016-03-27")
    wait_feed(page, "2016-03-27")

    page.go_back()
    wait_url(page, date="2016-03-26")
    wait_engine_date(frame, "2016-03-26")
    wait_feed(page, "2016-03-26")
    page.wait_for_function(f"w => ({LEGEND_DATE})() === w", arg=words("2016-03-26"), timeout=TIMEOUT)
    # The legend's counts are the map's: count the engine's controllers per actor.
    counts = frame.evaluate("() => Array.from(frontlineEngine.codes(), c => c & 31)")
    expected = np.bincount(counts, minlength=len(atlas.timeline.actor_ids))
    for index, actor in enumerate(atlas.timeline.actor_ids):
        shown = page.locator(f"[data-count='{actor}']")
        if expected[index]:
            assert shown.inner_text() == str(expected[index]), actor
        else:
            assert shown.count() == 0, actor
    assert dict(zip(atlas.timeline.actor_ids, expected)) == {
        a: n for a, n in zip(atlas.timeline.actor_ids, np.bincount(
            atlas.timeline.state_at(dt.date(2016, 3, 26)).controller, minlength=len(expected)))}

    page.go_forward()
    wait_url(page, date="2016-03-27")
    wait_engine_date(frame, "2016-03-27")
    wait_feed(page, "2016-03-27")
    assert offline.attempted == []


# --- (6) zoom --------------------------------------------------------------------------------------------------

def test_zoom_and_centre_survive_a_commit_and_are_kept_in_the_url(server, page, offline):
    frame = open_app(page, server, "date=2016-03-26", "2016-03-26")
    settled(page)
    zoom = frame.evaluate("() => map_div.getZoom()")
    frame.locator("a.leaflet-control-zoom-in").click()
    frame.wait_for_function("z => map_div.getZoom() === z", arg=zoom + 1, timeout=TIMEOUT)
    page.wait_for_function("z => (new URLSearchParams(location.search).get('view') || '').endsWith(',' + z)",
                           arg=zoom + 1, timeout=TIMEOUT)
    centre = frame.evaluate("() => map_div.getCenter()")

    bar = date_range(frame)
    bar.press("ArrowRight")
    wait_url(page, date="2016-03-27")
    wait_feed(page, "2016-03-27")
    page.wait_for_timeout(1000)

    assert frame.evaluate("() => map_div.getZoom()") == zoom + 1
    now = frame.evaluate("() => map_div.getCenter()")
    assert abs(now["lat"] - centre["lat"]) < 1e-6 and abs(now["lng"] - centre["lng"]) < 1e-6
    lat, lon, z = params(page)["view"].split(",")
    assert int(z) == zoom + 1
    assert abs(float(lat) - centre["lat"]) <= 1e-4 and abs(float(lon) - centre["lng"]) <= 1e-4
    assert frame.evaluate("() => frontlineEngine.getDate()") == "2016-03-27"
    assert offline.attempted == []


def test_a_key_moment_chosen_in_python_moves_the_map_without_rebuilding_it(server, page, offline):
    frame = open_app(page, server, "date=2013-01-01", "2013-01-01")
    settled(page)
    frame.locator("a.leaflet-control-zoom-in").click()
    frame.wait_for_function("() => map_div.getZoom() >= 7", timeout=TIMEOUT)
    zoom = frame.evaluate("() => map_div.getZoom()")
    frame.evaluate("() => { window.__sameMap = true; }")  # gone if the map were rebuilt
    page.locator("[data-testid='stSelectbox']").filter(has_text="Jump to a key moment").locator("input").click()
    page.get_by_role("option", name="Mosul falls to the Islamic State").click()
    wait_engine_date(frame, "2014-06-10")
    wait_url(page, date="2014-06-10")
    wait_feed(page, "2014-06-10")
    assert frame.evaluate("() => window.__sameMap === true && map_div.getZoom()") == zoom
    assert offline.attempted == []


# --- (7) a shared link ----------------------------------------------------------------------------------------

def test_a_shared_link_reopens_its_date_centre_zoom_and_layers(server, page, offline):
    frame = open_app(page, server, "date=2016-03-26&view=35.0,38.5,8&hide=fronts", "2016-03-26")
    frame.wait_for_function("() => map_div.getZoom() === 8", timeout=TIMEOUT)
    centre = frame.evaluate("() => map_div.getCenter()")
    assert abs(centre["lat"] - 35.0) <= 0.01 and abs(centre["lng"] - 38.5) <= 0.01
    assert not layer_switch(frame, "fronts").is_checked()
    assert layer_switch(frame, "territory").is_checked() and layer_switch(frame, "places").is_checked()
    assert frame.evaluate("() => frontlineEngine.hiddenLayers()") == ["fronts"]
    assert frame.evaluate("() => getComputedStyle(map_div.getPane('frontline-fronts')).display") == "none"
    assert date_range(frame).get_attribute("aria-valuetext") == words("2016-03-26")
    page.wait_for_timeout(1000)
    assert params(page) == {"date": "2016-03-26", "view": "35.0000,38.5000,8", "hide": "fronts"}
    assert offline.attempted == []


# --- (9) a phone ------------------------------------------------------------------------------------------------

PHONE = (390, 844)


def inside(box: dict, outer: dict, slack: float = 0.5) -> bool:
    return (box["x"] >= outer["x"] - slack and box["y"] >= outer["y"] - slack
            and box["x"] + box["width"] <= outer["x"] + outer["width"] + slack
            and box["y"] + box["height"] <= outer["y"] + outer["height"] + slack)


def test_on_a_phone_the_map_and_its_date_bar_are_on_the_first_screen(server, new_page, offline):
    page = new_page(*PHONE)
    open_app(page, server, "date=2016-03-26", "2016-03-26")
    screen = {"x": 0, "y": 0, "width": PHONE[0], "height": PHONE[1]}
    assert page.evaluate("() => window.scrollY") == 0
    iframe = steady_box(page.locator(MAP_IFRAME).first)
    bar = steady_box(page.frame_locator(MAP_IFRAME).first.locator(".frontline-bar"))
    assert inside(iframe, screen), f"map {iframe} is not within the first {PHONE[0]}x{PHONE[1]} screen"
    assert inside(bar, screen), f"date bar {bar} is not within the first {PHONE[0]}x{PHONE[1]} screen"
    # the credits and the scale bar sit above the date bar, the credits on one line beside the scale
    map_frame_ = page.frame_locator(MAP_IFRAME).first
    credits = steady_box(map_frame_.locator(".leaflet-control-attribution"))
    scale = steady_box(map_frame_.locator(".leaflet-control-scale"))
    assert credits["y"] + credits["height"] <= bar["y"] + 0.5 and scale["y"] + scale["height"] <= bar["y"] + 0.5
    assert credits["height"] < 30 and credits["x"] >= scale["x"] + scale["width"], (credits, scale)
    assert offline.attempted == []


def test_on_a_phone_the_date_bar_has_touch_sized_controls(server, new_page, offline):
    page = new_page(*PHONE)
    frame = open_app(page, server, "date=2016-03-26", "2016-03-26")
    controls = page.frame_locator(MAP_IFRAME).first.locator(".frontline-bar button, .frontline-bar select")
    assert controls.count() >= 6
    for k in range(controls.count()):
        box = controls.nth(k).bounding_box()
        label = controls.nth(k).get_attribute("aria-label")
        assert box["width"] >= 44 and box["height"] >= 44, f"{label}: {box}"
    assert date_range(frame).bounding_box()["height"] >= 44
    assert offline.attempted == []


def test_on_a_phone_a_place_popup_opens_inside_the_map_with_its_name_and_sources(server, new_page, offline, atlas):
    page = new_page(*PHONE)
    date = "2016-03-26"
    frame = open_app(page, server, f"date={date}", date)
    dataset = atlas.timeline.dataset
    palmyra = dataset.places["palmyra"]
    click_place(page, frame, palmyra)
    popup = frame.locator(".leaflet-popup")
    page.wait_for_timeout(800)  # the map pans to show the popup: let it finish
    frame.wait_for_function("() => !map_div._panAnim || !map_div._panAnim._inProgress", timeout=TIMEOUT)

    text = popup.inner_text()
    state = atlas.timeline.state_at(dt.date.fromisoformat(date))
    holder = dataset.actors[atlas.timeline.controller_of(state, "palmyra")]
    assert "Palmyra" in text and holder.name in text
    assert f"also {palmyra.aliases[0]}" in text  # the alias travels with the citations, parsed on this popup
    labels = {dataset.sources[s].label for e in atlas.timeline.control_events
              if e.place == "palmyra" and e.date <= dt.date.fromisoformat(date) for s in e.sources}
    assert any(label in text for label in labels), text
    assert words(date) in text  # "as on 26 March 2016"
    assert offline.attempted == []

    rects = frame.evaluate("""() => {
        const r = e => { const b = e.getBoundingClientRect(); return {x: b.left, y: b.top, width: b.width, height: b.height}; };
        return {popup: r(document.querySelector('.leaflet-popup')), map: r(map_div.getContainer()),
                bar: r(document.querySelector('.frontline-bar'))};
    }""")
    assert inside(rects["popup"], rects["map"]), rects
    assert rects["popup"]["y"] + rects["popup"]["height"] <= rects["bar"]["y"] + 0.5, rects  # not under the bar


def test_a_place_inside_a_window_says_who_takes_it_and_between_which_days(server, page, offline, atlas):
    """A window keeps the old holder on the map until its last day; the popup says the change is pending, to
    whom and between which days, so a reader is not told the old holder surely still held it (issue 11)."""
    timeline, dataset = atlas.timeline, atlas.timeline.dataset
    event = next(e for e in timeline.control_events if e.place == "kafr_rum" and e.earliest)
    inside = event.earliest + (event.date - event.earliest) / 2
    frame = open_app(page, server, f"date={inside.isoformat()}&view={dataset.places['kafr_rum'].lat},"
                                   f"{dataset.places['kafr_rum'].lon},11", inside.isoformat())
    index = list(timeline.place_ids).index("kafr_rum")
    got = frame.evaluate("i => frontlineEngine.describe(i).pending", index)
    assert got["actor"]["id"] == event.controller
    assert (got["earliest"], got["latest"]) == (event.earliest.isoformat(), event.date.isoformat())
    before = frame.evaluate("([i, iso]) => { frontlineEngine.setDate(iso); return frontlineEngine.describe(i).pending; }",
                            [index, (event.earliest - dt.timedelta(days=1)).isoformat()])
    assert before is None  # the day before the window opens, nothing is pending
    frame.evaluate("iso => frontlineEngine.setDate(iso)", inside.isoformat())
    text = click_place(page, frame, dataset.places["kafr_rum"]).inner_text()
    assert f"passes to {dataset.actors[event.controller].name}" in text
    assert f"between {words(event.earliest.isoformat())} and {words(event.date.isoformat())}" in text
    assert offline.attempted == []
