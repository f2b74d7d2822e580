"""Dates as the site prints them, from an article's ``date_format`` (moment.js-style tokens).

The site's templates format ``date`` with tokens such as ``MMM DD, YYYY`` ("Dec 02, 2024"). The
editor shows the same text next to the date picker, so writers see what readers will see. Month
and weekday names are English on the site whatever the writer's locale, so they are spelled here
rather than taken from the system.
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "January February March April May June July August September October November December"
).split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()

# Longest tokens first so that "MMMM" is not read as "MM" twice; [text] is a literal, as in moment.
_TOKEN = re.compile(r"\[[^\]]*\]|YYYY|YY|MMMM|MMM|MM|M|Do|DD|D|dddd|ddd")


def _ordinal(day: int) -> str:
    if 10 <= day % 100 <= 20:
        return f"{day}th"
    return f"{day}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th') }"


def format_site_date(date: dt.date, fmt: str) -> str:
    """``date`` written with the site's ``fmt``: ``format_site_date(date(2024, 12, 2), "MMM DD, YYYY")``
    gives ``"Dec 02, 2024"``. Characters that are not tokens are copied as they are."""

    def token(match: re.Match[str]) -> str:
        tok = match.group(0)
        if tok.startswith("["):
            return tok[1:-1]
        return {
            "YYYY": f"{date.year:04d}",
            "YY": f"{date.year % 100:02d}",
            "MMMM": MONTHS[date.month - 1],
            "MMM": MONTHS[date.month - 1][:3],
            "MM": f"{date.month:02d}",
            "M": str(date.month),
            "Do": _ordinal(date.day),
            "DD": f"{date.day:02d}",
            "D": str(date.day),
            "dddd": WEEKDAYS[date.weekday()],
            "ddd": WEEKDAYS[date.weekday()][:3],
        }[tok]

    return _TOKEN.sub(token, fmt)


def parse_iso_date(value: object) -> dt.date | None:
    """A front-matter date value as a ``date``: YAML already gives one for ``2024-12-02``; a quoted
    ISO string is accepted too. Anything else gives None, so callers can say the value is bad."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
