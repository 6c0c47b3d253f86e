"""Does the real app's server stay flat? RSS after many page loads and over a long session of commits.

A real `streamlit run app.py` (`tests.e2e.conftest.Server`) and a real Chromium (Playwright, sync API). The
server's resident memory is read from `/proc/<pid>/status` (`VmRSS`), summed over the server process and
any processes it started:
- `server_rss_mb_after_100_loads`: 100 fresh page loads, one after another, each in a new browser context
  (its own Streamlit session), waiting for the time engine in the map and for the event feed, then closed;
  RSS in MB after the last one (and a 2 s pause for its rerun to end).
- `server_rss_growth_last_250_commits`: then, in one page of a fresh server, 500 commits of distinct dates
  through the engine's API (`frontlineEngine.setDate(iso)` then `settle()`: what a release of the date bar
  does), each waiting for the feed, the legend and the URL to show the date; growth =
  (RSS at commit 500 - RSS at commit 250) / RSS at commit 250. The first 250 commits fill the caches
  that should fill; the last 250 should not grow.

The `/proc` helpers here (`tree`, `rss_mb`, `cpu_ms`) are shared with `bench/load.py`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from app_commit import LOG_WEBSOCKET, MAP_IFRAME, TIMEOUT_MS, _map
from common import DATA

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server

LOADS = 100
COMMITS = 500
TICK = os.sysconf("SC_CLK_TCK")

# One committed date is shown when the feed's heading, the legend's date and the URL's date all say it.
# Returns what each shows (for the report when they disagree).
SHOWN = """() => {
    const feed = [...document.querySelectorAll('h3')].map(h => /Events on (\\d{4}-\\d{2}-\\d{2})/.exec(h.textContent || ''))
        .filter(Boolean).map(m => m[1]);
    const count = document.querySelector('[data-count]');
    const legend = count ? count.closest('div').querySelector('b').textContent : null;
    const counts = {};
    for (const b of document.querySelectorAll('b[data-count]')) counts[b.dataset.count] = +b.textContent;
    return {feed: feed.length === 1 ? feed[0] : feed.join(','), legend, counts,
            url: new URLSearchParams(location.search).get('date')};
}"""
# The same, as a predicate: the page shows `date` everywhere (feed, legend in words, URL).
SHOWS = ("([date, words]) => { const s = (" + SHOWN + ")();"
         " return s.feed === date && s.legend === words && s.url === date; }")
# Commit a date in the map's frame as a release of the date bar does; returns when, on the epoch clock.
COMMIT = """iso => {
    const now = performance.timeOrigin + performance.now();
    frontlineEngine.setDate(iso);
    frontlineEngine.settle('bench');
    return now;
}"""


# --- /proc --------------------------------------------------------------------------------------------------

def _stat(pid: int) -> list[str]:
    """Fields of /proc/<pid>/stat after the command name (which may hold spaces): [state, ppid, ...]."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2:].split()


def tree(pid: int) -> list[int]:
    """A process and all its descendants (found by their parent ids in /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents.setdefault(int(_stat(int(entry))[1]), []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(parents.get(p, []))
    return out


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, MB (VmRSS from /proc/<pid>/status)."""
    total_kb = 0
    for p in tree(pid):
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process and its live descendants have used so far, ms (/proc/<pid>/stat
    utime + stime, in clock ticks; plus cutime + cstime of children they have already waited for)."""
    ticks = 0
    for p in tree(pid):
        try:
            fields = _stat(p)
        except OSError:
            continue
        ticks += sum(int(fields[i]) for i in (11, 12, 13, 14))  # utime, stime, cutime, cstime (fields 14-17)
    return ticks * 1e3 / TICK


# --- the browser side -----------------------------------------------------------------------------------------

def words(date: str) -> str:
    """A date as the legend writes it: 27 March 2016."""
    d = dt.date.fromisoformat(date)
    return f"{d.day} {d:%B %Y}"


def spread_dates(start: dt.date, end: dt.date, count: int, offset: int = 0, avoid: set[str] = frozenset()) -> list[str]:
    """`count` distinct dates scattered over [start, end] (a fixed stride through the record, so that
    consecutive dates are far apart and every epoch gets visited), none in `avoid`."""
    span = (end - start).days + 1
    stride = 1 + int(span * 0.381966)  # the golden section: far apart, and coprime with most spans
    while span > 1 and _gcd(stride, span) != 1:
        stride += 1
    out, k = [], offset
    while len(out) < count and k < offset + 4 * span:
        iso = (start + dt.timedelta(days=(k * stride) % span)).isoformat()
        k += 1
        if iso not in avoid and iso not in out:
            out.append(iso)
    return out


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def page_load(browser, url: str) -> None:
    """A fresh context (a new Streamlit session), the map's engine and the feed drawn, then closed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        _map(page)
        page.wait_for_selector("h3:has-text('Events on')", timeout=TIMEOUT_MS)
    finally:
        context.close()


