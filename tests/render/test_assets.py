"""Leaflet vendored and served by the app; standalone maps carry it inline: no CDN anywhere."""

from __future__ import annotations

import json
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import folium
import folium.plugins
import pytest
import streamlit_folium

from frontline.io.boundaries import read_countries
from frontline.render import assets
from frontline.render.assets import (
    LEAFLET_CSS,
    LEAFLET_CSS_URL,
    LEAFLET_JS,
    LEAFLET_JS_URL,
    LEAFLET_LICENSE,
    inline_html,
    use_served_assets,
)
from frontline.render.engine_element import EngineRequest
from frontline.render.folium_map import base_map
from tests.conftest import DATA, ROOT
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def countries():
    return read_countries()


class Attributes(HTMLParser):
    """Every (tag, attribute, value) of a document; script and style bodies are not parsed as tags."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, str, str]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.extend((tag, name, value or "") for name, value in attrs)

    handle_startendtag = handle_starttag


def collected_links(fmap: folium.Map, layers: list[folium.FeatureGroup] | None = None) -> dict:
    """What streamlit-folium's st_folium sends to its component, captured at the component call."""
    sent = {}
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: sent.update(kwargs)
    try:
        streamlit_folium.st_folium(fmap, key="map", feature_group_to_add=layers, returned_objects=[])
    finally:
        streamlit_folium._component_func = original
    return sent


# --- the vendored files ---------------------------------------------------------------------------------------

def test_leaflet_is_vendored_with_its_licence():
    assert 'version="1.9.3"' in LEAFLET_JS.read_text()
    assert ".leaflet-container" in LEAFLET_CSS.read_text()
    licence = LEAFLET_LICENSE.read_text()
    assert "BSD 2-Clause License" in licence and "Vladimir Agafonkin" in licence
    readme = (ROOT / "static" / "vendor" / "README.md").read_text()
    assert "leaflet@1.9.3" in readme and "BSD-2-Clause" in readme


def test_every_image_the_css_references_is_vendored():
    images = set(re.findall(r"url\(['\"]?(images/[^'\")]+)", LEAFLET_CSS.read_text()))
    assert images  # layers and marker icons
    for image in images:
        assert (LEAFLET_CSS.parent / image).is_file(), image
    for name in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):  # Icon.Default's own files
        assert (LEAFLET_CSS.parent / "images" / name).is_file(), name


def test_served_urls_point_at_the_vendored_files():
    for url, path in ((LEAFLET_JS_URL, LEAFLET_JS), (LEAFLET_CSS_URL, LEAFLET_CSS)):
        assert url.startswith("/app/static/")
        assert ROOT / "static" / url.removeprefix("/app/static/") == path


def test_streamlit_serves_static_and_sends_no_statistics():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False


# --- the app's map: only /app/static/ -----------------------------------------------------------------------

def test_base_map_has_no_tiles(countries):
    fmap = base_map(countries)
    assert not [c for c in fmap._children.values() if isinstance(c, folium.TileLayer)]


def test_streamlit_folium_loads_only_the_served_leaflet(countries):
    request = folium.FeatureGroup(name="request")
    EngineRequest({"date": "2016-03-27", "nonce": 1}).add_to(request)
    layers = [request, folium.FeatureGroup(name="Territory")]
    sent = collected_links(base_map(countries), layers)
    assert sent["js_links"] == [LEAFLET_JS_URL]
    assert sent["css_links"] == [LEAFLET_CSS_URL]
    assert not re.search(r"<(script|link)\b[^>]*(src|href)=", sent["header"])
    assert "feature_group_0" in sent["feature_group"]  # the layers did go through the same code path


def test_a_plain_folium_map_would_use_cdns(countries):
    """The reference point: what use_served_assets removes."""
    sent = collected_links(folium.Map(tiles=None))
    assert any(link.startswith("https://") for link in sent["js_links"] + sent["css_links"])


