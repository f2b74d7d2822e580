"""The find and replace bar of the answer pane (Ctrl+F finds, Ctrl+H also replaces).

One engine decides what matches: Python's ``re`` over the editor's plain text (a plain search is
an escaped pattern, "whole words" adds word-boundary lookarounds), so the count ("3 of 17"),
Next/Previous and Replace always agree, and a regex replacement sees the match in its context
(lookbehinds, ``\\1`` groups). The matches are computed once per document revision and pattern,
about a millisecond on a 100 KB answer. Offsets are converted to the document's UTF-16
positions, so an emoji or a math letter before a match does not shift the selection.

The bar sits under the editor and the preview and never asks for width: its horizontal size
policy is Ignored and the status has a fixed width, so opening it, or "Replaced 12" appearing,
leaves the splitters exactly as the writer set them. "Replace all" is a single undo step.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QToolButton, QWidget

COUNT_REFRESH_MS = 150  # the count follows edits in the editor after this pause
_STATUS_SAMPLES = ("9999 of 9999", "Replaced 9999", "No matches", "Bad pattern")


@dataclass(frozen=True)
class Match:
    """One match, in document (UTF-16) positions, with the regex match for replacements."""

    start: int
    end: int
    found: re.Match[str]


def _position_map(text: str):  # -> Callable[[int], int]
    """Python string offsets to QTextDocument positions (which count UTF-16 code units)."""
    if len(text.encode("utf-16-le")) == 2 * len(text):
        return lambda offset: offset
    units = [0, *itertools.accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
    return lambda offset: units[offset]


class FindReplaceBar(QWidget):
    """Find (and optionally replace) in one QPlainTextEdit; objectName ``findReplaceBar``."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceBar")
        self.editor = editor
        self.find_edit = QLineEdit(objectName="findText", placeholderText="Find")
        self.replace_edit = QLineEdit(objectName="replaceText", placeholderText="Replace with")
        for edit in (self.find_edit, self.replace_edit):
            edit.setMinimumWidth(120)
            edit.setClearButtonEnabled(True)
        self.case_box = self._toggle("Aa", "findMatchCase", "Match case")
        self.word_box = self._toggle("W", "findWholeWords", "Whole words")
        self.regex_box = self._toggle(".*", "findRegex", "Regular expression (Python syntax; \\1 in the replacement)")
        self.status = QLabel(objectName="findStatus")
        metrics = self.status.fontMetrics()
        self.status.setFixedWidth(max(metrics.horizontalAdvance(s) for s in _STATUS_SAMPLES) + 8)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.replace_button = self._button("Replace", "replaceOne", "Replace this match and find the next", self.replace_one)
        self.replace_all_button = self._button("Replace all", "replaceAll", "Replace every match (one undo step)", self.replace_all)
        previous = self._button("↑", "findPrevious", "Previous match (Shift+Enter)", lambda: self.find_next(backward=True))
        following = self._button("↓", "findNext", "Next match (Enter)", lambda: self.find_next())
        close = self._button("✕", "findClose", "Close (Esc)", self.close_bar)

        layout = QGridLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(3)
        layout.addWidget(self.find_edit, 0, 0)
        layout.addWidget(self.status, 0, 1)
        layout.addWidget(previous, 0, 2)
        layout.addWidget(following, 0, 3)
        layout.addWidget(self.case_box, 0, 4)
        layout.addWidget(self.word_box, 0, 5)
        layout.addWidget(self.regex_box, 0, 6)
        layout.addWidget(close, 0, 7)
        layout.addWidget(self.replace_edit, 1, 0)
        layout.addWidget(self.replace_button, 1, 1, 1, 3)
        layout.addWidget(self.replace_all_button, 1, 4, 1, 3)
        layout.setColumnStretch(0, 1)
        # Never widen whatever holds the bar: it takes the width it is given.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        self._cache: tuple[tuple[object, ...], list[Match]] | None = None
        self._count_timer = QTimer(self, singleShot=True, interval=COUNT_REFRESH_MS, timeout=self.update_count)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textEdited.connect(self._search_as_you_type)
        self.replace_edit.returnPressed.connect(self.replace_one)
        for box in (self.case_box, self.word_box, self.regex_box):
            box.toggled.connect(lambda _on: self.update_count())
        editor.document().contentsChanged.connect(self._document_changed)
        QShortcut(QKeySequence("Shift+Return"), self.find_edit, lambda: self.find_next(backward=True),
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    @staticmethod
    def _toggle(text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(text=text, objectName=name, checkable=True)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setAutoRaise(True)
        return button

    @staticmethod
    def _button(text: str, name: str, tip: str, slot) -> QToolButton:
        button = QToolButton(text=text, objectName=name)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.clicked.connect(slot)
        return button

    # -- showing ---------------------------------------------------------------------------------
    def open_find(self, replace: bool = False) -> None:
        """Show the bar (with the replace row when ``replace``), seeded with the selected text."""
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        for widget in (self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(replace)
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()
        self.update_count()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()
        self.closed.emit()

    # -- matching --------------------------------------------------------------------------------
    def _regex(self) -> re.Pattern[str] | None:
        """The search as one compiled pattern; None when empty or not a valid regex."""
        text = self.find_edit.text()
        if not text:
            return None
        pattern = text if self.regex_box.isChecked() else re.escape(text)
        if self.word_box.isChecked():
            pattern = rf"(?<!\w)(?:{pattern})(?!\w)"
        flags = re.MULTILINE | (0 if self.case_box.isChecked() else re.IGNORECASE)
        try:
            return re.compile(pattern, flags)
        except re.error as error:
            self.status.setText("Bad pattern")
            self.status.setToolTip(f"Not a valid regular expression: {error}")
            return None

    def matches(self) -> list[Match]:
        """Every non-empty match in the document, in order (cached per revision and search)."""
        key = (self.editor.document().revision(), self.find_edit.text(), self.case_box.isChecked(),
               self.word_box.isChecked(), self.regex_box.isChecked())
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        regex = self._regex()
        found: list[Match] = []
        if regex is not None:
            text = self.editor.toPlainText()
            position = _position_map(text)
            found = [Match(position(m.start()), position(m.end()), m) for m in regex.finditer(text) if m.end() > m.start()]
        self._cache = (key, found)
        return found

    def _current_index(self, found: list[Match]) -> int | None:
        cursor = self.editor.textCursor()
        span = (cursor.selectionStart(), cursor.selectionEnd())
        return next((i for i, m in enumerate(found) if (m.start, m.end) == span), None)

    def update_count(self) -> None:
        """Show "3 of 17" while a match is selected, else how many there are."""
        if not self.find_edit.text():
            self.status.setText("")
            return
        self.status.setToolTip("")
        found = self.matches()
        if self._regex() is None:
            return  # the status already says the pattern is bad
        if not found:
            self.status.setText("No matches")
            return
        index = self._current_index(found)
        total = len(found)
        self.status.setText(f"{index + 1} of {total}" if index is not None else f"{total} match{'es' if total != 1 else ''}")

    def _document_changed(self) -> None:
        if self.isVisible() and self.find_edit.text():
            self._count_timer.start()

    # -- finding ---------------------------------------------------------------------------------
    def _select(self, match: Match) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(match.start)
        cursor.setPosition(match.end, QTextCursor.MoveMode.KeepAnchor)
        self.editor.setTextCursor(cursor)
        self.editor.centerCursor()

    def find_next(self, backward: bool = False) -> bool:
        """Select the next (or previous) match, wrapping around; False when there is none."""
        found = self.matches()
        if not found:
            self.update_count()
            return False
        cursor = self.editor.textCursor()
        if backward:
            before = [m for m in found if m.start < cursor.selectionStart()]
            target = before[-1] if before else found[-1]
        else:
            after = [m for m in found if m.start >= cursor.selectionEnd() and m.end > cursor.selectionStart()]
            target = after[0] if after else found[0]
        self._select(target)
        self.update_count()
        return True

    def _search_as_you_type(self, _text: str) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self.editor.setTextCursor(cursor)
        self.find_next()

    # -- replacing -------------------------------------------------------------------------------
    def _replacement_for(self, match: Match) -> str:
        template = self.replace_edit.text()
        if not self.regex_box.isChecked():
            return template
        try:
            return match.found.expand(template)
        except (re.error, IndexError):
            return template

    def replace_one(self) -> bool:
        """Replace the selected match and select the next one; False when nothing was replaced."""
        found = self.matches()
        index = self._current_index(found)
        if index is None:
            self.find_next()
            return False
        match = found[index]
        cursor = self.editor.textCursor()
        cursor.insertText(self._replacement_for(match))
        self.editor.setTextCursor(cursor)
        self.find_next()
        return True

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        found = self.matches()
        if not found:
            self.update_count()
            return 0
        edit = QTextCursor(self.editor.document())
        edit.beginEditBlock()
        for match in reversed(found):  # back to front, so earlier positions stay valid
            edit.setPosition(match.start)
            edit.setPosition(match.end, QTextCursor.MoveMode.KeepAnchor)
            edit.insertText(self._replacement_for(match))
        edit.endEditBlock()
        self._count_timer.stop()
        self.status.setText(f"Replaced {len(found)}")
        return len(found)
