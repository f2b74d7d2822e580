"""What a project-wide find looks for: a pattern, its mode, the fields it reads, the replacement.

Modes: plain text (the default), whole word, case-sensitive (the default ignores case, as people
search) and regular expression (Python ``re``; the replacement may use its groups, ``\\1`` and
``\\g<name>``). A whole word is not touched on either side by a word character: a letter, digit or
underscore (``\\w``), or a combining mark or private-use character, which the index's tokenizer
also counts as part of a word. That keeps an index search for the words a superset of the real
matches (see ``editor.operations.candidates``), and "cafe" is not whole inside "cafe\\u0301".

Two quick tests decide which files need a real look, both allowed to say yes too often and never
no too often: ``fts_phrase`` (the words to ask the index for) and ``might_occur`` (the raw bytes
of a file, before it is parsed).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Iterator

from editor.operations.fields import DEFAULT_FIELDS


class PatternError(ValueError):
    """A pattern or replacement that cannot be used; the message says why."""


# Characters a YAML value can hold without the same character in the file: folding turns line
# breaks into spaces, quoting doubles ' and escapes anything after a backslash. Fragments of the
# pattern between them must appear in the file's bytes as they are.
_SEPARATORS = re.compile(r"[\s'\"\\]+")
_ASCII_WORDS = re.compile(r"[A-Za-z0-9]+")
_QUOTE_CONTEXT = b" \t"
_VALUE_STARTS = frozenset(b"\n\r:,[{?-")


@cache
def _word_class() -> str:
    """``\\w`` plus every combining mark (M*) and private-use character (Co), as a class body.

    Worked out from unicodedata on first use (about 60 ms). Planes 2 to 16 hold no marks but
    variation selectors (U+E0100-E01EF), and private use fills planes 15 and 16."""
    ranges: list[tuple[int, int]] = []
    category = unicodedata.category
    start = -1
    for point in range(0x20000):
        kind = category(chr(point))
        inside = kind[0] == "M" or kind == "Co"
        if inside and start < 0:
            start = point
        elif not inside and start >= 0:
            ranges.append((start, point - 1))
            start = -1
    ranges += [(0xE0100, 0xE01EF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]
    return r"\w" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


@cache
def _word_char() -> re.Pattern[str]:
    return re.compile(f"[{_word_class()}]")


@dataclass(frozen=True)
class Search:
    """A find over the fields of every article: see the module docstring for the modes."""

    pattern: str
    fields: tuple[str, ...] = DEFAULT_FIELDS
    regex: bool = False
    case: bool = False  # True: case-sensitive
    word: bool = False

    def __post_init__(self) -> None:
        if not self.pattern:
            raise PatternError("the pattern is empty")
        if not self.fields:
            raise PatternError("no field to search in")
        self.compiled  # noqa: B018 - a bad regular expression is refused here, not mid-search

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """The pattern, with the end of a whole word as a lookahead. Its start is checked by
        ``finditer``: a lookbehind before the pattern would keep ``re`` from searching for its
        first characters, and made a whole-word find about 15 times slower."""
        core = self.pattern if self.regex else re.escape(self.pattern)
        if self.word:
            core = f"(?:{core})(?![{_word_class()}])"
        try:
            return re.compile(core, 0 if self.case else re.IGNORECASE)
        except re.error as exc:
            raise PatternError(f"the regular expression {self.pattern!r} is invalid: {exc}") from None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in ``text``, as ``re.finditer`` gives them (for whole words: as a
        lookbehind for a word character before the match would)."""
        if not self.word:
            yield from self.compiled.finditer(text)
            return
        search = self.compiled.search
        inside = _word_char().match
        at = 0
        while at <= len(text):
            found = search(text, at)
            if found is None:
                return
            start, end = found.span()
            if start and inside(text, start - 1):
                at = start + 1  # not a word's start: a match may still begin inside this one
                continue
            yield found
            at = end if end > start else end + 1

    def sub(self, template: str, text: str) -> str:
        """``text`` with every match replaced (``re.sub`` for these matches)."""
        pieces, at = [], 0
        for found in self.finditer(text):
            pieces += [text[at:found.start()], self.replacement(found, template)]
            at = found.end()
        return "".join(pieces) + text[at:]

    def check_replacement(self, replacement: str) -> None:
        """Refuse a replacement that refers to a group the pattern does not have (regex mode)."""
        if not self.regex:
            return
        try:
            self.compiled.sub(replacement, "")  # re parses the template before it looks for matches
        except (re.error, IndexError) as exc:
            raise PatternError(f"the replacement {replacement!r} is invalid: {exc}") from None

    def replacement(self, match: re.Match[str], template: str) -> str:
        """What one match becomes: the template with its groups filled in (regex), or itself."""
        return match.expand(template) if self.regex else template

    # --- quick tests -----------------------------------------------------------------------------

    @cached_property
    def _fragments(self) -> tuple[str, ...] | None:
        if self.regex:
            return None  # a regular expression may match anything; every file is read
        parts = tuple(part for part in _SEPARATORS.split(self.pattern) if part)
        return parts if self.case else tuple(part.casefold() for part in parts)

    @cached_property
    def _fragment_bytes(self) -> tuple[bytes, ...]:
        return tuple(part.encode("utf-8") for part in self._fragments or ())

    def might_occur(self, raw: bytes) -> bool:
        """False only when no text field of the file can hold a match, judged from its bytes.

        Every fragment of the pattern must be in the bytes (casefolded when case is ignored:
        folding is per character, so a folded match lies inside the folded text), unless the
        front matter has a double-quoted value, whose escapes can spell any character.
        """
        fragments = self._fragments
        if not fragments:
            return True
        if self.case:
            found = all(part in raw for part in self._fragment_bytes)
        elif raw.isascii():
            # ASCII text folds to ASCII: a fragment that folds to anything else cannot be in it.
            low = raw.lower()
            found = all(part.isascii() and part in low for part in self._fragment_bytes)
        else:
            text = raw.decode("utf-8", "replace").casefold()
            found = all(part in text for part in fragments)
        return found or has_double_quoted_value(raw)

    def fts_phrase(self) -> str | None:
        """An FTS5 phrase of the pattern's words that every whole-word match satisfies, or None.

        Only for whole words of ASCII letters and digits: the index folds case and accents and
        splits on everything else (underscores too), so it finds at least every real match."""
        if self.regex or not self.word or not self.pattern.isascii():
            return None
        words = _ASCII_WORDS.findall(self.pattern)
        return '"' + " ".join(words) + '"' if words else None


def has_double_quoted_value(raw: bytes) -> bool:
    """Whether the bytes may hold a double-quoted YAML scalar: a ``"`` at the start of a line or
    after one of ``: , [ { ? -`` (spaces between allowed). Quotes inside prose mostly follow a
    letter or a space after a word, so most files answer no quickly."""
    at = raw.find(b'"')
    while at >= 0:
        before = at - 1
        while before >= 0 and raw[before] in _QUOTE_CONTEXT:
            before -= 1
        if before < 0 or raw[before] in _VALUE_STARTS:
            return True
        at = raw.find(b'"', at + 1)
    return False
