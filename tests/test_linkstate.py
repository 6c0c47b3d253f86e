"""What a link asks for: strict dates clamped to the record, views, hidden layers, short quoted warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from frontline.linkstate import LinkState, View, quote, read, read_date, read_hidden, read_view, to_params

START, END = dt.date(2011, 3, 15), dt.date(2024, 12, 31)
D = dt.date.fromisoformat


@pytest.mark.parametrize("raw,date,warns", [
    (None, END, None),
    ("2015-06-01", D("2015-06-01"), None),
    (" 2015-06-01 ", D("2015-06-01"), None),
    ("1999-01-01", START, "before the record begins"),
    ("2099-01-01", END, "after the record ends"),
    ("2015-02-30", END, "not a date"),
    ("2016-W49-7", END, "not a date"),  # ISO week date: Python 3.11 would accept it
    ("20150101", END, "not a date"),
    ("２０１５-０１-０１", END, "not a date"),  # full-width digits
    ("", END, "not a date"),
    ("yesterday", END, "not a date"),
])
def test_dates(raw, date, warns):
    got, warning = read_date(raw, START, END, END)
    assert got == date
    assert (warning is None) if warns is None else (warns in warning)


def test_a_bad_value_is_quoted_short_and_without_control_characters():
    raw = "x" * 200
    _, warning = read_date(raw, START, END, END)
    assert "x" * 39 + "…" in warning and "x" * 41 not in warning
    assert quote("a\u202eb\u200bc\nd\x00") == "abcd"


@pytest.mark.parametrize("raw,view,warns", [
    (None, None, False),
    ("35.1,38.2,8", View(35.1, 38.2, 8), False),
    (" 35.12346 , 38.2 , 8 ", View(35.1235, 38.2, 8), False),
    ("35,38,99", View(35.0, 38.0, 18), False),
    ("35,38", None, True),
    ("nan,38,7", None, True),
    ("95,38,7", None, True),
    ("1e400,38,7", None, True),
    ("a,b,c", None, True),
])
def test_views(raw, view, warns):
    got, warning = read_view(raw)
    assert got == view and (warning is not None) == warns


@pytest.mark.parametrize("raw,hidden,warns", [
    (None, set(), False),
    ("fronts", {"fronts"}, False),
    (" Fronts , TERRITORY ", {"fronts", "territory"}, False),
    ("places,,", {"places"}, False),
    ("fronts,rivers", {"fronts"}, True),
])
def test_hidden_layers(raw, hidden, warns):
    got, warning = read_hidden(raw)
    assert got == hidden and (warning is not None) == warns


def test_read_and_write_round_trip():
    state = read({"date": "2016-03-27", "view": "35.0,38.5,8", "hide": "places,fronts"}, START, END, END)
    assert state == LinkState(D("2016-03-27"), View(35.0, 38.5, 8), frozenset({"fronts", "places"}))
    assert to_params(state) == {"date": "2016-03-27", "view": "35.0000,38.5000,8", "hide": "fronts,places"}
    assert read(to_params(state), START, END, END) == state
    assert to_params(LinkState(D("2016-03-27"))) == {"date": "2016-03-27"}
