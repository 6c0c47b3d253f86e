"""The static site (`python -m frontline site`) opened from disk with every network request refused: the
landing page leads to the map, a date's permalink (map.html#date=YYYY-MM-DD) opens on that date, the map
plays, and nothing leaves the machine."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import TIMEOUT, is_file, wait_engine_date, words

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def site(atlas, tmp_path_factory):
    """The site of the shipped data, written by `build_site` as the CLI writes it."""
    from frontline.io.boundaries import read_countries
    from frontline.io.site import build_site
    from frontline.paths import DATA

    out = tmp_path_factory.mktemp("site") / "public"
    build_site(atlas, DATA, out, read_countries())
    return out


def site_page(new_page, site):
    """A page that may load data: URLs and the site's own files, nothing else; every URL it asked for is
    kept in `page.asked`."""
    root = site.as_uri() + "/"
    page = new_page(allow=lambda url: is_file(url) and (url.startswith(root) or url.startswith("data:")))
    page.asked = []
    page.on("request", lambda request: page.asked.append(request.url))
    return page


def wait_map(page) -> None:
    page.locator(".frontline-range").wait_for(timeout=TIMEOUT)
    page.wait_for_function("() => window.frontlineEngine && window.frontlineEngine.getDate()", timeout=TIMEOUT)


def test_the_landing_page_leads_to_the_map_offline(new_page, offline, site, atlas):
    page = site_page(new_page, site)
    page.goto((site / "index.html").as_uri())
    assert page.title() == "Frontline — who held what in Syria and Iraq"
    assert page.get_by_role("heading", name="Frontline", exact=True).is_visible()
    page.get_by_role("link", name="Open the map", exact=True).click()
    page.wait_for_url((site / "map.html").as_uri() + "*", timeout=TIMEOUT)
    wait_map(page)
    end = atlas.timeline.dataset.end.isoformat()
    wait_engine_date(page.main_frame, end)  # no fragment: the last day of the record
    assert page.locator(".frontline-date").inner_text() == words(end)
    assert page.locator("canvas.frontline-canvas").count() == 4
    assert offline.attempted == []
    assert all(url.startswith((site.as_uri() + "/", "data:")) for url in page.asked), page.asked


def test_a_key_moment_on_the_landing_page_opens_the_map_on_its_day(new_page, offline, site):
    page = site_page(new_page, site)
    page.goto((site / "index.html").as_uri())
    page.get_by_role("link", name="22 December 2016", exact=True).click()
    page.wait_for_url((site / "map.html").as_uri() + "#date=2016-12-22", timeout=TIMEOUT)
    wait_map(page)
    wait_engine_date(page.main_frame, "2016-12-22")
    assert offline.attempted == []


def test_a_permalink_opens_on_its_date_and_plays(new_page, offline, site):
    page = site_page(new_page, site)
    page.goto((site / "map.html").as_uri() + "#date=2016-12-22")
    wait_map(page)
    wait_engine_date(page.main_frame, "2016-12-22")
    assert page.evaluate("() => frontlineEngine.getDate()") == "2016-12-22"
    assert page.locator(".frontline-range").get_attribute("aria-valuetext") == "22 December 2016"

    day0 = page.evaluate("() => frontlineEngine.getDay()")
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("d => frontlineEngine.getDay() >= d + 10", arg=day0, timeout=TIMEOUT)
    page.get_by_role("button", name="Pause", exact=True).click()
    paused = page.evaluate("() => frontlineEngine.getDate()")
    assert paused > "2016-12-22"
    page.wait_for_function("d => location.hash === '#date=' + d", arg=paused, timeout=TIMEOUT)
    assert offline.attempted == []
    assert all(url.startswith((site.as_uri() + "/", "data:")) for url in page.asked), page.asked


def test_the_not_found_page_leads_home(new_page, offline, site):
    page = site_page(new_page, site)
    page.goto((site / "404.html").as_uri())
    page.get_by_role("link", name="Frontline: who held what in Syria and Iraq").click()
    page.wait_for_url((site / "index.html").as_uri(), timeout=TIMEOUT)
    page.get_by_role("link", name="Open the map", exact=True).wait_for(timeout=TIMEOUT)
    assert offline.attempted == []


def test_the_guard_refuses_a_request_beyond_the_site(new_page, offline, site):
    """The check the tests above rely on: from a site page, a request to another host is refused and recorded."""
    page = site_page(new_page, site)
    page.goto((site / "index.html").as_uri())
    failed = page.evaluate("""() => new Promise(done => { const img = new Image();
        img.onload = () => done(false); img.onerror = () => done(true);
        img.src = 'https://tile.openstreetmap.org/6/38/25.png'; })""")
    assert failed is True
    assert offline.attempted == ["https://tile.openstreetmap.org/6/38/25.png"]
