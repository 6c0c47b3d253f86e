"""Questions an analyst asks, answered in the real app in Chromium: find a place by another spelling and read
its history; follow one actor (in the link); compare two dates (in the link); the popup's age of evidence; the
area chart in the map (its rules, a click that sets the date)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import TIMEOUT, at_rest, click_place, map_frame, params, settled, wait_feed, wait_url

pytestmark = pytest.mark.e2e


def test_searching_tadmur_centres_the_map_on_palmyra_and_opens_its_history(server, page, offline, atlas):
    frame = at_rest(page, server, "date=2017-03-02", "2017-03-02")
    box = page.get_by_placeholder("Find a place: Manbij, Tadmur, Dayr az-Zawr…")
    box.fill("Tadmur")
    box.press("Enter")
    page.get_by_role("button", name="Palmyra (as Tadmur) · SY").click()
    wait_url(page, place="palmyra")
    page.get_by_text("History of Palmyra").wait_for(timeout=TIMEOUT)
    palmyra = atlas.timeline.dataset.places["palmyra"]
    frame.wait_for_function(
        "([lat, lon]) => { const c = map_div.getCenter();"
        " return Math.abs(c.lat - lat) < 0.05 && Math.abs(c.lng - lon) < 0.05 && map_div.getZoom() >= 9; }",
        arg=[palmyra.lat, palmyra.lon], timeout=TIMEOUT)
    popup = frame.locator(".frontline-popup-body[data-place='palmyra']")
    popup.wait_for(timeout=TIMEOUT)
    assert "last confirmed on" in popup.inner_text()
    # An entry of the history moves the map to its date.
    page.get_by_role("button", name="Show").nth(1).click()
    wait_url(page, date="2016-03-27")
    assert offline.attempted == []


def test_following_an_actor_fades_the_others_and_lives_in_the_link(server, page, offline, atlas):
    frame = at_rest(page, server, "date=2015-05-25", "2015-05-25")
    pills = page.locator("[data-testid='stButtonGroup'] button")
    pills.filter(has_text=atlas.timeline.dataset.actors["isis"].name).first.click()
    wait_url(page, focus="isis")
    frame.wait_for_function("() => frontlineEngine.focus() === 'isis'", timeout=TIMEOUT)
    raqqa = atlas.timeline.place_ids.index("raqqa")
    damascus = atlas.timeline.place_ids.index("damascus")
    assert frame.evaluate(f"() => frontlineEngine._faded({raqqa})") is False
    assert frame.evaluate(f"() => frontlineEngine._faded({damascus})") is True
    page.reload()
    frame = map_frame(page, "2015-05-25")
    frame.wait_for_function("() => frontlineEngine.focus() === 'isis'", timeout=TIMEOUT)
    assert params(page)["focus"] == "isis"
    assert offline.attempted == []


def test_a_comparison_link_fades_what_did_not_change_hands(server, page, offline, atlas):
    page.goto(f"{server.url}/?date=2016-04-30&compare=2016-03-01")
    frame = map_frame(page, "2016-04-30")
    frame.wait_for_function("() => frontlineEngine.compareDate() === '2016-03-01'", timeout=TIMEOUT)
    palmyra = atlas.timeline.place_ids.index("palmyra")
    damascus = atlas.timeline.place_ids.index("damascus")
    assert frame.evaluate(f"() => frontlineEngine._faded({palmyra})") is False  # changed hands
    assert frame.evaluate(f"() => frontlineEngine._faded({damascus})") is True  # did not
    page.get_by_text("From 1 March 2016 to 30 April 2016").wait_for(timeout=TIMEOUT)
    assert offline.attempted == []


def test_the_popups_history_button_opens_the_history(server, page, offline, atlas):
    frame = at_rest(page, server, "date=2016-03-27", "2016-03-27")
    body = click_place(page, frame, atlas.timeline.dataset.places["palmyra"])
    body.get_by_role("button", name="History of Palmyra").click()
    wait_url(page, place="palmyra")
    page.get_by_text("History of Palmyra").wait_for(timeout=TIMEOUT)
    assert offline.attempted == []


def test_the_age_layer_shades_places_as_python_ages_them(server, page, offline, atlas):
    import datetime as dt

    from frontline.evidence import age_class, age_days, last_confirmed

    day = dt.date(2016, 4, 30)
    page.goto(f"{server.url}/?date={day}&age=1")
    frame = map_frame(page, day.isoformat())
    frame.wait_for_function("() => frontlineEngine._ageShading === true", timeout=TIMEOUT)
    ids = atlas.timeline.place_ids
    ages = age_days(last_confirmed(atlas.timeline, day))
    confirmed = last_confirmed(atlas.timeline, day)
    compared = 0
    for pid in ("palmyra", "raqqa", "baghdad", "aleppo", "mosul", "erbil", "daraa", "qamishli"):
        i = ids.index(pid)
        if not confirmed.confirmed[i]:
            continue  # a baseline-only place: the engine counts no report at all as "years"
        assert frame.evaluate(f"() => frontlineEngine.ageClass({i})") == age_class(int(ages[i])), pid
        compared += 1
    assert compared >= 5
    assert offline.attempted == []


def _rule_day(frame, selector: str) -> int:
    """The day number a rule of the in-map area chart stands on, read back from its x."""
    return frame.evaluate(
        "sel => frontlineChart.dayOfX(+document.querySelector(sel).getAttribute('x1'))", selector)


def test_the_area_chart_follows_the_date_sets_it_on_a_click_and_shows_the_comparison(server, page, offline):
    page.goto(f"{server.url}/?date=2016-03-27&compare=2015-10-01")
    frame = map_frame(page, "2016-03-27")
    settled(page)
    frame.get_by_role("button", name="Area held").click()
    chart = frame.locator(".frontline-chart-svg")
    chart.wait_for(timeout=TIMEOUT)
    day_of = "iso => frontlineEngine.dayOf(iso)"
    assert _rule_day(frame, ".frontline-chart-day") == frame.evaluate(day_of, "2016-03-27")
    assert _rule_day(frame, ".frontline-chart-compare") == frame.evaluate(day_of, "2015-10-01")
    assert "1 Oct 2015" in frame.locator(".frontline-chart-body").inner_text()
    # The rule moves with every painted day, before anything is settled.
    frame.evaluate("frontlineEngine.setDate('2014-06-20')")
    assert _rule_day(frame, ".frontline-chart-day") == frame.evaluate(day_of, "2014-06-20")
    # A click on the chart sets the date: the engine, the URL and the feed follow.
    box = chart.bounding_box()
    target = frame.evaluate("([x, w]) => frontlineChart.dayOfX(x * 330 / w)", [box["width"] * 0.75, box["width"]])
    chart.click(position={"x": box["width"] * 0.75, "y": box["height"] / 2})
    date = frame.evaluate("d => frontlineEngine.dateOf(d)", target)
    frame.wait_for_function("d => frontlineEngine.getDate() === d", arg=date, timeout=TIMEOUT)
    wait_url(page, date=date, compare="2015-10-01")
    wait_feed(page, date)
    # The legend carries each actor's share of Syria on the shown day, as the figures under the map do.
    frame.locator(".frontline-chart-view", has_text="% Syria").click()
    legend = frame.locator(".frontline-chart-legend").inner_text()
    assert "%" in legend and "km²" not in legend
    assert offline.attempted == []