def commit(page, frame, date: str) -> None:
    """Commit a date through the engine's API and wait until feed, legend and URL all show it."""
    frame.evaluate(COMMIT, date)
    try:
        page.wait_for_function(SHOWS, arg=[date, words(date)], timeout=TIMEOUT_MS)
    except Exception as exc:
        engine = frame.evaluate("() => frontlineEngine.getDate()")
        raise RuntimeError(f"committed {date}; after {TIMEOUT_MS} ms the engine shows {engine} and the page "
                           f"{page.evaluate(SHOWN)}") from exc


def server_log(server: Server) -> str:
    """What the server has printed so far (stdout and stderr)."""
    return Path(server.log.name).read_text(errors="replace")


def _launch(p):
    return p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else None, args=CHROMIUM_ARGS)


def loads(count: int = LOADS, data: Path | None = None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server = Server(data)
    try:
        before = rss_mb(server.proc.pid)
        samples, errors = [], []
        with sync_playwright() as p:
            browser = _launch(p)
            for i in range(count):
                try:
                    page_load(browser, f"{server.url}/?date=2016-03-26" if i % 2 else server.url)
                except Exception as exc:  # noqa: BLE001 - counted and reported
                    errors.append(f"load {i + 1}: {str(exc).splitlines()[0]}")
                if (i + 1) % 10 == 0:
                    samples.append(rss_mb(server.proc.pid))
            browser.close()
        time.sleep(2)
        after = rss_mb(server.proc.pid)
    finally:
        server.stop()
    print(f"server RSS: {before:.0f} MB started, after {count} fresh page loads {after:.0f} MB "
          f"(every 10: {', '.join(f'{s:.0f}' for s in samples)})")
    for line in errors:
        print(f"  {line}")
    return {"server_rss_mb_started": before, "server_rss_mb_after_100_loads": after, "memory_load_errors": len(errors)}


def commits(count: int = COMMITS, data: Path | None = None) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    from frontline.io.events import read_events

    dataset = read_events(str(data or DATA))
    first = "2016-03-26"
    dates = spread_dates(dataset.start, dataset.end, count, avoid={first})
    server = Server(data)
    marks: dict[int, float] = {}
    errors: list[str] = []
    half, step = count // 2, max(1, count // 10)
    try:
        with sync_playwright() as p:
            browser = _launch(p)
            context = browser.new_context(viewport={"width": 1400, "height": 1100})
            context.add_init_script(LOG_WEBSOCKET)
            page = context.new_page()
            page.goto(f"{server.url}/?date={first}")
            page.wait_for_selector(MAP_IFRAME, timeout=TIMEOUT_MS)
            frame = _map(page)
            page.wait_for_function(SHOWS, arg=[first, words(first)], timeout=TIMEOUT_MS)
            page.wait_for_function("() => new URLSearchParams(location.search).has('view')", timeout=TIMEOUT_MS)
            page.wait_for_timeout(1000)
            marks[0] = rss_mb(server.proc.pid)
            for i, date in enumerate(dates, start=1):
                try:
                    commit(page, frame, date)
                except Exception as exc:  # noqa: BLE001 - counted and reported; the session goes on
                    errors.append(f"commit {i} ({date}): {str(exc).splitlines()[0]}")
                    frame = _map(page)  # the map may have been mounted anew
                if i % step == 0 or i in (half, count):
                    page.wait_for_timeout(300)  # the rerun's last messages
                    marks[i] = rss_mb(server.proc.pid)
            browser.close()
    finally:
        server.stop()
    growth = (marks[count] - marks[half]) / marks[half]
    print(f"server RSS over {count} commits in one session: "
          + ", ".join(f"{i}: {v:.0f} MB" for i, v in sorted(marks.items())) + f"; last half growth {growth:+.3f}")
    for line in errors:
        print(f"  {line}")
    return {"server_rss_mb_at_250_commits": marks[half], "server_rss_mb_at_500_commits": marks[count],
            "server_rss_growth_last_250_commits": growth, "memory_commit_errors": len(errors)}


def run(data: Path | None = None, load_count: int = LOADS, commit_count: int = COMMITS) -> dict[str, float]:
    return loads(load_count, data) | commits(commit_count, data)


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=LOADS)
    parser.add_argument("--commits", type=int, default=COMMITS)
    args = parser.parse_args()
    print(json.dumps(run(load_count=args.loads, commit_count=args.commits)))
