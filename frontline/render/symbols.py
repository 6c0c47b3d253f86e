"""The map's symbols as small inline SVGs for the app's legend: each drawn as the web map draws it
(frontline-engine.js sprites and strokes), in the colours of `frontline.cartography`."""

from __future__ import annotations

import base64

from frontline.cartography import FRONT_COLOR, LAND, QUIET_COLOR, territory_fill, zone_fill
from frontline.render.text import escape

SAMPLE = "#777777"  # a neutral holder for symbols that take the holder's colour


def _svg(body: str, width: int = 22, height: int = 16) -> str:
    """An <img> of a small SVG (a data URI): pages that sanitise inline SVG, as Streamlit's st.html does, still
    show it."""
    svg = (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
           f"viewBox='0 0 {width} {height}'>{body}</svg>")
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (f"<img alt='' aria-hidden='true' width='{width}' height='{height}' "
            f"style='vertical-align:-3px;margin-right:4px' src='data:image/svg+xml;base64,{data}'>")


def dot(color: str) -> str:
    """A held place: a dot in its holder's colour with a white edge."""
    return _svg(f"<circle cx='11' cy='8' r='5' fill='{escape(color)}' stroke='#fff' stroke-width='1'/>")


def contested_place() -> str:
    return _svg(f"<path d='M11 2 L17 8 L11 14 L5 8 Z' fill='{SAMPLE}' stroke='#fff' stroke-width='1'/>")


def besieged_place() -> str:
    return _svg("<circle cx='11' cy='8' r='7' fill='none' stroke='#fff' stroke-width='3'/>"
                "<circle cx='11' cy='8' r='7' fill='none' stroke='#000' stroke-width='1.6' stroke-dasharray='2 2'/>"
                f"<circle cx='11' cy='8' r='4' fill='{SAMPLE}' stroke='#fff' stroke-width='1'/>")


def contested_cell(holder: str = "#e61909", other: str = "#57b599") -> str:
    """Striped in the two sides' colours, as the engine's canvas pattern."""
    stripes = "".join(f"<path d='M{x} 16 L{x + 16} 0' stroke='{escape(territory_fill(other))}' stroke-width='2.5'/>"
                      for x in range(-16, 22, 6))
    return _svg(f"<clipPath id='fl-cc'><rect width='22' height='16'/></clipPath><g clip-path='url(#fl-cc)'>"
                f"<rect width='22' height='16' fill='{escape(territory_fill(holder))}'/>{stripes}</g>")


def zone() -> str:
    return _svg(f"<rect width='22' height='16' fill='{zone_fill(SAMPLE)}' stroke='{LAND}'/>")


def front() -> str:
    return _svg("<path d='M1 8 L21 8' stroke='rgba(255,255,255,.85)' stroke-width='4.5' stroke-linecap='round'/>"
                f"<path d='M1 8 L21 8' stroke='{FRONT_COLOR}' stroke-width='2.2' stroke-linecap='round'/>")


def quiet_line() -> str:
    return _svg(f"<path d='M1 8 L21 8' stroke='{QUIET_COLOR}' stroke-width='1.2' stroke-dasharray='4 4'/>")


def disc(fill: str, ring: str) -> str:
    """A place shaded by the age of its evidence (frontline-engine.js `_drawAge`)."""
    return _svg(f"<circle cx='11' cy='8' r='5' fill='{escape(fill)}' stroke='{escape(ring)}' stroke-width='1.5'/>")
