"""The browser time engine's frame rate: play, drag and first paint on a standalone page.

For an Atlas: `timepack.pack(atlas)` is written with Leaflet and frontline/render/js/frontline-engine.js
inline into one HTML file (a 1280x800 map fitted to Syria and Iraq, no base tiles,
`window.engine = L.frontline(pack).addTo(map)`), opened from file:// in Debian's Chromium (headless, software
raster) with every non-file request aborted. Measured in the page, on its own clock:

- ``engine_fps_play``: days painted per second (``engine.stats.paints`` over wall-clock) while playing one day
  per animation frame for ~5 s from the start of the busiest stretch of the record;
  ``engine_fps_play_week``: the same at 7 days per frame. ``_p95_ms``: the 95th percentile of the gaps between
  consecutive ``day`` events (a frame's cost, seen from the page).
- ``engine_drag_repaints``: ``inputPaints / inputs`` during a real mouse drag of the date bar's range thumb
  (page.mouse: down on the thumb, 100 moves to the right end, up; released early after 30 s), with the raw
  counts, the time the page spent handling each ``input`` event (median and max) and the animation frames per
  second during the drag.
- ``engine_first_paint_ms``: from the start of the page's script (before ``JSON.parse`` of the pack) to the
  first ``day`` event; ``engine_parse_ms`` is the ``JSON.parse`` part, ``engine_first_frame_ms`` is to the
  next animation frame after it (the first paint on screen).
- ``engine_seek_ms``: median ``setDay`` to far days (> 64 days away: the keyframe path), 20 or 15 s.
- ``engine_fps_play_no_places``, ``engine_fps_play_territory_only``: diagnostic, the 1-day play again with the
  markers hidden, then the fronts too (``setLayerVisible``, the engine's own beyond the contract).
- ``engine_mismatches``: days (of 8) where ``engine.codes()`` or ``engine.frontCount()`` differ from
  `timepack.state_on` / `timepack.front_count`: the replay is checked, not only timed.

Every wait is bounded (Playwright timeouts, in-page budgets); a slow engine yields fewer samples, not a hang.
`python bench/engine_fps.py [--places N] [--years Y] [--seconds S] [--only shipped,war,random]` prints the
figures for the shipped data, the 20k war and the 20k random sets (bench/synthetic_war.py), JSON last.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from common import DATA, ROOT, timed

from frontline import timepack
from frontline.frames import Atlas
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS

ENGINE_JS = ROOT / "frontline" / "render" / "js" / "frontline-engine.js"
LEAFLET_DIRS = [ROOT / "static" / "vendor" / "leaflet", ROOT / ".cache" / "npm" / "node_modules" / "leaflet" / "dist"]
WIDTH, HEIGHT = 1280, 800
REGION = [[29.0, 35.5], [37.6, 48.8]]  # frontline.validation.REGION as Leaflet bounds
PLAY_SECONDS = 5.0
DRAG_STEPS = 100
DRAG_BUDGET_S = 30.0  # a drag stops moving (and releases) after this long
SEEKS = 20
SEEK_BUDGET_MS = 15_000
CHECK_DAYS = 8
TIMEOUT_MS = 120_000
FRAME_RATE = 60  # what rAF runs at headless; only used to pick a start day that leaves ~5 s of record to play

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>frontline engine bench</title>
<script>window.__t0 = performance.now();</script>
<style>{leaflet_css}</style>
<style>html, body {{ margin: 0; padding: 0; }} #map {{ width: {width}px; height: {height}px; background: #eef; }}</style>
<script>{leaflet_js}</script>
<script>{engine_js}</script>
</head><body>
<div id="map"></div>
<script type="application/json" id="frontline-pack">{pack}</script>
<script>
(function () {{
  var bench = window.__bench = {{t0: performance.now(), errors: []}};
  window.addEventListener("error", function (e) {{ bench.errors.push(String(e.message)); }});
  var text = document.getElementById("frontline-pack").textContent;
  var pack = JSON.parse(text);
  bench.parsed = performance.now();
  var map = window.map = L.map("map", {{zoomControl: true, preferCanvas: true}});
  map.fitBounds({region});
  var engine = L.frontline(pack, {{controls: true}});
  engine.on("day", function (e) {{
    if (bench.firstDay != null) return;
    bench.firstDay = performance.now();
    requestAnimationFrame(function () {{ bench.firstFrame = performance.now(); }});
  }});
  window.engine = engine.addTo(map);
  bench.added = performance.now();
}})();
</script>
</body></html>
"""

