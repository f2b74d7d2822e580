"""Spell checking of answer markdown: prose only, never syntax, code or math.

A thin wrapper over pyspellchecker. The answer is checked line by line, because the editor's
highlighter sees one line (block) at a time: ``line_state`` carries "inside a code fence" or
"inside a display-math block" from one line to the next, and ``checkable_words`` lists the prose
words of one line with their offsets. Words a project accepts live in a plain text file in the
content folder (``<folder>/.article-editor/dictionary.txt``, one word a line), so the whole team
shares them through git.

Languages: pyspellchecker's own (``en``, ``de``, ``fr``, ...; its ``en`` is one dictionary of
mostly American spellings) and the English variants ``en_US``, ``en_GB`` and ``en_CA``: ``en``
adjusted by a list of SCOWL's differences (``resources/spelling/<variant>.txt``: "colour" added,
"color" flagged for en_GB). A project chooses its language in ``.article-editor/config.yml``
(``spelling: {language: en_GB}``); a writer's preference applies where the project says nothing.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from editor.resources import resource

DICTIONARY_PATH = Path(".article-editor") / "dictionary.txt"
DEFAULT_LANGUAGE = "en"
ENGLISH_VARIANTS = ("en_CA", "en_GB", "en_US")  # each a list of differences over pyspellchecker's en

# Line states, shared with the editor's highlighter (QSyntaxHighlighter keeps one int a line).
NORMAL = 0
MATH_BLOCK = 1
FENCE_BASE = 16  # FENCE_BASE + 2 * fence length + (1 if the fence is tildes)

_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_MATH_FENCE_RE = re.compile(r"^ {0,3}\$\$")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Spans of a line that hold no prose: code spans are handled separately (backtick runs pair up).
_SKIP_RES = (
    re.compile(r"(?<!\\)\$\$.+?(?<!\\)\$\$"),  # $$...$$ on one line
    re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$"),  # $...$, remark-math pairs any two dollars
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link and image targets
    re.compile(r"<[A-Za-z/!][^>\n]*>"),  # autolinks and raw HTML tags
    re.compile(r"\bhttps?://\S+|\bwww\.\S+|\S+@\S+\.\w+"),  # bare urls and mail addresses
    re.compile(r"&#?\w+;"),  # entities such as &nbsp;
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+"),  # link reference definitions
)


def fence_state(marker: str) -> int:
    """The line state for a code fence opened by ``marker`` (three or more backticks or tildes)."""
    return FENCE_BASE + 2 * len(marker) + (1 if marker[0] == "~" else 0)


def line_state(line: str, previous: int) -> int:
    """The state after ``line``: whether the next line is inside a code fence or a display-math block."""
    if previous >= FENCE_BASE:
        fence = _FENCE_RE.match(line)
        length, tilde = divmod(previous - FENCE_BASE, 2)
        if fence and line[fence.end():].strip() == "" and (fence.group(1)[0] == "~") == bool(tilde) \
                and len(fence.group(1)) >= length:
            return NORMAL
        return previous
    if previous == MATH_BLOCK:
        return NORMAL if "$$" in line else MATH_BLOCK
    fence = _FENCE_RE.match(line)
    if fence and not (fence.group(1)[0] == "`" and "`" in line[fence.end():]):
        return fence_state(fence.group(1))
    if _MATH_FENCE_RE.match(line):
        # "$$ x $$" on one line opens and closes; a bare "$$" (or "$$ x") opens a block.
        return NORMAL if line.strip().count("$$") >= 2 and line.strip() != "$$" else MATH_BLOCK
    return NORMAL


def code_spans(line: str) -> Iterator[tuple[int, int]]:
    """Inline code spans of a line, as CommonMark pairs backtick runs of equal length."""
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", line)]
    used: set[int] = set()
    for i, (start, end) in enumerate(runs):
        if i in used:
            continue
        for j in range(i + 1, len(runs)):
            if j not in used and runs[j][1] - runs[j][0] == end - start:
                used.update((i, j))
                yield start, runs[j][1]
                break


def skipped_spans(line: str) -> list[tuple[int, int]]:
    """Spans of one line that are syntax, code, math, urls or HTML, so hold no prose to check."""
    spans = list(code_spans(line))
    for pattern in _SKIP_RES:
        spans.extend(m.span() for m in pattern.finditer(line))
    return spans


def checkable_words(line: str, state: int = NORMAL) -> list[tuple[int, int, str]]:
    """The prose words of ``line`` as (start, end, word); ``state`` is the state before the line."""
    if state != NORMAL or line_state(line, state) != NORMAL or _MATH_FENCE_RE.match(line):
        return []  # fence lines, fenced code and display math hold no prose
    if line.startswith("    ") and not line.lstrip().startswith(("-", "*", "+")) \
            and not re.match(r"\s*\d+[.)]", line):
        return []  # indented code block (list continuations are indented too, but rarely prose-only)
    spans = skipped_spans(line)
    words = []
    for match in _WORD_RE.finditer(line):
        start, end = match.span()
        if any(s < end and start < e for s, e in spans):
            continue
        word = match.group()
        if len(word) < 2 or word.isupper():
            continue  # single letters and acronyms are not worth flagging
        words.append((start, end, word))
    return words


def available_languages() -> list[str]:
    """Every language a project may choose: pyspellchecker's and the English variants."""
    from spellchecker import SpellChecker

    return sorted(set(SpellChecker.languages()) | set(ENGLISH_VARIANTS))


