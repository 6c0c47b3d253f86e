"""Compare the derived ISIS-held area with IHS Conflict Monitor's published estimates.

IHS Conflict Monitor put the area held by the Islamic State across Iraq and Syria at about 90,800 km² in
January 2015, 78,000 in mid-December 2015, 68,300 in early July 2016, 60,400 at the end of 2016 and
36,200 in late June 2017. This prints our series for a range of reaches beside those figures, so the reach
can be chosen on evidence and the remaining gap explained.

Usage: python bench/ihs_isis_area.py [--reach 30 40 50 60]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from frontline.frames import Atlas  # noqa: E402
from frontline.io.boundaries import read_countries, subject_shapes  # noqa: E402
from frontline.io.events import read_events  # noqa: E402
from frontline.paths import DATA  # noqa: E402
from frontline.timeline import Timeline  # noqa: E402

# (date we compare at, what IHS said, km²)
IHS = [
    (dt.date(2015, 1, 15), "January 2015", 90_800),
    (dt.date(2015, 12, 15), "mid-December 2015", 78_000),
    (dt.date(2016, 7, 5), "early July 2016", 68_300),
    (dt.date(2016, 12, 31), "end of 2016", 60_400),
    (dt.date(2017, 6, 25), "late June 2017", 36_200),
]


def isis_series(atlas: Atlas) -> list[float]:
    return [atlas.frames_at(date).areas_km2.get("isis", 0.0) for date, _, _ in IHS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reach", type=float, nargs="+", default=[25, 30, 35, 40, 45, 50, 60, 80])
    parser.add_argument("--data", default=str(DATA))
    args = parser.parse_args()
    shapes = subject_shapes(read_countries())
    timeline = Timeline(read_events(args.data, countries=shapes))
    print("date        IHS km²  " + "  ".join(f"{r:>6.0f} km" for r in args.reach))
    results = {r: isis_series(Atlas(timeline, shapes, reach_km=r)) for r in args.reach}
    for i, (date, label, km2) in enumerate(IHS):
        print(f"{date}  {km2:>7,}  " + "  ".join(f"{results[r][i]:>9,.0f}" for r in args.reach) + f"   ({label})")
    print("ratio to IHS (ours / IHS):")
    for r in args.reach:
        ratios = [ours / km2 for ours, (_, _, km2) in zip(results[r], IHS)]
        error = (sum((x - 1) ** 2 for x in ratios) / len(ratios)) ** 0.5
        print(f"  reach {r:>3.0f} km: " + " ".join(f"{x:5.2f}" for x in ratios) + f"   rms error {error:.0%}")


if __name__ == "__main__":
    main()
