"""How the index stores a YAML value: as SQLite holds it, and as text to search and print."""
from __future__ import annotations

import datetime as dt
import reprlib
from typing import Any

INT64 = 2**63  # SQLite's integers are 64-bit; YAML's are not bounded
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 3, 200, 200


def db_value(value: Any) -> Any:
    """A YAML value as stored: str, float, None and 64-bit ints as they are; anything else (a date,
    a list, an int too big for SQLite) as tagged text.

    The tag keeps a date or a list from ever equalling a string, and reprlib keeps alias bombs small.
    """
    if value is None or type(value) in (str, float) or (type(value) is int and -INT64 <= value < INT64):
        return value
    return f"\x00{type(value).__name__}:{_REPR.repr(value)}"


def text_of(value: Any) -> str:
    """A value as searchable, printable text."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)
