"""Spelling suggestions in the answer editor's right-click menu, and "Add to dictionary".

The word under the click is found with the same rules the highlighter underlines by
(``editor.spelling.checkable_words``), so a word inside code or math never offers corrections.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QFont, QTextCursor
from PySide6.QtWidgets import QMenu, QPlainTextEdit

from editor.answer.spelling import NORMAL, Speller

MAX_SUGGESTIONS = 6


def misspelled_word_at(speller: Speller, cursor: QTextCursor) -> tuple[int, int, str] | None:
    """(start, end, word) in document offsets of the misspelled word at ``cursor``, if any."""
    block = cursor.block()
    previous = block.previous().userState() if block.previous().isValid() else NORMAL
    offset = cursor.positionInBlock()
    for start, end, word in speller.misspelled_in_line(block.text(), max(previous, NORMAL)):
        if start <= offset <= end:
            return block.position() + start, block.position() + end, word
    return None


def add_spelling_actions(menu: QMenu, editor: QPlainTextEdit, speller: Speller | None,
                         cursor: QTextCursor, on_added: Callable[[str], None]) -> bool:
    """Put suggestions and "Add to dictionary" at the top of ``menu``; False if the word is fine."""
    if speller is None:
        return False
    found = misspelled_word_at(speller, cursor)
    if found is None:
        return False
    start, end, word = found
    suggestions = speller.suggestions(word, MAX_SUGGESTIONS)
    for suggestion in suggestions:
        action = QAction(suggestion, menu)
        bold = QFont(action.font())
        bold.setBold(True)
        action.setFont(bold)
        action.triggered.connect(lambda _=False, s=suggestion: _replace(editor, start, end, s))
        menu.addAction(action)
    if not suggestions:
        menu.addAction(QAction("No suggestions", menu, enabled=False))
    add = QAction(f"Add “{word}” to dictionary", menu, objectName="action:addToDictionary")
    add.triggered.connect(lambda _=False: (speller.add_to_dictionary(word), on_added(word)))
    menu.addAction(add)
    menu.addSeparator()
    return True


def _replace(editor: QPlainTextEdit, start: int, end: int, text: str) -> None:
    cursor = QTextCursor(editor.document())
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    cursor.insertText(text)
