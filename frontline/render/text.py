"""Text from data files on its way into HTML and JavaScript."""

from __future__ import annotations

import html
import unicodedata


def escape(value: object) -> str:
    """HTML-escape, and also neutralise backticks and '$', since folium embeds popup HTML in
    JavaScript template literals where `${…}` would run."""
    return html.escape(str(value), quote=True).replace("`", "&#96;").replace("$", "&#36;")


def safe_url(url: str) -> str | None:
    """Only http(s) links reach a page: no javascript: or data: URLs from a data file."""
    url = url.strip()
    return url if url.lower().startswith(("http://", "https://")) else None


_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$&:=\"'^%@")


def markdown_text(value: object) -> str:
    """Text that Markdown renders as itself: every punctuation mark that could start markup (links,
    images, emphasis, HTML, KaTeX `$`) backslash-escaped, and line breaks folded to spaces."""
    text = " ".join(str(value).split())
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text)


def plain(value: object) -> str:
    """Text fit for a drawing (matplotlib, SVG): no control characters, no lone surrogates, no zero-width or
    bidirectional controls — they make SVG ill-formed XML or hide text. (`$` is made literal by turning off
    matplotlib's mathtext in frontline/render/static.py.)"""
    return "".join(ch for ch in str(value)
                   if unicodedata.category(ch) not in ("Cc", "Cs", "Cf") and ch not in "\u2028\u2029")


# What a spreadsheet would read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A CSV cell as written: text a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
    carriage return) gets a leading `'`; numbers and None (an empty cell) are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
