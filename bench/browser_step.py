"""browser_step_ms: what a reader feels when stepping the slider one day across a change of control.

A real `streamlit run app.py` and a real Chromium (Playwright). For each step: open the app on the day
before a change, mark every territory cell drawn, press ArrowRight on the slider, and time until a cell
without the mark is in the map's iframe, i.e. the new epoch's territory has been drawn.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from common import spread

from frontline.frames import Atlas
from tests.e2e import offline_cdn
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server

MAP_IFRAME = "iframe[title*='streamlit_folium']"
CELL = "path.cell"  # folium_map._cell_style: className "cell cell-<place> ctrl-<actor>"; markers are path.place
# In the page: log every websocket message from the Streamlit server (time, size). The largest one after a
# step carries the map's new layers, so it splits a step into "server" (rerun of app.py, websocket) and
# "browser" (Streamlit's frontend, the component's JavaScript, Leaflet).
LOG_WEBSOCKET = """
const now = () => performance.timeOrigin + performance.now();
window.__ws = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
    constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => window.__ws.push([now(), e.data.size ?? e.data.byteLength ?? e.data.length]));
    }
};
"""
# In the map iframe: mark the cells drawn; note (on the epoch clock shared with the page) when a new cell
# first appears and when the next frame after it has run (layout and paint of the new layers).
ARM = f"""() => {{
    const now = () => performance.timeOrigin + performance.now();
    document.querySelectorAll('{CELL}').forEach(p => p.dataset.benchOld = '1');
    window.__bench = {{drawn: null, painted: null}};
    new MutationObserver((_, observer) => {{
        if (!document.querySelector('{CELL}:not([data-bench-old])')) return;
        observer.disconnect();
        window.__bench.drawn = now();
        requestAnimationFrame(() => setTimeout(() => {{ window.__bench.painted = now(); }}));
    }}).observe(document.body, {{childList: true, subtree: true}});
}}"""
NEW_CELL_DRAWN = "() => window.__bench.drawn !== null"
PAINTED = "() => window.__bench.painted !== null"
TIMEOUT_MS = 60_000


def step_dates(atlas: Atlas, count: int) -> list[dt.date]:
    """Epoch dates d, spread over the record, where some drawn cell changes controller between d-1 and d."""
    timeline, keep = atlas.timeline, atlas.nonempty
    changing = []
    for date in timeline.epochs:
        before = timeline.state_at(date - dt.timedelta(days=1)).controller
        if np.any((before != timeline.state_at(date).controller) & keep):
            changing.append(date)
    picks = np.linspace(0, len(changing) - 1, min(count, len(changing))).round().astype(int)
    return [changing[i] for i in picks]


def map_frame(page):
    """The map iframe's Frame once its territory cells are drawn."""
    handle = page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
    frame = handle.content_frame()
    frame.wait_for_selector(CELL, state="attached", timeout=TIMEOUT_MS)
    return frame


@dataclass(frozen=True)
class Step:
    total: float  # seconds from ArrowRight to the first newly drawn territory cell (Python's clock)
    server: float  # seconds from ArrowRight to the arrival of the map's layers over the websocket (browser's clock)
    browser: float  # seconds from that arrival to the first new cell
    paint: float  # seconds from the first new cell to the end of the next frame (not in `total`)
    layers_bytes: int  # size of that websocket message


def one_step(page, url: str, date: dt.date) -> Step:
    """Step the slider from date-1 to date and time it until the first newly drawn territory cell."""
    page.goto(f"{url}/?date={date - dt.timedelta(days=1)}")
    frame = map_frame(page)
    page.wait_for_timeout(300)  # let Leaflet settle; never time.sleep: it blocks Playwright's route handlers
    frame.evaluate(ARM)
    slider = page.get_by_role("slider")
    slider.focus()
    pressed = page.evaluate("() => performance.timeOrigin + performance.now()")
    start = time.perf_counter()
    slider.press("ArrowRight")
    frame.wait_for_function(NEW_CELL_DRAWN, polling="raf", timeout=TIMEOUT_MS)
    total = time.perf_counter() - start
    if not page.url.endswith(f"date={date}"):
        raise RuntimeError(f"stepped to {page.url}, expected date={date}")
    frame.wait_for_function(PAINTED, polling="raf", timeout=TIMEOUT_MS)
    marks = frame.evaluate("() => window.__bench")
    arrived, size = max(
        (m for m in page.evaluate("() => window.__ws") if pressed < m[0] <= marks["drawn"]),
        key=lambda m: m[1],
        default=(pressed, 0),
    )
    return Step(
        total,
        (arrived - pressed) / 1e3,
        (marks["drawn"] - arrived) / 1e3,
        (marks["painted"] - marks["drawn"]) / 1e3,
        int(size),
    )


def run(atlas: Atlas, steps: int = 20, data: Path | None = None) -> list[Step]:
    """Slider steps over `steps` changes of control, each into an epoch the server has not drawn yet."""
    from playwright.sync_api import sync_playwright

    missing = offline_cdn.missing()
    if missing:
        raise RuntimeError(f"Leaflet/jQuery not installed for the offline CDN: {missing}; run `make test`")
    dates = step_dates(atlas, steps)
    server = Server(data)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM if Path(CHROMIUM).exists() else None, args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport={"width": 1400, "height": 1100})
            offline_cdn.install(context)
            context.add_init_script(LOG_WEBSOCKET)
            page = context.new_page()
            samples = [one_step(page, server.url, d) for d in dates]
            browser.close()
    finally:
        server.stop()
    print(f"browser step (ArrowRight -> new territory drawn): {spread([s.total for s in samples])}")
    print(f"  server (until the layers arrive): {spread([s.server for s in samples])}")
    print(f"  browser (until a new cell exists): {spread([s.browser for s in samples])}")
    print(
        f"  then layout and paint (not in the step): {spread([s.paint for s in samples])}; "
        f"layers message median {statistics.median(s.layers_bytes for s in samples) / 1e6:.2f} MB"
    )
    return samples
