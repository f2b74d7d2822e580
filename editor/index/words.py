"""Words as search sees them: the full-text tokenizer's rules, mirrored for queries.

The index's FTS5 tokenizer (``unicode61``) splits text at every character that is not a letter or
a digit, so "peer-to-peer" is the three words ``peer to peer`` and "Newton's" is ``newton s``. A
writer who types "newtons" means the same word. So the index stores each text followed by its
words that hold an apostrophe, written without it (``searchable``: "Newton's law Newtons"), and
a query folds the apostrophes out of its words (``fold_apostrophes``): "newtons", "newton's" and
"Newton’s" all find the title, and "newton" still does.

``loose_match`` is the one rule for matching a word typed with a letter missing ("pully" for
"pulleys", "photsynthesis"): the typed letters in order inside one word, starting with its first
letter, with at most a few letters more. It never spans words: "mitochondrix" does not match
"Define homogeneous mixtures". Quick Open uses it on the index's vocabulary, the command palette
on its action names. This module imports nothing of ours.
"""
from __future__ import annotations

import re

APOSTROPHES = "'\u2019\u02bc"  # ' and the typographic ’, and the modifier letter ʼ
_DROP = str.maketrans("", "", APOSTROPHES)
# A word with an apostrophe inside it: letters or digits on both sides ("don't", "O'Brien").
_INNER = re.compile(r"[^\W_]+(?:[" + APOSTROPHES + r"][^\W_]+)+")
# What the tokenizer keeps as one token: letters and digits (Python's \w without the underscore).
WORD = re.compile(r"[^\W_]+")


def _has_apostrophe(text: str) -> bool:
    return "'" in text or "\u2019" in text or "\u02bc" in text


def fold_apostrophes(text: str) -> str:
    """``text`` with the apostrophes inside words removed: "Newton's law" -> "Newtons law".
    Apostrophes used as quotes (at a word's edge) stay, and split words as before."""
    if not _has_apostrophe(text):
        return text
    return _INNER.sub(lambda m: m.group().translate(_DROP), text)


def searchable(text: str) -> str:
    """``text`` as the full-text index stores it: as written, then each word that holds an
    apostrophe once more without it. Indexing runs this on every file, so text without an
    apostrophe (most of it) is returned as it is."""
    if not text or not _has_apostrophe(text):
        return text
    folded = [m.group().translate(_DROP) for m in _INNER.finditer(text)]
    return f"{text} {' '.join(folded)}" if folded else text


def slack(word: str) -> int:
    """How many letters more than typed a loose match may hold: 2, or a third of a long word."""
    return max(2, len(word) // 3)


def loose_match(typed: str, word: str, prefix: bool = False) -> bool:
    """True when ``typed`` (already lower case) is ``word`` with a few letters missing: the same
    first letter, the typed letters in order, and at most ``slack`` letters more. With ``prefix``
    the typed letters need only cover a start of ``word`` (the writer is still typing it)."""
    if not typed or not word or typed[0] != word[0]:
        return False
    if not prefix and len(word) - len(typed) > slack(typed):
        return False
    position = 0
    for char in typed:
        position = word.find(char, position) + 1
        if position == 0:
            return False
    return position - len(typed) <= slack(typed)