# Play `step` days per frame from `start` for `ms`, on the page's clock; sets window.__play when done.
PLAY = """([start, step, ms]) => {
  const engine = window.engine, out = window.__play = {done: false};
  engine.pause();
  engine.setDay(start);
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const p0 = engine.stats.paints, f0 = engine.stats.frames, times = [];
    let frames = 0, running = true, reason = "time";
    const count = () => { if (running) { frames++; requestAnimationFrame(count); } };
    const onDay = () => times.push(performance.now());
    const finish = () => {
      if (!running) return;
      running = false;
      const t1 = performance.now();
      engine.pause();
      engine.off("day", onDay);
      engine.off("settle", onSettle);
      const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
      Object.assign(out, {done: true, ms: t1 - t0, paints: engine.stats.paints - p0, frames: frames,
        ticks: engine.stats.frames - f0, from: start, to: engine.getDay(), reason: reason,
        p95: gaps.length ? gaps[Math.floor(0.95 * (gaps.length - 1))] : null,
        max: gaps.length ? gaps[gaps.length - 1] : null});
    };
    const onSettle = (e) => { if (e.reason !== "pause") { reason = e.reason; finish(); } };
    engine.on("day", onDay);
    engine.on("settle", onSettle);
    const t0 = performance.now();
    requestAnimationFrame(count);
    engine.play(step);
    if (!engine.isPlaying()) { reason = "not playing"; finish(); }
    setTimeout(finish, ms);
  }));
}"""

# Before a drag: time every `input` event's handling (a capture listener on window runs first, a listener on
# the range added after the engine's runs last), count animation frames and settles.
ARM_DRAG = """() => {
  const engine = window.engine, range = document.querySelector("input.frontline-range");
  engine.pause();
  engine.setDay(0);
  const d = window.__drag = {starts: [], ends: [], frames: 0, settles: [], running: true,
    inputs0: engine.stats.inputs, inputPaints0: engine.stats.inputPaints, paints0: engine.stats.paints,
    day0: engine.getDay()};
  window.addEventListener("input", () => d.starts.push(performance.now()), true);
  range.addEventListener("input", () => d.ends.push(performance.now()));
  engine.on("settle", (e) => d.settles.push(e.reason));
  const count = () => { if (d.running) { d.frames++; requestAnimationFrame(count); } };
  requestAnimationFrame(count);
  d.t0 = performance.now();
  const r = range.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height, value: +range.value, max: +range.max};
}"""

DRAG_RESULT = """() => {
  const engine = window.engine, d = window.__drag;
  d.running = false;
  const ms = d.ends.map((t, i) => t - d.starts[i]).filter((x) => x >= 0).sort((a, b) => a - b);
  return {inputs: engine.stats.inputs - d.inputs0, inputPaints: engine.stats.inputPaints - d.inputPaints0,
    paints: engine.stats.paints - d.paints0, ms: performance.now() - d.t0, frames: d.frames, settles: d.settles,
    handled: ms.length, median: ms.length ? ms[Math.floor(ms.length / 2)] : null,
    max: ms.length ? ms[ms.length - 1] : null, from: d.day0, to: engine.getDay()};
}"""

SEEK = """([days, budget]) => {
  const engine = window.engine, out = [], t0 = performance.now();
  engine.pause();
  for (const day of days) {
    if (performance.now() - t0 > budget) break;
    const t = performance.now(); engine.setDay(day); out.push(performance.now() - t);
  }
  return out;
}"""

STATE = """(day) => {
  const engine = window.engine;
  engine.pause();
  engine.setDay(day);
  return {day: engine.getDay(), date: engine.getDate(), codes: Array.from(engine.codes()), fronts: engine.frontCount()};
}"""


def leaflet_files() -> tuple[str, str]:
    for folder in LEAFLET_DIRS:
        if (folder / "leaflet.js").exists() and (folder / "leaflet.css").exists():
            return (folder / "leaflet.js").read_text(encoding="utf-8"), (folder / "leaflet.css").read_text(
                encoding="utf-8"
            )
    raise FileNotFoundError(
        "Leaflet not found: static/vendor/leaflet or `npm install --prefix .cache/npm leaflet@1.9.3`"
    )


