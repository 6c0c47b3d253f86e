"""The palette, measured: can a reader tell apart the territory of two actors who share a front?

Colours are compared as drawn (each actor's colour at the territory opacity over the land, see
frontline/cartography.py), with CIEDE2000, in normal vision and under simulated deuteranopia and protanopia
(Machado et al. 2009, through colorspacious). `palette_problems` lists every pair of actors who ever share a
front and fall under `MIN_DELTA_E` in any of the three, so a curator who picks a bad colour is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from frontline.cartography import composite

if TYPE_CHECKING:
    from frontline.frames import Atlas
    from frontline.model import Dataset

MIN_DELTA_E = 20.0
VISIONS = ("normal", "deuteranopia", "protanopia")
_CVD = {"deuteranopia": "deuteranomaly", "protanopia": "protanomaly"}


def seen(rgb: np.ndarray, vision: str) -> np.ndarray:
    """sRGB (0–1) as seen with a colour vision (full-severity simulation), clipped to the gamut."""
    if vision == "normal":
        return np.asarray(rgb, float)
    from colorspacious import cspace_convert

    space = {"name": "sRGB1+CVD", "cvd_type": _CVD[vision], "severity": 100}
    return np.clip(cspace_convert(np.asarray(rgb, float), space, "sRGB1"), 0, 1)


def lab(rgb: np.ndarray) -> np.ndarray:
    from colorspacious import cspace_convert

    return cspace_convert(np.asarray(rgb, float), "sRGB1", "CIELab")


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """CIEDE2000 colour difference (Sharma, Wu and Dalal 2005), kL = kC = kH = 1."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    c1, c2 = np.hypot(a1, b1), np.hypot(a2, b2)
    c_mean = (c1 + c2) / 2
    g = 0.5 * (1 - np.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p = np.degrees(np.arctan2(b1, a1p)) % 360
    h2p = np.degrees(np.arctan2(b2, a2p)) % 360
    dL, dC = L2 - L1, c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    else:
        dh = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    dH = 2 * np.sqrt(c1p * c2p) * np.sin(np.radians(dh) / 2)
    L_mean, c_mean_p = (L1 + L2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * np.cos(np.radians(h_mean - 30)) + 0.24 * np.cos(np.radians(2 * h_mean))
         + 0.32 * np.cos(np.radians(3 * h_mean + 6)) - 0.20 * np.cos(np.radians(4 * h_mean - 63)))
    d_theta = 30 * np.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * np.sqrt(c_mean_p**7 / (c_mean_p**7 + 25**7))
    s_l = 1 + 0.015 * (L_mean - 50) ** 2 / np.sqrt(20 + (L_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean_p
    s_h = 1 + 0.015 * c_mean_p * t
    r_t = -np.sin(np.radians(2 * d_theta)) * r_c
    return float(np.sqrt((dL / s_l) ** 2 + (dC / s_c) ** 2 + (dH / s_h) ** 2 + r_t * (dC / s_c) * (dH / s_h)))


def fill_delta_e(color1: str, color2: str, vision: str = "normal") -> float:
    """CIEDE2000 between two actors' territory fills as drawn, in a colour vision."""
    return ciede2000(lab(seen(np.array(composite(color1)), vision)), lab(seen(np.array(composite(color2)), vision)))


def front_pairs(atlas: Atlas) -> set[tuple[str, str]]:
    """Pairs of actors (sorted ids) whose territories ever meet along a front, over the whole record."""
    timeline, pairs = atlas.timeline, atlas.tessellation.pairs
    found: set[tuple[int, int]] = set()
    if not len(pairs):
        return set()
    for date in [timeline.dataset.start, *timeline.epochs]:
        c = timeline.state_at(date).controller
        a, b = c[pairs[:, 0]], c[pairs[:, 1]]
        differ = a != b
        lo, hi = np.minimum(a[differ], b[differ]), np.maximum(a[differ], b[differ])
        found.update(zip(lo.tolist(), hi.tolist()))
    ids = timeline.actor_ids
    return {(ids[i], ids[j]) for i, j in found}


@dataclass(frozen=True)
class PaletteProblem:
    first: str
    second: str
    vision: str
    delta_e: float

    def __str__(self) -> str:
        return (f"actors {self.first} and {self.second} share a front but their territory colours differ by "
                f"CIEDE2000 {self.delta_e:.1f} in {self.vision} vision (at least {MIN_DELTA_E:.0f} needed)")


def palette_problems(dataset: Dataset, pairs: set[tuple[str, str]]) -> list[PaletteProblem]:
    """Every pair of actors in `pairs` whose fills are too alike in some colour vision."""
    out = []
    for first, second in sorted(pairs):
        for vision in VISIONS:
            delta = fill_delta_e(dataset.actors[first].color, dataset.actors[second].color, vision)
            if delta < MIN_DELTA_E:
                out.append(PaletteProblem(first, second, vision, delta))
    return out
