"""What a reader feels in the real app: the map's first paint, and a released date reaching Python and the page.

A real `streamlit run app.py` and a real Chromium (Playwright). The page logs every websocket frame (time,
size, direction) on the epoch clock that the page and the map's iframe share, so that:
- `first_map_ms`: a fresh browser context on a warm server, from navigation start to the engine's first paint;
- `release_to_python_ms`: from the mouse release on the date bar to the first message of the rerun that the
  released date started (the server only sends it once the script is running with the new value);
- `release_to_feed_ms`: from the release to the event feed showing the released date;
- `bytes_per_commit`: every byte the server sent for that commit.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from pathlib import Path

from common import spread

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server

MAP_IFRAME = "iframe[title*='streamlit_folium']"
TIMEOUT_MS = 60_000
LOG_WEBSOCKET = """
const now = () => performance.timeOrigin + performance.now();
window.__ws = [];
const Native = window.WebSocket;
window.WebSocket = class extends Native {
    constructor(...args) {
        super(...args);
        this.addEventListener('message', (e) => window.__ws.push([now(), 'in', e.data.size ?? e.data.byteLength ?? e.data.length]));
    }
    send(data) { window.__ws.push([now(), 'out', data.size ?? data.byteLength ?? data.length]); return super.send(data); }
};
window.__feed = {};
new MutationObserver(() => {
    for (const h of document.querySelectorAll('h3')) {
        const m = /Events on (\\d{4}-\\d{2}-\\d{2})/.exec(h.textContent || '');
        if (m && !(m[1] in window.__feed)) window.__feed[m[1]] = now();
    }
}).observe(document, {childList: true, subtree: true, characterData: true});
"""
ARM_RELEASE = """() => {
    const now = () => performance.timeOrigin + performance.now();
    window.__release = null;
    document.querySelector('.frontline-range').addEventListener('change', () => { window.__release = now(); }, {once: true});
}"""


def _map(page):
    frame = page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS).content_frame()
    frame.wait_for_function("() => window.frontlineEngine && window.frontlineEngine.stats", timeout=TIMEOUT_MS,
                            polling="raf")
    return frame


def first_map(browser, url: str) -> float:
    """ms from navigation start to the engine's first paint, in a fresh context (nothing cached)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    page = context.new_page()
    page.goto(url, wait_until="commit")
    frame = _map(page)
    painted = frame.evaluate("() => performance.timeOrigin + performance.now() - 0")
    start = page.evaluate("() => performance.timeOrigin")
    context.close()
    return painted - start


def one_commit(page, frame, target_fraction: float) -> dict:
    """Drag the date bar's thumb to a fraction of its length, release, and time the commit."""
    frame.evaluate(ARM_RELEASE)
    page.evaluate("() => { window.__ws.length = 0; }")
    box = frame.locator(".frontline-range").bounding_box()
    day = frame.evaluate("() => frontlineEngine.getDay()")
    days = frame.evaluate("() => frontlineEngine.days()")
    x0 = box["x"] + 8 + (box["width"] - 16) * day / (days - 1)
    y = box["y"] + box["height"] / 2
    x1 = box["x"] + 8 + (box["width"] - 16) * target_fraction
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x1, y, steps=12)
    page.mouse.up()
    date = frame.evaluate("() => frontlineEngine.getDate()")
    page.wait_for_function(f"() => '{date}' in window.__feed", timeout=TIMEOUT_MS)
    # Let the rerun finish: no websocket traffic for 700 ms.
    deadline = time.time() + 20
    while time.time() < deadline:
        last = page.evaluate("() => window.__ws.length ? window.__ws[window.__ws.length - 1][0] : 0")
        if page.evaluate("() => performance.timeOrigin + performance.now()") - last > 700:
            break
        page.wait_for_timeout(150)
    release = frame.evaluate("() => window.__release")
    log = page.evaluate("() => window.__ws")
    feed = page.evaluate(f"() => window.__feed['{date}']")
    incoming = [m for m in log if m[1] == "in" and m[0] >= release]
    sent = [m for m in log if m[1] == "out" and m[0] >= release]
    if not page.url.split("date=")[1].startswith(date):
        raise RuntimeError(f"released on {date} but the URL is {page.url}")
    return {
        "date": date,
        "to_python_ms": (incoming[0][0] - release) if incoming else float("nan"),
        "to_feed_ms": feed - release,
        "bytes_in": sum(m[2] for m in incoming),
        "bytes_out": sum(m[2] for m in sent),
    }


def run(commits: int = 12, data: Path | None = None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server = Server(data)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
                                        args=CHROMIUM_ARGS)
            warm = browser.new_context()
            warm.new_page().goto(server.url)  # warm the server's caches (dataset, pack)
            _map(warm.pages[0])
            warm.close()
            firsts = [first_map(browser, f"{server.url}/?date=2016-03-26") for _ in range(5)]
            context = browser.new_context(viewport={"width": 1400, "height": 1100})
            context.add_init_script(LOG_WEBSOCKET)
            page = context.new_page()
            page.goto(f"{server.url}/?date=2016-03-26")
            frame = _map(page)
            page.wait_for_timeout(800)
            fractions = [0.1 + 0.8 * ((i * 0.37) % 1.0) for i in range(commits)]
            samples = [one_commit(page, frame, f) for f in fractions]
            browser.close()
    finally:
        server.stop()
    print(f"first map (fresh context, warm server): {spread([f / 1e3 for f in firsts])}")
    print(f"release -> Python: {spread([s['to_python_ms'] / 1e3 for s in samples])}")
    print(f"release -> feed:   {spread([s['to_feed_ms'] / 1e3 for s in samples])}")
    print(f"bytes per commit (server -> browser): median {statistics.median(s['bytes_in'] for s in samples):,.0f}, "
          f"max {max(s['bytes_in'] for s in samples):,}; browser -> server median "
          f"{statistics.median(s['bytes_out'] for s in samples):,.0f}")
    return {
        "first_map_ms": statistics.median(firsts),
        "release_to_python_ms": statistics.median(s["to_python_ms"] for s in samples),
        "release_to_feed_ms": statistics.median(s["to_feed_ms"] for s in samples),
        "bytes_per_commit": statistics.median(s["bytes_in"] for s in samples),
        "bytes_per_commit_max": max(s["bytes_in"] for s in samples),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run()))
    _ = dt