def test_the_map_of_the_running_app_loads_only_the_served_leaflet(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FRONTLINE_DATA", str(DATA / "mini.yaml"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    [element] = at.get("component_instance")
    args = json.loads(element.proto.json_args)
    assert args["js_links"] == [LEAFLET_JS_URL]
    assert args["css_links"] == [LEAFLET_CSS_URL]


def test_served_assets_are_per_instance(countries):
    use_served_assets(folium.Map(tiles=None))
    assert folium.Map.default_js[0][1].startswith("https://")  # folium's class lists are untouched
    assert use_served_assets(folium.Map(tiles=None)).default_js == [("leaflet", LEAFLET_JS_URL)]


@pytest.mark.parametrize("make", [
    lambda: folium.plugins.MarkerCluster(),  # its own JS and CSS from a CDN
    lambda: folium.Marker([34.5, 38.3], popup="Palmyra"),  # folium.Popup builds its content with jQuery
])
def test_elements_needing_unvendored_files_are_refused(countries, make):
    with pytest.raises(ValueError, match="vendored"):
        make().add_to(base_map(countries))  # added after use_served_assets
    fmap = folium.Map(tiles=None)
    make().add_to(fmap)
    with pytest.raises(ValueError, match="vendored"):
        use_served_assets(fmap)


def test_elements_added_after_are_stripped_of_leaflet_links(countries):
    control = folium.plugins.Fullscreen()  # a JSCSSMixin with links; give it only Leaflet's own
    control.default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    control.default_css = []
    fmap = base_map(countries)
    control.add_to(fmap)
    assert control.default_js == [] and control.default_css == []
    assert collected_links(fmap)["js_links"] == [LEAFLET_JS_URL]


# --- a standalone page: Leaflet inline, nothing fetched --------------------------------------------------------

def standalone(countries) -> str:
    fmap = base_map(countries)
    folium.Marker([36.2, 37.15], tooltip="Aleppo").add_to(fmap)  # a default icon: Leaflet's images
    return inline_html(fmap.get_root().render())


@pytest.mark.parametrize("which", ["base_map", "plain folium"])
def test_inline_html_has_no_remote_links_and_carries_leaflet(countries, which):
    fmap = base_map(countries) if which == "base_map" else folium.Map(location=[34, 39], tiles=None)
    rendered = fmap.get_root().render()
    html = inline_html(rendered)
    for tag, name, value in Attributes(html).found:
        if name in ("src", "href"):
            assert not re.match(r"(https?:)?//|/app/static/", value, re.IGNORECASE), (tag, name, value)
    leaflet = LEAFLET_JS.read_text()
    assert leaflet[: leaflet.index("//# sourceMappingURL")].strip() in html
    assert ".leaflet-container" in html and "url(images/" not in html
    head = html[: html.index("</head>")]
    assert head.index("<style>") < head.index("<script>") < head.index('version="1.9.3"')
    first_script = re.search(r"<script\b[^>]*>", html)
    assert html[first_script.end():].lstrip().startswith("/* Leaflet 1.9.3")  # before any other script
    assert html.count("/* required styles */") == 1  # leaflet.css inlined once


def test_inline_html_escapes_closing_script_tags(tmp_path, monkeypatch):
    js = tmp_path / "leaflet.js"
    js.write_text('window.L = {tag: "</script><b>x</b>", other: "</SCRIPT >"};\n//# sourceMappingURL=leaflet.js.map\n')
    monkeypatch.setattr(assets, "LEAFLET_JS", js)
    html = inline_html(folium.Map(tiles=None).get_root().render())
    assert '"<\\/script><b>x</b>"' in html and '"<\\/SCRIPT >"' in html
    assert "sourceMappingURL" not in html
    start = html.index("<script>")
    assert html.lower().index("</script", start) > html.index('other: "<\\/SCRIPT >"}')  # closes after all of it


def test_inline_html_needs_a_document():
    with pytest.raises(ValueError, match="<head>"):
        inline_html("<div>no head</div>")


@pytest.mark.e2e
def test_standalone_page_draws_a_map_from_file_with_no_network(countries, tmp_path):
    page_file = tmp_path / "map.html"
    page_file.write_text(standalone(countries), encoding="utf-8")
    # Its own thread: Playwright's sync API refuses to start where another sync Playwright is running (the
    # session-wide browser of tests/e2e/ keeps one open in the main thread).
    with ThreadPoolExecutor(1) as pool:
        seen = pool.submit(open_offline, page_file.as_uri()).result()
    assert seen["L"] == "object" and seen["version"] == "1.9.3"
    assert seen["outlines"] >= 2  # Syria's and Iraq's outlines, drawn by Leaflet
    assert seen["icon"].startswith("data:image/png;base64,") and seen["icon_width"] == 25
    assert seen["position"] == "relative"  # leaflet.css applied
    assert not seen["errors"]
    assert not seen["aborted"], seen["aborted"]  # nothing was even asked of the network


def open_offline(url: str) -> dict:
    """Open `url` in headless Chromium with every request but the page itself aborted; report what it drew."""
    from playwright.sync_api import sync_playwright

    aborted: list[str] = []
    errors: list[str] = []

    def only_the_file(route):
        if route.request.url == url:
            route.continue_()
        else:
            aborted.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        launch = {"executable_path": CHROMIUM} if Path(CHROMIUM).exists() else {}
        browser = p.chromium.launch(args=CHROMIUM_ARGS, **launch)
        try:
            context = browser.new_context(viewport={"width": 1000, "height": 700})
            context.route("**/*", only_the_file)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url)
            page.wait_for_selector(".leaflet-container", timeout=15_000)
            page.wait_for_selector("img.leaflet-marker-icon", timeout=5_000)
            page.wait_for_function("document.querySelector('img.leaflet-marker-icon').complete", timeout=5_000)
            return {
                "L": page.evaluate("typeof window.L"),
                "version": page.evaluate("window.L && window.L.version"),
                "outlines": page.locator(".leaflet-overlay-pane path").count(),
                "icon": page.get_attribute("img.leaflet-marker-icon", "src"),
                "icon_width": page.evaluate("document.querySelector('img.leaflet-marker-icon').naturalWidth"),
                "position": page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).position"),
                "errors": errors,
                "aborted": aborted,
            }
        finally:
            browser.close()