def language_code(name: str) -> str:
    """``en-GB``, ``en_gb`` or ``EN_GB`` as ``en_GB``; ValueError naming the choices otherwise."""
    base, _, region = name.strip().replace("-", "_").partition("_")
    code = base.lower() + ("_" + region.upper() if region else "")
    choices = available_languages()
    if code not in choices:
        raise ValueError(f"unknown spelling language '{name}' (known: {', '.join(choices)})")
    return code


@dataclass(frozen=True)
class _Dictionary:
    """A loaded word list; ``preferred`` maps an American spelling to the variant's own."""

    checker: object  # spellchecker.SpellChecker
    preferred: dict[str, str]

    def __contains__(self, word: str) -> bool:
        return word in self.checker  # type: ignore[operator]


@lru_cache(maxsize=4)
def _backend(language: str) -> _Dictionary:
    """The word list for a language: loading it takes a few hundred ms, so it is shared."""
    from spellchecker import SpellChecker

    if language not in ENGLISH_VARIANTS:
        return _Dictionary(SpellChecker(language=language), {})
    checker = SpellChecker(language="en")
    preferred = _apply_variant(checker, resource("spelling", f"{language}.txt"))
    return _Dictionary(checker, preferred)


def _apply_variant(checker, path: Path) -> dict[str, str]:  # checker: spellchecker.SpellChecker
    """Add the variant's own spellings and drop the American ones it does not use. An added word
    takes its American counterpart's frequency, so it ranks where that word ranked; returns the
    American spellings the variant replaces, each with its replacement."""
    counts = checker.word_frequency.dictionary
    added: dict[str, int] = {}
    removed: list[str] = []
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("+"):
            word, _, american = line[1:].partition("\t")
            added[word] = max(1, counts.get(american, 0)) if american else 1
            if american:
                pairs[american] = word
        elif line.startswith("-"):
            removed.append(line[1:])
    checker.word_frequency.remove_words(removed)
    checker.word_frequency.load_json(added)
    gone = set(removed)
    return {american: word for american, word in pairs.items() if american in gone}


@dataclass(frozen=True)
class Misspelling:
    """A word the dictionary does not know, with its offsets into the checked text."""

    start: int
    end: int
    word: str
    line: int  # 0-based line of the checked text


class Speller:
    """A language's dictionary plus the project's own words."""

    def __init__(self, language: str = DEFAULT_LANGUAGE, folder: Path | str | None = None) -> None:
        self.language = language or DEFAULT_LANGUAGE
        self.dictionary_path = Path(folder) / DICTIONARY_PATH if folder else None
        self.project_words: set[str] = set()
        self._known: dict[str, bool] = {}
        self._lock = threading.Lock()
        self._load_project_words()

    @staticmethod
    def languages() -> list[str]:
        """Languages a project may choose (``available_languages``)."""
        return available_languages()

    def _load_project_words(self) -> None:
        if self.dictionary_path and self.dictionary_path.is_file():
            text = self.dictionary_path.read_text(encoding="utf-8", errors="replace")
            self.project_words = {w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")}

    def is_correct(self, word: str) -> bool:
        """True when the language or the project dictionary knows ``word`` (case-insensitively)."""
        known = self._known.get(word)
        if known is None:
            normal = word.replace("’", "'")
            lower = normal.lower()
            known = (word in self.project_words or lower in self.project_words
                     or lower in _backend(self.language))
            if not known and lower.endswith("'s"):
                known = lower[:-2] in _backend(self.language)
            with self._lock:
                self._known[word] = known
        return known

    def suggestions(self, word: str, limit: int = 8) -> list[str]:
        """Likely corrections, most probable first, in the word's own capitalisation."""
        backend = _backend(self.language)
        checker = backend.checker
        found = checker.candidates(word.lower()) or set()  # type: ignore[attr-defined]
        ranked = sorted(found, key=lambda w: (-checker.word_usage_frequency(w), w))  # type: ignore[attr-defined]
        own = backend.preferred.get(word.lower())
        if own is not None:  # "color" in British English: "colour" first, whatever is more frequent
            ranked = [own] + [w for w in ranked if w != own]
        ranked = ranked[:limit]
        if word[:1].isupper():
            ranked = [w[:1].upper() + w[1:] for w in ranked]
        return ranked

    def add_to_dictionary(self, word: str) -> None:
        """Accept ``word`` from now on, and record it in the project's dictionary file."""
        self.project_words.add(word)
        with self._lock:
            self._known[word] = True
        if self.dictionary_path is None:
            return
        self.dictionary_path.parent.mkdir(parents=True, exist_ok=True)
        existing = self.dictionary_path.read_text(encoding="utf-8") if self.dictionary_path.exists() else ""
        lines = sorted(set(existing.splitlines()) | {word}, key=str.casefold)
        self.dictionary_path.write_text("\n".join(w for w in lines if w) + "\n", encoding="utf-8")

    def misspelled_in_line(self, line: str, state: int = NORMAL) -> list[tuple[int, int, str]]:
        """(start, end, word) for each unknown prose word of one line."""
        return [w for w in checkable_words(line, state) if not self.is_correct(w[2])]

    def misspellings(self, text: str) -> list[Misspelling]:
        """Every unknown prose word of a whole answer, with offsets into ``text``."""
        found: list[Misspelling] = []
        state, offset = NORMAL, 0
        for number, line in enumerate(text.split("\n")):
            for start, end, word in self.misspelled_in_line(line, state):
                found.append(Misspelling(offset + start, offset + end, word, number))
            state = line_state(line, state)
            offset += len(line) + 1
        return found