def page_html(pack_json: str) -> str:
    """The standalone page: Leaflet, the engine and the pack inline ("</" escaped inside the script tags)."""
    leaflet_js, leaflet_css = leaflet_files()
    return PAGE.format(
        leaflet_css=leaflet_css,
        leaflet_js=leaflet_js.replace("</script", "<\\/script"),
        engine_js=ENGINE_JS.read_text(encoding="utf-8").replace("</script", "<\\/script"),
        pack=pack_json.replace("</", "<\\/"),
        width=WIDTH,
        height=HEIGHT,
        region=json.dumps(REGION),
    )


def busiest_start(day: np.ndarray, days: int, window: int, places: int) -> int:
    """The day before the `window` days with the most changes: a stretch where plenty changes, in the steady
    state. Windows holding a day where over 5% of the places change at once (the random set's first day) are
    avoided when another window exists: far seeks and drags measure those."""
    counts = np.bincount(day, minlength=days + 1)[:days].astype(np.float64)
    window = max(1, min(window, days - 2))
    sums = np.convolve(counts, np.ones(window), "valid")  # sums[s] = changes on days s .. s+window-1
    giant = np.convolve((counts > max(50, 0.05 * places)).astype(np.float64), np.ones(window), "valid") > 0
    if not giant.all():
        sums[giant] = -1
    best = int(np.argmax(sums)) if len(sums) else 1
    return max(0, best - 1)


def _launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def run(atlas: Atlas, label: str, seconds: float = PLAY_SECONDS, browser=None) -> dict[str, float]:
    """Every figure of the module docstring for one atlas, keys suffixed with ``_<label>``."""
    data, pack_s = timed(lambda: timepack.pack(atlas))
    text = json.dumps(data, separators=(",", ":"))
    days = int(data["days"])
    change_day = timepack.decoded_changes(data)[0]
    print(
        f"engine {label}: pack {len(text) / 1e6:.2f} MB JSON ({len(gzip.compress(text.encode(), 6)) / 1e6:.2f} MB "
        f"gzip), built in {pack_s:.1f} s; {len(change_day)} net changes over {days} days"
    )
    if not ENGINE_JS.exists():
        raise FileNotFoundError(f"{ENGINE_JS} does not exist yet")
    with tempfile.TemporaryDirectory(prefix="frontline-engine-") as tmp:
        page_path = Path(tmp) / "engine.html"
        page_path.write_text(page_html(text), encoding="utf-8")
        if browser is None:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                b = _launch(p)
                try:
                    return _measure(b, page_path, data, change_day, days, label, seconds)
                finally:
                    b.close()
        return _measure(browser, page_path, data, change_day, days, label, seconds)


