"""The answer's backslash-n convention, both ways.

The site renders ``answer.replace(/\\n/g, "\n")``: every backslash-n pair in the stored value
becomes a line break, wherever it stands (even inside ``\neq``). The editor mirrors that exactly:
``decode`` gives the writer real line breaks, ``encode`` writes them back as backslash-n pairs on
one line, which is the file's convention.
"""
from __future__ import annotations

import re

PAIR = "\\n"


def decode(stored: str) -> str:
    """The answer as the site renders it and the writer edits it: every backslash-n is a line break."""
    return stored.replace(PAIR, "\n")


def encode(text: str) -> str:
    """The stored form of edited text: line breaks (LF, CRLF or CR) become backslash-n pairs."""
    return re.sub(r"\r\n?|\n", lambda _m: PAIR, text)


def is_representable(text: str) -> bool:
    """False when the text holds a literal backslash followed by ``n``: the site cannot show it."""
    return PAIR not in text
