"""One cartography for every renderer: the web map's time engine, the static PNG/SVG/PDF and the HTML export.

Territory is drawn as each actor's colour at `TERRITORY_OPACITY` over `LAND`: the web map fills its cells
opaque on a pane with that opacity, the static renderer fills them with the same colour composited in advance
(`territory_fill`), so both show the same pixels and the palette is measured on what is drawn
(frontline/palette.py).
"""

from __future__ import annotations

LAND = "#f4f2ec"  # Syria and Iraq, where no territory is drawn
NEIGHBOURS = "#dedcd5"  # the countries around them
SEA = "#cfe3ef"
OUTLINE = "#555555"
TERRITORY_OPACITY = 0.8  # with the shipped palette: CIEDE2000 >= 23 between any two actors sharing a front
ZONE_OPACITY = 0.28  # zones of influence beyond every reach: clearly lighter than territory (derived)
QUIET_COLOR = "#6b6b6b"  # a line of control between actors at peace (relations: quiet)
FRONT_COLOR = "#3b0a45"  # dark violet, with a white halo: visible against every fill
RIVER_COLOR = "#3d7fb5"  # thin, above the territory: the Euphrates and the Tigris organise the fronts
RIVER_WIDTH_PX = 1.3
# Where each river's name is written (lat, lon): on a stretch clear of the key cities' labels.
RIVER_LABELS = {"Euphrates": (34.47, 41.55), "Tigris": (35.20, 43.45)}


def _rgb(color: str) -> tuple[float, float, float]:
    text = color.lstrip("#")
    if len(text) == 3:
        text = "".join(ch * 2 for ch in text)
    return tuple(int(text[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def composite(color: str, opacity: float = TERRITORY_OPACITY, background: str = LAND) -> tuple[float, float, float]:
    """sRGB (0–1) of `color` drawn at `opacity` over `background`: what the reader sees."""
    fg, bg = _rgb(color), _rgb(background)
    return tuple(opacity * f + (1 - opacity) * b for f, b in zip(fg, bg))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(v * 255):02x}" for v in rgb)


def territory_fill(color: str) -> str:
    """The solid colour of an actor's territory as drawn: its colour at the territory opacity over the land."""
    return _hex(composite(color))


def zone_fill(color: str) -> str:
    """The solid colour of an actor's zone of influence as drawn: its colour at the zone opacity over the land."""
    return _hex(composite(color, ZONE_OPACITY))