def _measure(
    browser, page_path: Path, data: dict, change_day: np.ndarray, days: int, label: str, seconds: float
) -> dict[str, float]:
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    try:
        page.goto(page_path.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        page.wait_for_function("() => window.__bench && window.__bench.firstFrame != null", timeout=TIMEOUT_MS)
        load = page.evaluate("""() => { const b = window.__bench; return {parse: b.parsed - b.t0,
            first: b.firstDay - b.t0, frame: b.firstFrame - b.t0, added: b.added - b.t0,
            engine: window.engine.firstPaintMs, day: window.engine.getDay(), errors: b.errors,
            contract: ["setDate", "setDay", "getDate", "getDay", "play", "pause", "isPlaying", "codes",
                       "frontCount", "on", "off"].filter((k) => typeof window.engine[k] !== "function")
                      .concat(["paints", "inputs", "inputPaints", "frames"].filter((k) =>
                       !(window.engine.stats && typeof window.engine.stats[k] === "number")).map((k) => "stats." + k))
                      .concat(document.querySelector("input[type=range].frontline-range") ? [] : ["range"])}; }""")
        print(
            f"  first paint {load['first']:.0f} ms from script start (JSON.parse {load['parse']:.0f} ms, "
            f"engine's own firstPaintMs {load['engine'] or float('nan'):.0f} ms), on screen at {load['frame']:.0f} ms"
        )
        if load["contract"] or load["errors"]:
            print(f"  CONTRACT: missing {load['contract']}; errors {load['errors']}")

        figures: dict[str, float] = {
            "engine_page_bytes": page_path.stat().st_size,
            "engine_first_paint_ms": load["first"],
            "engine_parse_ms": load["parse"],
            "engine_first_frame_ms": load["frame"],
        }
        frames = int(seconds * FRAME_RATE * 1.2)
        places = len(data["places"]["ids"])
        starts = {step: busiest_start(change_day, days, frames * step, places) for step in (1, 7)}
        for key, step in (("engine_fps_play", 1), ("engine_fps_play_week", 7)):
            play = _play(page, starts[step], step, seconds)
            fps = play["paints"] / play["ms"] * 1e3
            changes = int(np.count_nonzero((change_day > play["from"]) & (change_day <= play["to"])))
            print(
                f"  play {step} day(s)/frame from day {play['from']} to {play['to']}: {fps:.1f} paints/s "
                f"({play['paints']} paints, {play['frames']} animation frames in {play['ms'] / 1e3:.2f} s, "
                f"{changes} changes; gap between days p95 {play['p95'] or 0:.0f} ms, max {play['max'] or 0:.0f} ms; "
                f"stopped by {play['reason']})"
            )
            if play["paints"] and abs((play["to"] - play["from"]) - step * play["paints"]) > step:
                print(
                    f"  NOTE: {play['paints']} paints at {step} day(s) each but the day moved {play['to'] - play['from']}"
                )
            figures |= {key: fps, f"{key}_p95_ms": play["p95"], f"{key}_frames": play["frames"] / play["ms"] * 1e3}

        drag = _drag(page)
        ratio = drag["inputPaints"] / drag["inputs"] if drag["inputs"] else float("nan")
        cut = (
            f", STOPPED after {drag['moves']} of {DRAG_STEPS} moves ({DRAG_BUDGET_S:.0f} s budget)"
            if drag["moves"] < DRAG_STEPS
            else ""
        )
        print(
            f"  drag ({drag['moves']} moves{cut}, day {drag['from']} → {drag['to']}): {drag['inputs']} inputs, {drag['inputPaints']} "
            f"input paints ({ratio:.2f}), {drag['paints']} paints; input handled in median "
            f"{drag['median'] or 0:.1f} ms, max {drag['max'] or 0:.1f} ms; {drag['frames']} frames in "
            f"{drag['ms'] / 1e3:.2f} s; settles {drag['settles']}"
        )
        figures |= {
            "engine_drag_repaints": ratio,
            "engine_drag_inputs": drag["inputs"],
            "engine_drag_input_paints": drag["inputPaints"],
            "engine_drag_input_ms": drag["median"],
            "engine_drag_input_max_ms": drag["max"],
            "engine_drag_fps": drag["frames"] / drag["ms"] * 1e3 if drag["ms"] else None,
            "engine_drag_moves": drag["moves"],
        }

        rng = np.random.default_rng(7)
        targets, day = [], 0
        while len(targets) < SEEKS and days > 130:
            candidate = int(rng.integers(0, days))
            if abs(candidate - day) > 64:
                targets.append(candidate)
                day = candidate
        seeks = page.evaluate(SEEK, [targets, SEEK_BUDGET_MS]) if targets else []
        if seeks:
            cut = (
                f" (STOPPED after {len(seeks)} of {SEEKS}: {SEEK_BUDGET_MS / 1e3:.0f} s budget)"
                if len(seeks) < SEEKS
                else ""
            )
            print(
                f"  seek to {len(seeks)} far days{cut}: median {statistics.median(seeks):.1f} ms, max {max(seeks):.1f} ms"
            )
        figures["engine_seek_ms"] = statistics.median(seeks) if seeks else None

        # Diagnostic (setLayerVisible is the engine's, beyond the contract): the same 1-day play with the place
        # markers hidden, then with the fronts hidden too: where the time of a frame goes.
        if page.evaluate("() => typeof window.engine.setLayerVisible === 'function'"):
            for key, layer, what in (
                ("engine_fps_play_no_places", "places", "places hidden"),
                ("engine_fps_play_territory_only", "fronts", "places and fronts hidden"),
            ):
                page.evaluate("(name) => window.engine.setLayerVisible(name, false)", layer)
                play = _play(page, starts[1], 1, seconds)
                figures[key] = play["paints"] / play["ms"] * 1e3
                print(f"  play 1 day/frame, {what}: {figures[key]:.1f} paints/s (p95 gap {play['p95'] or 0:.0f} ms)")
            # The replay check only needs codes: hide the territory too, so that far seeks cost no drawing.
            page.evaluate("() => window.engine.setLayerVisible('territory', false)")
        figures["engine_mismatches"] = _check(page, data, days)
        if blocked:
            print(f"  blocked {len(blocked)} non-file requests, e.g. {blocked[:3]}")
        if console:
            print(f"  console: {console[:5]}")
        return {f"{k}_{label}": (None if isinstance(v, float) and np.isnan(v) else v) for k, v in figures.items()}
    finally:
        context.close()


def _play(page, start: int, step: int, seconds: float) -> dict:
    page.evaluate(PLAY, [start, step, int(seconds * 1e3)])
    page.wait_for_function("() => window.__play && window.__play.done", timeout=int(seconds * 1e3) + TIMEOUT_MS)
    return page.evaluate("() => window.__play")


def _drag(page) -> dict:
    box = page.evaluate(ARM_DRAG)
    thumb = 16  # .frontline-range::-webkit-slider-thumb width in the engine's CSS
    fraction = box["value"] / box["max"] if box["max"] else 0
    x = box["x"] + thumb / 2 + (box["width"] - thumb) * fraction
    y = box["y"] + box["height"] / 2
    end = box["x"] + box["width"] - thumb / 2
    page.mouse.move(x, y)
    page.mouse.down()
    started, moves = time.perf_counter(), 0
    for k in range(1, DRAG_STEPS + 1):  # page.mouse.move(..., steps=100), with a time budget
        page.mouse.move(x + (end - x) * k / DRAG_STEPS, y)
        moves = k
        if time.perf_counter() - started > DRAG_BUDGET_S:
            break
    page.mouse.up()
    seconds = time.perf_counter() - started
    page.wait_for_timeout(300)  # let a release's settle arrive
    result = page.evaluate(DRAG_RESULT)
    result["python_s"], result["moves"] = seconds, moves
    return result


def _check(page, data: dict, days: int) -> int:
    """Days where the engine's codes or front count differ from the Python reference replay."""
    bad = 0
    for day in np.linspace(0, days - 1, CHECK_DAYS).round().astype(int).tolist():
        state = page.evaluate(STATE, day)
        expected = timepack.state_on(data, day)
        codes = np.array(state["codes"], dtype=np.int64)
        fronts = timepack.front_count(data, expected, day)
        if state["day"] != day or not np.array_equal(codes, expected) or state["fronts"] != fronts:
            bad += 1
            print(
                f"  MISMATCH on day {day}: engine day {state['day']}, {int((codes != expected).sum())} codes "
                f"differ, fronts {state['fronts']} vs {fronts}"
            )
    return bad


def shipped_atlas() -> Atlas:
    """The shipped dataset as bench/run.py's `shipped()` builds it."""
    from frontline.io.boundaries import read_countries, subject_shapes
    from frontline.io.events import read_events
    from frontline.timeline import Timeline

    shapes = subject_shapes(read_countries())
    return Atlas(Timeline(read_events(DATA, countries=shapes)), shapes)


def main() -> None:
    import synthetic_war

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=synthetic_war.PLACES)
    parser.add_argument("--years", type=float, default=synthetic_war.YEARS)
    parser.add_argument("--seconds", type=float, default=PLAY_SECONDS, help="playing time per measurement")
    parser.add_argument("--only", default="shipped,war,random", help="comma-separated: shipped, war, random")
    args = parser.parse_args()
    size = f"{args.places // 1000}k" if args.places % 1000 == 0 else str(args.places)
    sets = {
        "shipped": ("shipped", shipped_atlas),
        "war": (size, lambda: synthetic_war.war_atlas(args.places, args.years)),
        "random": (f"random_{size}", lambda: synthetic_war.random_atlas(args.places, args.years)),
    }
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with sync_playwright() as p:
        browser = _launch(p)
        try:
            for name in args.only.split(","):
                label, make = sets[name.strip()]
                atlas, build_s = timed(make)
                print(f"{name}: Atlas built in {build_s:.1f} s")
                synthetic_war.describe(atlas, label)
                figures |= run(atlas, label, args.seconds, browser)
                del atlas
        finally:
            browser.close()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
