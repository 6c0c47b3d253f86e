"""Dates as users type them."""

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
