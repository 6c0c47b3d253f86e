"""Many readers at once: concurrent sessions on one real app server, each committing its own dates.

A real `streamlit run app.py` (`tests.e2e.conftest.Server`) and ONE headless Chromium driven by Playwright's
async API (the sync API is not thread-safe): one browser context per session, so each is its own Streamlit
session. All sessions open the app on 2016-03-26 and settle (at most 4 pages loading at a time); then all of
them commit at once, each its own 10 dates (distinct across sessions, scattered over the record), one after
another: `frontlineEngine.setDate(iso)` then `settle()` in the map (what a release of the date bar does),
waiting until the page shows the date before committing the next.

- `load_errors`: exceptions in a session (a page that fails to load, a Playwright error), uncaught
  JavaScript errors in the pages, and Streamlit exception boxes on a page.
- `load_wrong_dates`: commits after which the page did not come to show the committed date within 60 s
  everywhere (the feed's heading, the legend's date, the URL's `date`), or showed it with legend counts other
  than `Timeline.held_counts` of that date computed here; plus sessions whose page no longer shows their
  last date 1.5 s after it did (a stale rerun undoing it).
- `load_tracebacks`: "Traceback" in the server's log.
- `load_feed_latency_median_ms` / `_max_ms`: from the commit (in the map's iframe) to a MutationObserver in
  the page seeing the heading "Events on <date>" (one epoch clock for page and iframe, as in app_commit.py).
- `server_cpu_ms_per_commit`: the server's CPU time (utime + stime from /proc/<pid>/stat, process and
  children) over the commit phase, divided by the number of commits.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app_commit import LOG_WEBSOCKET, MAP_IFRAME, TIMEOUT_MS
from common import DATA
from memory import COMMIT, SHOWN, SHOWS, cpu_ms, rss_mb, server_log, spread_dates, words

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server

SESSIONS = 24
COMMITS = 10
FIRST = "2016-03-26"
OPENING = 4  # pages loading at once: 24 engines parsing the pack together would only queue on 2 cores
ENGINE = "() => window.frontlineEngine && window.frontlineEngine.stats"
STREAMLIT_ERROR = "() => document.querySelectorAll('[data-testid=\"stException\"]').length"


class Session:
    """One reader: a browser context, its page and the map's frame, what it committed and what went wrong."""

    def __init__(self, index: int, dates: list[str]):
        self.index, self.dates = index, dates
        self.page = self.frame = self.context = None
        self.latencies_ms: list[float] = []
        self.errors: list[str] = []
        self.wrong: list[str] = []
        self.commits = 0

    async def open(self, browser, url: str, gate: asyncio.Semaphore) -> None:
        async with gate:
            self.context = await browser.new_context(viewport={"width": 1400, "height": 1100})
            self.context.set_default_timeout(TIMEOUT_MS)
            await self.context.add_init_script(LOG_WEBSOCKET)
            self.page = await self.context.new_page()
            self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
            await self.page.goto(f"{url}/?date={FIRST}", wait_until="commit")
            iframe = await self.page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
            self.frame = await iframe.content_frame()
            await self.frame.wait_for_function(ENGINE, timeout=TIMEOUT_MS, polling="raf")
            await self.page.wait_for_function(SHOWS, arg=[FIRST, words(FIRST)], timeout=TIMEOUT_MS)
        # The map's first view reaches the URL 400 ms after it stops moving, and starts one more rerun.
        await self.page.wait_for_function("() => new URLSearchParams(location.search).has('view')",
                                          timeout=TIMEOUT_MS)

    async def commit_all(self, expected: dict[str, dict[str, int]]) -> None:
        for date in self.dates:
            self.commits += 1
            committed = await self.frame.evaluate(COMMIT, date)  # the commit's time, on the epoch clock
            try:
                await self.page.wait_for_function(SHOWS, arg=[date, words(date)], timeout=TIMEOUT_MS)
            except Exception:  # noqa: BLE001 - a timeout: what does it show instead?
                self.wrong.append(f"committed {date}, the page shows {await self._shown()}")
                continue
            shown = await self._shown()
            if shown["counts"] != expected[date]:
                self.wrong.append(f"{date}: legend counts {shown['counts']}, expected {expected[date]}")
            feed = await self.page.evaluate("d => window.__feed[d]", date)
            self.latencies_ms.append(feed - committed)
        await self.page.wait_for_timeout(1500)
        last = self.dates[-1]
        if not await self.page.evaluate(SHOWS, [last, words(last)]):
            self.wrong.append(f"after its last commit ({last}) the page went to {await self._shown()}")
        if await self.page.evaluate(STREAMLIT_ERROR):
            self.errors.append("a Streamlit exception is shown on the page")

    async def _shown(self) -> dict:
        return await self.page.evaluate(SHOWN)


