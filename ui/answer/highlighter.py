"""Markdown syntax highlighting for the answer editor, plus pitfall squiggles and spelling underlines.

QSyntaxHighlighter re-runs only for the lines that change (and the following ones while the
block state differs), which keeps typing into a 100 KB answer cheap. Code fences and display-math
blocks span lines, so their state travels in the block state, computed by the same
``editor.spelling.line_state`` the spell checker uses; both agree on what is code and what is math.

Pitfalls arrive from the render worker as offsets into the whole answer; the highlighter draws
them on the blocks they touch. Spelling is checked per block with a cached word lookup.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QTimer

from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

from editor.answer.spelling import FENCE_BASE, MATH_BLOCK, NORMAL, Speller, code_spans, line_state

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s.*|$)")
_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
_LIST = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])(?=\s)(?:\s+\[[ xX]\])?")
_HR = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ITALIC = re.compile(r"(?<![*\w])\*(?=[^*\s])(.+?)(?<=[^*\s])\*(?!\*)|(?<![_\w])_(?=\S)(.+?)(?<=\S)_(?!\w)")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_LINK = re.compile(r"(!?\[)([^\]\n]*)(\]\()([^)\n]*)(\))")
_URL = re.compile(r"<https?://[^>\s]+>|\bhttps?://[^\s<>()]+|\bwww\.[^\s<>()]+")
_HTML = re.compile(r"</?[A-Za-z][^>\n]*>|&#?\w+;")
_MATH = re.compile(r"(?<!\\)(\$\$?)(?!\s*$)(.+?)(?<!\\)\1")
_LONGEST_SQUIGGLE = 400
RESTYLE_CHUNK = 120  # lines re-coloured per event-loop turn when spell checking switches on
_TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")


@dataclass
class Squiggle:
    """A pitfall drawn in the editor: offsets into the whole text, plus its tooltip."""

    start: int
    end: int
    message: str


def _fmt(color: QColor | None = None, *, bold: bool = False, italic: bool = False,
         mono: bool = False, background: QColor | None = None, strike: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if color is not None:
        fmt.setForeground(color)
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    if italic:
        fmt.setFontItalic(True)
    if strike:
        fmt.setFontStrikeOut(True)
    if mono:
        fmt.setFontFamilies([QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()])
    if background is not None:
        fmt.setBackground(background)
    return fmt


class MarkdownHighlighter(QSyntaxHighlighter):
    """Colours markdown, and underlines pitfalls (red squiggle) and misspellings (blue squiggle)."""

    def __init__(self, document: QTextDocument, palette: QPalette | None = None) -> None:
        super().__init__(document)
        self.speller: Speller | None = None
        # Re-styling emits the document's textChanged although no text changed; listeners check this.
        self.restyling = False
        self.squiggles: list[Squiggle] = []
        self._squiggle_starts: list[int] = []
        self.set_palette(palette or QPalette())

    # -- configuration ---------------------------------------------------------------------------
    def set_palette(self, palette: QPalette) -> None:
        """Pick colours that read on the current (light or dark) palette."""
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        accent = QColor("#7aa2f7" if dark else "#1f5fbf")
        muted = QColor("#8a8f98" if dark else "#7a7f87")
        code_bg = QColor("#2a2d33" if dark else "#f0f1f3")
        math = QColor("#c49bf0" if dark else "#7a3db8")
        self.formats = {
            "heading": _fmt(accent, bold=True),
            "marker": _fmt(muted, bold=True),
            "bold": _fmt(bold=True),
            "italic": _fmt(italic=True),
            "strike": _fmt(muted, strike=True),
            "code": _fmt(QColor("#e0a370" if dark else "#a3411c"), mono=True, background=code_bg),
            "fence": _fmt(muted, mono=True, background=code_bg),
            "math": _fmt(math, mono=True),
            "link": _fmt(accent),
            "url": _fmt(muted),
            "html": _fmt(muted),
            "table": _fmt(accent, bold=True),
        }
        self.pitfall_color = QColor("#e5484d")
        self.spelling_color = QColor("#3b82f6" if dark else "#2563eb")
        self.restyle()

    def restyle(self) -> None:
        """Re-colour the whole text (formats only: flagged so it is not taken for an edit)."""
        self.restyling = True
        try:
            self.rehighlight()
        finally:
            self.restyling = False

    def set_speller(self, speller: Speller | None, gradual: bool = False) -> None:
        """Spell checking on (a ``Speller``) or off (None); re-colours the whole answer.

        ``gradual`` re-colours a slice of lines per event-loop turn: a 100 KB answer takes about
        a quarter of a second in one go, which would freeze typing.
        """
        self.speller = speller
        if gradual:
            self._restyle_from(0)
        else:
            self.restyle()

    def _restyle_from(self, number: int, chunk: int = RESTYLE_CHUNK) -> None:
        block = self.document().findBlockByNumber(number)
        self.restyling = True
        try:
            for _ in range(chunk):
                if not block.isValid():
                    return
                self.rehighlightBlock(block)
                block = block.next()
        finally:
            self.restyling = False
        if block.isValid():
            QTimer.singleShot(0, self, lambda n=block.blockNumber(): self._restyle_from(n))

    def restyle_lines_with(self, word: str) -> None:
        """Re-colour only the lines that contain ``word`` (after it was added to the dictionary)."""
        block = self.document().firstBlock()
        self.restyling = True
        try:
            while block.isValid():
                if word in block.text():
                    self.rehighlightBlock(block)
                block = block.next()
        finally:
            self.restyling = False

    def set_squiggles(self, squiggles: list[Squiggle]) -> None:
        """Replace the pitfall squiggles, re-colouring only the lines that gain or lose one."""
        doc = self.document()
        touched = {doc.findBlock(s.start).blockNumber() for s in self.squiggles}
        self.squiggles = sorted(squiggles, key=lambda s: s.start)
        self._squiggle_starts = [s.start for s in self.squiggles]
        for s in self.squiggles:
            first, last = doc.findBlock(s.start).blockNumber(), doc.findBlock(max(s.start, s.end - 1)).blockNumber()
            touched.update(range(first, last + 1))
        self.restyling = True
        try:
            for number in sorted(touched):
                block = doc.findBlockByNumber(number)
                if block.isValid():
                    self.rehighlightBlock(block)
        finally:
            self.restyling = False

    def squiggle_at(self, position: int) -> Squiggle | None:
        """The pitfall under a document position, for tooltips and quick fixes."""
        index = bisect.bisect_right(self._squiggle_starts, position) - 1
        for s in self.squiggles[max(0, index - 2): index + 1]:
            if s.start <= position < max(s.end, s.start + 1):
                return s
        return None

    # -- highlighting ------------------------------------------------------------------------------
    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        previous = self.previousBlockState()
        previous = NORMAL if previous < 0 else previous
        state = line_state(text, previous)
        self.setCurrentBlockState(state)
        if previous >= FENCE_BASE or state >= FENCE_BASE:
            self.setFormat(0, len(text), self.formats["fence"])
        elif previous == MATH_BLOCK or state == MATH_BLOCK or text.lstrip().startswith("$$"):
            self.setFormat(0, len(text), self.formats["math"])
        else:
            self._inline(text)
            if self.speller is not None:
                self._spelling(text, previous)
        self._pitfalls(text)

    def _inline(self, text: str) -> None:
        f = self.formats
        heading = _HEADING.match(text)
        if heading:
            self.setFormat(0, len(text), f["heading"])
            self.setFormat(0, heading.end(1), f["marker"])
        if _HR.match(text):
            self.setFormat(0, len(text), f["marker"])
            return
        for pattern, key in ((_QUOTE, "marker"), (_LIST, "marker")):
            match = pattern.match(text)
            if match:
                self.setFormat(0, match.end(), f[key])
        if "|" in text:
            if _TABLE_DELIMITER.match(text):
                self.setFormat(0, len(text), f["table"])
            else:
                for match in re.finditer(r"(?<!\\)\|", text):
                    self.setFormat(match.start(), 1, f["table"])
        for pattern, key in ((_BOLD, "bold"), (_ITALIC, "italic"), (_STRIKE, "strike")):
            for match in pattern.finditer(text):
                self._overlay(match.start(), match.end() - match.start(), lambda fmt, k=key: fmt.merge(f[k]))
        for match in _LINK.finditer(text):
            self._overlay(match.start(2), len(match.group(2)), lambda fmt: fmt.merge(f["link"]))
            self.setFormat(match.start(3), match.end(5) - match.start(3), f["url"])
            self.setFormat(match.start(1), len(match.group(1)), f["url"])
        for pattern, key in ((_URL, "link"), (_HTML, "html")):
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), f[key])
        for match in _MATH.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), f["math"])
        for start, end in code_spans(text):
            self.setFormat(start, end - start, f["code"])

    def _overlay(self, start: int, length: int, change: Callable[[QTextCharFormat], None]) -> None:
        """Apply ``change`` on top of whatever formats the span already has (runs of equal format)."""
        pos, end = start, start + length
        while pos < end:
            base = self.format(pos)
            run = pos + 1
            while run < end and self.format(run) == base:
                run += 1
            fmt = QTextCharFormat(base)
            change(fmt)
            self.setFormat(pos, run - pos, fmt)
            pos = run

    def _underline(self, color: QColor) -> Callable[[QTextCharFormat], None]:
        def change(fmt: QTextCharFormat) -> None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
            fmt.setUnderlineColor(color)
        return change

    def _spelling(self, text: str, previous: int) -> None:
        assert self.speller is not None
        for start, end, _word in self.speller.misspelled_in_line(text, previous):
            self._overlay(start, end - start, self._underline(self.spelling_color))

    def _pitfalls(self, text: str) -> None:
        if not self.squiggles:
            return
        block = self.currentBlock()
        first, last = block.position(), block.position() + len(text)
        index = bisect.bisect_left(self._squiggle_starts, last) - 1
        # Pitfalls are short (a command or a price), so only a few can start before this line.
        while index >= 0 and self.squiggles[index].start > first - _LONGEST_SQUIGGLE:
            s = self.squiggles[index]
            start, end = max(s.start, first), min(max(s.end, s.start + 1), last)
            if start < end:
                self._overlay(start - first, end - start, self._underline(self.pitfall_color))
            index -= 1
