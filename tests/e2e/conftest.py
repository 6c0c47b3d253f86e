"""A real `streamlit run` of app.py and a real Chromium driven by Playwright, with no network but localhost.

The app serves Leaflet itself (/app/static), so nothing is routed to local copies any more: every request
that is not for 127.0.0.1/localhost is aborted and recorded, and the tests assert that none was attempted.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MAP_IFRAME = "iframe[title*='streamlit_folium']"
TIMEOUT = 60_000  # ms: generous, the machines are small and shared
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        if data is not None:
            env["FRONTLINE_DATA"] = str(data)
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"streamlit did not start:\n{Path(self.log.name).read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Offline:
    """Abort, and remember, every request of the browser contexts of a test that would leave this machine.

    `install(context, allow)` routes all of a context's requests through `allow(url)` (default: http(s)/ws(s)
    to localhost only). Playwright does not route data: URLs, so `attempted` lists exactly the escapes.
    """

    def __init__(self):
        self.attempted: list[str] = []

    def install(self, context, allow=None) -> None:
        allow = allow or is_local

        def handle(route) -> None:
            url = route.request.url
            if allow(url):
                route.continue_()
            else:
                self.attempted.append(url)
                route.abort("internetdisconnected")

        context.route("**/*", handle)


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname in LOCAL_HOSTS


def is_file(url: str) -> bool:
    return url.startswith(("file:", "data:"))


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        if Path(CHROMIUM).exists():
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        else:  # `make test` installed Playwright's own Chromium where apt was not available
            b = p.chromium.launch(args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def offline():
    """What the pages of this test tried to fetch from beyond localhost (each test asserts it stays empty)."""
    return Offline()


@pytest.fixture
def new_page(browser, offline):
    """`new_page(width, height, allow=is_local)`: a page in a fresh context (its own history and Streamlit
    session) whose requests are checked by `allow`; what was refused lands in `offline.attempted`."""
    contexts = []

    def make(width: int = 1400, height: int = 1100, allow=None):
        context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        context.set_default_timeout(TIMEOUT)
        offline.install(context, allow)
        contexts.append(context)
        page = context.new_page()
        # Websockets are not routed: record any that would leave (the app's own is local).
        page.on("websocket", lambda ws: None if (allow or is_local)(ws.url) else offline.attempted.append(ws.url))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def atlas():
    """The shipped dataset as the app loads it: the reference the browser's engine is checked against."""
    from frontline.frames import Atlas
    from frontline.io.boundaries import read_countries, subject_shapes
    from frontline.io.events import read_events
    from frontline.paths import DATA
    from frontline.timeline import Timeline

    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events(str(DATA), countries=shapes)), shapes)


# --- helpers -------------------------------------------------------------------------------------------------

def map_frame(page, date: str | None = None):
    """The streamlit-folium iframe's frame, once the time engine and its date bar are in it (and, if `date`
    is given, once the engine shows that date)."""
    page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT)
    page.frame_locator(MAP_IFRAME).first.locator(".frontline-range").wait_for(timeout=TIMEOUT)
    frame = page.locator(MAP_IFRAME).first.element_handle().content_frame()
    frame.wait_for_function("() => window.frontlineEngine && window.map_div", timeout=TIMEOUT)
    if date is not None:
        wait_engine_date(frame, date)
    return frame


LAYER_LABELS = {"territory": "^Territory$", "fronts": "^Front( line)?s$", "places": "^Places$"}


def layer_switch(frame, layer: str):
    """The date bar's checkbox of a layer ("territory", "fronts", "places"), by its visible label."""
    return frame.get_by_role("checkbox", name=re.compile(LAYER_LABELS[layer]))


def wait_engine_date(frame, date: str) -> None:
    frame.wait_for_function("d => window.frontlineEngine && frontlineEngine.getDate() === d", arg=date,
                            timeout=TIMEOUT)


def params(page) -> dict[str, str]:
    """The page's query parameters (one value each)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def wait_url(page, **wanted: str) -> None:
    """Wait until the page's URL has these query parameters (date="2016-03-27", ...)."""
    page.wait_for_function(
        "w => { const p = new URLSearchParams(location.search);"
        "       return Object.entries(w).every(([k, v]) => p.get(k) === v); }",
        arg=wanted, timeout=TIMEOUT)


def wait_feed(page, date: str) -> None:
    """The event feed under the map has been redrawn for this date."""
    page.get_by_text(f"Events on {date}", exact=True).wait_for(timeout=TIMEOUT)


def at_rest(page, server, query: str, date: str):
    """Open the app at `?query` and let it come to rest on `date`: the map shows it, the feed is drawn, and the
    first view's rerun is done (`settled`). The map's frame."""
    page.goto(f"{server.url}/?{query}")
    frame = map_frame(page, date)
    wait_feed(page, date)
    settled(page)
    return frame


def settled(page) -> None:
    """Let the page come to rest after loading: the map's first view reaches the URL (400 ms after the map
    stops moving), and the rerun it causes is drawn."""
    page.wait_for_function("() => new URLSearchParams(location.search).has('view')", timeout=TIMEOUT)
    page.wait_for_timeout(1200)


def words(date: str) -> str:
    """A date as the date bar and the legend write it: 27 March 2016."""
    d = dt.date.fromisoformat(date)
    return f"{d.day} {d:%B %Y}"


# Where a place's marker is, in the frame's viewport; the map is first panned to it (without animation) if
# it is near an edge or under the date bar.
_PLACE_SPOT = """([lat, lon]) => {
    const bar = document.querySelector('.frontline-bar').getBoundingClientRect();
    const box = map_div.getContainer().getBoundingClientRect();
    let p = map_div.latLngToContainerPoint([lat, lon]);
    if (p.x < 30 || p.x > box.width - 30 || box.top + p.y < 30 || box.top + p.y > bar.top - 30) {
        map_div.setView([lat, lon], map_div.getZoom(), {animate: false});
        p = map_div.latLngToContainerPoint([lat, lon]);
    }
    return {x: box.left + p.x, y: box.top + p.y};
}"""


def steady_box(locator, tries: int = 20) -> dict:
    """A locator's bounding box once it has stopped moving (the page may still be laying itself out)."""
    box = locator.bounding_box()
    for _ in range(tries):
        locator.page.wait_for_timeout(250)
        again = locator.bounding_box()
        if again == box:
            return box
        box = again
    return box


def click_place(page, frame, place, attempts: int = 3):
    """Click a place's marker, found through the map's own projection, and return its popup's body."""
    iframe = page.locator(MAP_IFRAME).first
    iframe.scroll_into_view_if_needed()
    body = frame.locator(f".frontline-popup-body[data-place='{place.id}']")
    for attempt in range(attempts):
        box = steady_box(iframe)
        spot = frame.evaluate(_PLACE_SPOT, [place.lat, place.lon])
        page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
        try:
            body.wait_for(timeout=10_000 if attempt < attempts - 1 else TIMEOUT)
            return body
        except Exception:  # the page moved under the pointer: measure again
            if attempt == attempts - 1:
                raise
    return body


def which_chromium() -> str:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium") or "playwright"


def write_export(atlas, directory: Path, date: dt.date, hidden: tuple[str, ...] = ()) -> Path:
    """The standalone HTML map of `atlas` opening on `date`, written to `directory` (what the app offers)."""
    from frontline.io.boundaries import read_countries
    from frontline.io.export import engine_documents, interactive_html

    path = directory / f"frontline-{date.isoformat()}.html"
    path.write_bytes(interactive_html(read_countries(), engine_documents(atlas), date, hidden))
    return path
