"""The find and replace bar under the answer editor (Ctrl+F finds, Ctrl+H also replaces).

Searching uses QTextDocument.find, which works on the document's blocks without copying the
whole text, so it stays quick on a 100 KB answer. "Replace all" is a single undo step.
"""
from __future__ import annotations

import re

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)


class FindReplaceBar(QWidget):
    """Find (and optionally replace) in one QPlainTextEdit; objectName ``findReplaceBar``."""

    closed = Signal()

    def __init__(self, editor: QPlainTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findReplaceBar")
        self.editor = editor
        self.find_edit = QLineEdit(objectName="findText", placeholderText="Find")
        self.replace_edit = QLineEdit(objectName="replaceText", placeholderText="Replace with")
        self.case_box = QCheckBox("Match case", objectName="findMatchCase")
        self.word_box = QCheckBox("Whole words", objectName="findWholeWords")
        self.regex_box = QCheckBox("Regex", objectName="findRegex")
        self.status = QLabel(objectName="findStatus")
        self.find_edit.setClearButtonEnabled(True)

        def button(text: str, name: str, slot) -> QToolButton:
            b = QToolButton(text=text, objectName=name)
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.clicked.connect(slot)
            return b

        self.replace_button = button("Replace", "replaceOne", self.replace_one)
        self.replace_all_button = button("Replace All", "replaceAll", self.replace_all)
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(self.find_edit, 0, 0)
        layout.addWidget(button("Previous", "findPrevious", lambda: self.find_next(backward=True)), 0, 1)
        layout.addWidget(button("Next", "findNext", lambda: self.find_next()), 0, 2)
        layout.addWidget(self.case_box, 0, 3)
        layout.addWidget(self.word_box, 0, 4)
        layout.addWidget(self.regex_box, 0, 5)
        layout.addWidget(self.status, 0, 6)
        layout.addWidget(button("✕", "findClose", self.close_bar), 0, 7)
        layout.addWidget(self.replace_edit, 1, 0)
        layout.addWidget(self.replace_button, 1, 1)
        layout.addWidget(self.replace_all_button, 1, 2)
        layout.setColumnStretch(0, 1)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textEdited.connect(self._search_as_you_type)
        self.replace_edit.returnPressed.connect(self.replace_one)
        QShortcut(QKeySequence("Shift+Return"), self.find_edit, lambda: self.find_next(backward=True),
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

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

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus()
        self.closed.emit()

    # -- finding ---------------------------------------------------------------------------------
    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        if self.case_box.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if self.word_box.isChecked():
            flags |= QTextDocument.FindFlag.FindWholeWords
        return flags

    def _pattern(self) -> str | QRegularExpression:
        text = self.find_edit.text()
        if not self.regex_box.isChecked():
            return text
        options = QRegularExpression.PatternOption.NoPatternOption
        if not self.case_box.isChecked():
            options |= QRegularExpression.PatternOption.CaseInsensitiveOption
        return QRegularExpression(text, options)

    def _find_from(self, position: int, backward: bool) -> QTextCursor:
        doc = self.editor.document()
        pattern = self._pattern()
        if isinstance(pattern, QRegularExpression) and not pattern.isValid():
            self.status.setText("Bad pattern")
            return QTextCursor()
        # QTextDocument.find matches regexes case-sensitively unless the pattern says otherwise.
        flags = self._flags(backward)
        if isinstance(pattern, QRegularExpression):
            flags &= ~QTextDocument.FindFlag.FindCaseSensitively
        return doc.find(pattern, position, flags)

    def find_next(self, backward: bool = False) -> bool:
        """Select the next (or previous) match, wrapping around; False when there is none."""
        if not self.find_edit.text():
            self.status.setText("")
            return False
        cursor = self.editor.textCursor()
        start = cursor.selectionStart() if backward else cursor.selectionEnd()
        found = self._find_from(start, backward)
        if found.isNull():  # wrap around
            found = self._find_from(self.editor.document().characterCount() if backward else 0, backward)
        if found.isNull():
            self.status.setText("No matches")
            self.find_edit.setProperty("notFound", True)
            return False
        self.status.setText("")
        self.editor.setTextCursor(found)
        self.editor.centerCursor()
        return True

    def _search_as_you_type(self, _text: str) -> None:
        cursor = self.editor.textCursor()
        cursor.setPosition(cursor.selectionStart())
        self.editor.setTextCursor(cursor)
        self.find_next()

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        if not selected:
            return False
        if self.regex_box.isChecked():
            flags = 0 if self.case_box.isChecked() else re.IGNORECASE
            try:
                return re.fullmatch(self.find_edit.text(), selected, flags) is not None
            except re.error:
                return False
        if self.case_box.isChecked():
            return selected == self.find_edit.text()
        return selected.casefold() == self.find_edit.text().casefold()

    def _replacement_for(self, matched: str) -> str:
        if not self.regex_box.isChecked():
            return self.replace_edit.text()
        flags = 0 if self.case_box.isChecked() else re.IGNORECASE
        try:
            return re.sub(self.find_edit.text(), self.replace_edit.text(), matched, count=1, flags=flags)
        except re.error:
            return self.replace_edit.text()

    def replace_one(self) -> bool:
        """Replace the selected match and select the next one; False when nothing was replaced."""
        if not self._selection_matches():
            return self.find_next() and False
        cursor = self.editor.textCursor()
        cursor.insertText(self._replacement_for(cursor.selectedText()))
        self.editor.setTextCursor(cursor)
        self.find_next()
        return True

    def replace_all(self) -> int:
        """Replace every match as one undo step; returns how many were replaced."""
        if not self.find_edit.text():
            return 0
        count = 0
        edit = QTextCursor(self.editor.document())
        edit.beginEditBlock()
        found = self._find_from(0, False)
        while not found.isNull():
            if found.selectionStart() == found.selectionEnd():
                break  # an empty regex match would loop forever
            found.insertText(self._replacement_for(found.selectedText()))
            count += 1
            found = self._find_from(found.position(), False)
        edit.endEditBlock()
        self.status.setText(f"Replaced {count}")
        return count