async def _guard(session: Session, coroutine) -> None:
    try:
        await coroutine
    except Exception as exc:  # noqa: BLE001 - counted, reported
        session.errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")


async def drive(url: str, pid: int, sessions: list[Session], expected: dict[str, dict[str, int]]) -> dict:
    """Open every session, then let them all commit at once; the server's CPU time over the commits."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else None,
                                          args=CHROMIUM_ARGS)
        gate = asyncio.Semaphore(OPENING)
        await asyncio.gather(*(_guard(s, s.open(browser, url, gate)) for s in sessions))
        await asyncio.sleep(2)  # the last pages' first-view reruns
        ready = [s for s in sessions if not s.errors]
        cpu0, wall0 = cpu_ms(pid), time.perf_counter()
        await asyncio.gather(*(_guard(s, s.commit_all(expected)) for s in ready))
        cpu1, wall1 = cpu_ms(pid), time.perf_counter()
        rss = rss_mb(pid)
        await browser.close()
    return {"cpu_ms": cpu1 - cpu0, "wall_s": wall1 - wall0, "rss_mb": rss}


def run(sessions: int = SESSIONS, commits: int = COMMITS, data: Path | None = None) -> dict[str, float]:
    from frontline.io.events import read_events
    from frontline.timeline import Timeline

    timeline = Timeline(read_events(str(data or DATA)))
    start, end = timeline.dataset.start, timeline.dataset.end
    everyone = [Session(k, spread_dates(start, end, commits, offset=k * commits, avoid={FIRST}))
                for k in range(sessions)]
    wanted = {d for s in everyone for d in s.dates}
    assert len(wanted) == sessions * commits, "every session commits its own dates"
    expected = {d: timeline.held_counts(timeline.state_at(dt.date.fromisoformat(d))) for d in wanted}

    server = Server(data)
    try:
        # Its own thread and event loop: callable from code that already runs Playwright's sync API.
        with ThreadPoolExecutor(1) as pool:
            measured = pool.submit(asyncio.run, drive(server.url, server.proc.pid, everyone, expected)).result()
        log = server_log(server)
    finally:
        server.stop()

    latencies = [ms for s in everyone for ms in s.latencies_ms]
    done = sum(s.commits for s in everyone)
    figures = {
        "load_sessions": sessions,
        "load_commits": done,
        "load_errors": sum(len(s.errors) for s in everyone),
        "load_wrong_dates": sum(len(s.wrong) for s in everyone),
        "load_tracebacks": log.count("Traceback"),
        "load_feed_latency_median_ms": statistics.median(latencies) if latencies else float("nan"),
        "load_feed_latency_max_ms": max(latencies) if latencies else float("nan"),
        "server_cpu_ms_per_commit": measured["cpu_ms"] / done if done else float("nan"),
        "load_server_rss_mb": measured["rss_mb"],
    }
    print(f"load: {sessions} sessions x {commits} commits in one Chromium ({done} commits in "
          f"{measured['wall_s']:.1f} s): {figures['load_errors']} errors, {figures['load_wrong_dates']} wrong "
          f"dates, {figures['load_tracebacks']} tracebacks in the server log")
    if latencies:
        print(f"  commit -> feed: median {figures['load_feed_latency_median_ms']:.0f} ms, "
              f"max {figures['load_feed_latency_max_ms']:.0f} ms (n={len(latencies)}); server CPU "
              f"{figures['server_cpu_ms_per_commit']:.1f} ms per commit; server RSS {measured['rss_mb']:.0f} MB")
    for s in everyone:
        for line in s.errors + s.wrong:
            print(f"  session {s.index}: {line}")
    if figures["load_tracebacks"]:
        at = log.index("Traceback")
        print("  server log, first traceback:\n" + log[at:at + 2000])
    return figures


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--commits", type=int, default=COMMITS)
    args = parser.parse_args()
    print(json.dumps(run(args.sessions, args.commits)))
