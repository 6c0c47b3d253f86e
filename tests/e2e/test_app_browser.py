"""The real app in a real browser: link with a date, markers, keyboard stepping, URL, download."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.e2e.conftest import map_frame

pytestmark = pytest.mark.e2e

ISIS_BLACK = "#1a1a1a"
GOVERNMENT_RED = "#d7301f"


def fill_of(frame, place: str) -> str:
    return frame.locator(f"path.place-{place}").first.get_attribute("fill")


def test_link_slider_keyboard_url_marker_and_download(server, page):
    # The day before the government retook Palmyra (27 March 2016).
    page.goto(f"{server.url}/?date=2016-03-26")
    frame = map_frame(page)
    assert frame.locator("path.place").count() >= 300
    assert fill_of(frame, "palmyra") == ISIS_BLACK

    # Zoom in: the map must keep this zoom when the date changes.
    frame.locator("a.leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    zoom_before = frame.locator("body").evaluate("() => window.map.getZoom()")

    slider = page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url("**/?date=2016-03-27", timeout=20_000)
    frame.locator(f"path.place-palmyra[fill='{GOVERNMENT_RED}']").wait_for(timeout=20_000)
    assert fill_of(frame, "palmyra") == GOVERNMENT_RED
    assert frame.locator("body").evaluate("() => window.map.getZoom()") == zoom_before
    page.get_by_text("Events on 2016-03-27").wait_for(timeout=20_000)

    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="Download map (PNG)").click()
    download = download_info.value
    assert download.suggested_filename == "frontline-2016-03-27.png"
    image = Image.open(io.BytesIO(open(download.path(), "rb").read()))
    assert image.format == "PNG" and image.width >= 1600


def test_bad_date_in_link_shows_a_warning(server, page):
    page.goto(f"{server.url}/?date=2015-02-30")
    page.get_by_text("is not a real date").wait_for(timeout=30_000)
    map_frame(page)
    assert page.locator("text=Traceback").count() == 0


def test_territory_layer_is_drawn_changes_with_the_date_and_can_be_hidden(server, page):
    page.goto(f"{server.url}/?date=2016-03-26")
    frame = map_frame(page)
    frame.locator("path.cell").first.wait_for(timeout=30_000)
    assert frame.locator("path.cell").count() >= 300
    assert frame.locator("path.front").count() >= 1
    assert frame.locator("path.cell-palmyra").first.get_attribute("fill") == ISIS_BLACK

    slider = page.get_by_role("slider")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_url("**/?date=2016-03-27", timeout=20_000)
    frame.locator(f"path.cell-palmyra[fill='{GOVERNMENT_RED}']").wait_for(timeout=20_000)

    page.get_by_text("Territory", exact=True).click()
    page.wait_for_url("**hide=territory**", timeout=20_000)
    frame.locator("path.cell").first.wait_for(state="detached", timeout=20_000)
    assert frame.locator("path.place").count() >= 300  # markers stay
