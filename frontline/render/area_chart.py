"""Area held per actor over the whole record as a small static SVG (no charting library in the page).

It does not depend on the shown date, so the app sends it once per session; drawing it costs the browser
nothing next to a Vega chart, which delayed the map's first paint by most of a second on these machines.
"""

from __future__ import annotations

import base64
import datetime as dt

from frontline.model import Dataset
from frontline.render.text import escape

WIDTH, HEIGHT = 720, 230
LEFT, RIGHT, TOP, BOTTOM = 52, 8, 10, 22


def _nice_step(top: float) -> float:
    for step in (1_000, 2_000, 5_000, 10_000, 20_000, 25_000, 50_000, 100_000, 200_000, 500_000):
        if top / step <= 5:
            return step
    return top / 5


def area_svg(dataset: Dataset, series: list[dict]) -> str:
    """Step lines of km² held per actor at every epoch (`Atlas.area_series`), with year and km² axes."""
    if not series:
        return ""
    start, end = dt.date.fromisoformat(series[0]["date"]), dataset.end
    span = max(1, (end - start).days)
    top = max((v for item in series for v in item["areas_km2"].values()), default=1.0) or 1.0
    step = _nice_step(top)
    top = step * int(-(-top // step))

    def x(date: dt.date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (date - start).days / span

    def y(km2: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - km2 / top)

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {WIDTH} {HEIGHT}' width='{WIDTH}' "
             f"height='{HEIGHT}'><style>text{{font:11px sans-serif;fill:#444}}path{{fill:none;stroke-width:2}}"
             f".g{{stroke:#ddd;stroke-width:1}}</style>"]
    value = 0.0
    while value <= top:
        parts.append(f"<line x1='{LEFT}' x2='{WIDTH - RIGHT}' y1='{y(value):.1f}' y2='{y(value):.1f}' class='g'/>"
                     f"<text x='{LEFT - 4}' y='{y(value) + 4:.1f}' text-anchor='end'>{value / 1000:,.0f}k</text>")
        value += step
    for year in range(start.year + 1, end.year + 1):
        xv = x(dt.date(year, 1, 1))
        parts.append(f"<text x='{xv:.1f}' y='{HEIGHT - 6}' text-anchor='middle'>{year if year % 2 == 0 else ''}</text>"
                     f"<line x1='{xv:.1f}' x2='{xv:.1f}' y1='{HEIGHT - BOTTOM}' y2='{HEIGHT - BOTTOM + 4}' class='g'/>")
    for actor_id, actor in dataset.actors.items():
        points, last = [], None
        for item in series:
            km2 = item["areas_km2"].get(actor_id, 0.0)
            if km2 != last:
                xv, yv = x(dt.date.fromisoformat(item["date"])), y(km2)
                points.append(f"M{xv:.1f} {yv:.1f}" if last is None else f"H{xv:.1f}V{yv:.1f}")
                last = km2
        if last is None or all(item["areas_km2"].get(actor_id, 0.0) == 0 for item in series):
            continue
        points.append(f"H{x(end):.1f}")
        parts.append(f"<path d='{''.join(points)}' stroke='{escape(actor.color)}'><title>{escape(actor.name)}</title>"
                     f"</path>")
    parts.append("</svg>")
    return "".join(parts)


def area_img(dataset: Dataset, series: list[dict]) -> str:
    """The chart as an <img> (an SVG data URI): pages that sanitise inline SVG still show it."""
    svg = area_svg(dataset, series)
    if not svg:
        return ""
    alt = (f"Area held per actor, in km², from {series[0]['date']} to {dataset.end.isoformat()} (derived from "
           f"places)")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f"<img class='fl-chart' alt='{escape(alt)}' src='data:image/svg+xml;base64,{data}'>"
