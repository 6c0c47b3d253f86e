"""Key moments of the wars: a few landmark changes of control a reader can jump to.

Each names the place, the day and the holder after it, and is shown only when the dataset has that very
control event (so the moment carries the event's own sources, and a curator's edit can never leave a stale
landmark on screen).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontline.model import Dataset, Event


@dataclass(frozen=True)
class Moment:
    date: dt.date
    place: str
    controller: str
    title: str


KEY_MOMENTS = (
    Moment(dt.date(2012, 7, 19), "kobani", "sdf", "Government forces leave Kobani to the YPG"),
    Moment(dt.date(2013, 3, 6), "raqqa", "rebels", "Raqqa, the first provincial capital lost by the government"),
    Moment(dt.date(2014, 6, 10), "mosul", "isis", "Mosul falls to the Islamic State"),
    Moment(dt.date(2015, 1, 26), "kobani", "sdf", "The siege of Kobani is broken"),
    Moment(dt.date(2015, 5, 21), "palmyra", "isis", "The Islamic State takes Palmyra"),
    Moment(dt.date(2016, 3, 27), "palmyra", "syrian_government", "The army retakes Palmyra"),
    Moment(dt.date(2016, 12, 22), "aleppo", "syrian_government", "The government takes all of Aleppo"),
    Moment(dt.date(2017, 7, 10), "mosul", "iraqi_government", "Victory declared in Mosul"),
    Moment(dt.date(2017, 10, 17), "raqqa", "sdf", "The SDF take Raqqa"),
    Moment(dt.date(2018, 3, 18), "afrin", "turkey_sna", "Turkish forces and allies take Afrin"),
    Moment(dt.date(2019, 3, 23), "baghuz", "sdf", "Baghuz: the Islamic State's last village falls"),
    Moment(dt.date(2024, 11, 30), "aleppo", "nusra_hts", "HTS-led forces take Aleppo"),
    Moment(dt.date(2024, 12, 8), "damascus", "nusra_hts", "Damascus falls; Assad flees"),
)


def key_moments(dataset: Dataset) -> list[tuple[Moment, Event]]:
    """The key moments this dataset records, each with its control event, in date order."""
    events = {(e.place, e.date, e.controller): e for e in dataset.events if e.changes_control}
    found = [(m, events.get((m.place, m.date, m.controller))) for m in KEY_MOMENTS]
    return [(m, e) for m, e in found if e is not None and dataset.start <= m.date <= dataset.end]
