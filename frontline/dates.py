"""Dates as users type them, and as pages write an event's date with its precision."""

from __future__ import annotations

import datetime as dt
import re

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # ASCII digits only: no ISO week dates, no basic format


def parse_date(text: object) -> dt.date:
    """A strict YYYY-MM-DD date; raises ValueError with a message fit to show a user."""
    if isinstance(text, str) and _ISO_DAY.fullmatch(text) and text.isascii():
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a real date") from None
    raise ValueError(f"'{text}' is not a date written YYYY-MM-DD")


def clamp(date: dt.date, start: dt.date, end: dt.date) -> dt.date:
    return min(max(date, start), end)


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(date: dt.date) -> str:
    """"27 March 2016" (no leading zero, English month names whatever the locale)."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def between(earliest: dt.date, latest: dt.date) -> str:
    """'between 2 and 9 January 2014', 'between 28 December 2013 and 3 January 2014'."""
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return f"between {earliest.day} and {long_date(latest)}"
    if earliest.year == latest.year:
        return f"between {earliest.day} {MONTHS[earliest.month - 1]} and {long_date(latest)}"
    return f"between {long_date(earliest)} and {long_date(latest)}"


def event_when(date: dt.date, precision: str, earliest: dt.date | None = None) -> str:
    """How a page writes an event's date, saying how sure it is: '2016-03-27', 'March 2014 (month only)',
    '≈ 2014-01-01 (approximate)', '≈ between 2 and 9 January 2014' (an honest window)."""
    if precision == "window" and earliest is not None:
        return f"≈ {between(earliest, date)}"
    if precision == "month":
        return f"{MONTHS[date.month - 1]} {date.year} (month only)"
    if precision == "approx":
        return f"≈ {date.isoformat()} (approximate)"
    return date.isoformat()
