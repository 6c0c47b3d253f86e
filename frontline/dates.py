"""Dates as users type them."""

from __future__ import annotations

import datetime as dt


def parse_date(text: object) -> dt.date:
    """A strict YYYY-MM-DD date; raises ValueError with a message fit to show a user."""
    if isinstance(text, str) and len(text) == 10:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a real date") from None
    raise ValueError(f"'{text}' is not a date written YYYY-MM-DD")


def clamp(date: dt.date, start: dt.date, end: dt.date) -> dt.date:
    return min(max(date, start), end)
