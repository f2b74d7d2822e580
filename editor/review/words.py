"""Word-level differences between two texts, for highlighting what changed in a value.

Text is cut into words (a number such as 1,250.75 is one), runs of white space and single other characters, and the two token
lists are compared with ``difflib.SequenceMatcher`` (junk heuristics off: a 4,000-character
answer repeats "the" and "of" far too often for them). Each changed stretch is a deleted run
followed by an inserted run, between runs of equal text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape
from typing import Iterable

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
_TAGS = {DELETE: "del", INSERT: "ins"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+|\s+|[^\w\s]", re.UNICODE)  # "1,250.75" is one word


@dataclass(frozen=True)
class WordOp:
    """A run of text that is the same on both sides, only in the old, or only in the new."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    """Words, white space runs and single punctuation marks, which join back to ``text``."""
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[WordOp]:
    """The operations that turn ``old`` into ``new``; a replacement is a delete then an insert."""
    a, b = tokens(old), tokens(new)
    found: list[WordOp] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if found and found[-1].op == op:
            found[-1] = WordOp(op, found[-1].text + text)
        else:
            found.append(WordOp(op, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(EQUAL, "".join(a[i1:i2]))
            continue
        add(DELETE, "".join(a[i1:i2]))
        add(INSERT, "".join(b[j1:j2]))
    return found


def old_text(ops: list[WordOp]) -> str:
    return "".join(op.text for op in ops if op.op != INSERT)


def new_text(ops: list[WordOp]) -> str:
    return "".join(op.text for op in ops if op.op != DELETE)


def words_html(ops: list[WordOp]) -> str:
    """The ops as escaped HTML, deleted runs in ``<del>`` and inserted runs in ``<ins>``."""
    parts = []
    for op in ops:
        text = escape(op.text, quote=False)
        tag = _TAGS.get(op.op)
        parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "".join(parts)


def side_html(ops: Iterable[WordOp], old_side: bool) -> str:
    """One side of a word diff as escaped HTML: the old text with its deleted runs in ``<del>``,
    or the new text with its inserted runs in ``<ins>``."""
    hidden = INSERT if old_side else DELETE
    return words_html([op for op in ops if op.op != hidden])

