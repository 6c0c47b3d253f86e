"""Key moments: curated in the data (`moments:`), validated like events, offered in date order."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.io.events import parse_events, read_events
from frontline.moments import key_moments, neighbours
from frontline.paths import DATA
from frontline.problems import DataError


@pytest.fixture(scope="module")
def shipped():
    return read_events(DATA)


def test_the_shipped_data_curates_at_least_20_sourced_moments_from_2011_to_2024(shipped):
    moments = key_moments(shipped)
    assert len(moments) >= 20
    assert moments == sorted(moments, key=lambda m: m.date)
    assert moments[0].date.year <= 2012 and moments[-1].date >= dt.date(2024, 12, 8)
    for m in moments:
        assert m.sources and all(s in shipped.sources for s in m.sources)
        assert m.title and m.caption and "seed" not in m.caption.lower()
        assert m.place is None or m.place in shipped.places
    titles = " ".join(m.title for m in moments).lower()
    for landmark in ("mosul", "kobani", "palmyra", "aleppo", "raqqa", "afrin", "baghuz", "damascus"):
        assert landmark in titles, landmark


def test_story_mode_steps_through_the_moments_in_order(shipped):
    moments = key_moments(shipped)
    assert neighbours(moments, None) == (None, moments[0])
    assert neighbours(moments, moments[0]) == (None, moments[1])
    assert neighbours(moments, moments[-1]) == (moments[-2], None)
    assert neighbours([], None) == (None, None)


MOMENT = "  - {date: 2015-05-21, title: Palmyra falls, caption: ISIS takes the city., place: palmyra, sources: [ynet-2015-05-22]}"


@pytest.mark.parametrize(("moment", "field", "words"), [
    (MOMENT.replace("2015-05-21", "2015-02-30"), "date", "not a real calendar date"),
    (MOMENT.replace("ynet-2015-05-22", "nobody-says"), "sources", "unknown source"),
    (MOMENT.replace("place: palmyra", "place: atlantis"), "place", "unknown place"),
    (MOMENT.replace("caption: ISIS takes the city., ", ""), "caption", "missing"),
    (MOMENT.replace("2015-05-21", "2099-01-01"), "date", "in the future"),
])
def test_a_bad_moment_is_a_problem_with_file_and_line(mini_text, moment, field, words):
    text = mini_text + "moments:\n" + moment + "\n"
    line = text.count("\n")
    with pytest.raises(DataError) as caught:
        parse_events(text.encode(), "m.yaml")
    assert any(p.field == field and words in p.message and p.line == line for p in caught.value.problems), \
        caught.value.problems
