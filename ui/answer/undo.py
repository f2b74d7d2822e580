"""The answer's edits as steps of the article's undo stack, so one history holds every edit in order.

The answer editor used to keep its own QTextDocument undo while the form pushed its edits to the
controller's QUndoStack: Ctrl+Z in the answer skipped a title edit made after it. Now the
document's own undo is off and ``AnswerUndo`` records each change of the text (from
``contentsChange``) as an ``AnswerEditCommand`` on the controller's stack: the position, the
text removed and the text added. Typing on one line merges into one step, as a text editor
merges it; an edit block (a formatting command, Replace All, Fix all pitfalls) is one step,
because the document reports it as one change.

Recording needs the removed text, which ``contentsChange`` does not carry: the recorder keeps a
copy of the text (``_shadow``) and patches it per change (a slice, not a re-read, so a keystroke
in a 100 KB answer stays cheap). Format-only changes (the highlighter's squiggles) come as changes
whose old and new text are equal and are ignored. Document positions count UTF-16 units; while
the text has no character outside the BMP they equal Python offsets, and otherwise the change is
found by comparing the old and new text. Changes that come from the model (an undo of a form fix
that set the answer, a reload, a revert) are made while ``paused``: they are already steps of
the stack themselves.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterator

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QPlainTextEdit

_MERGE_ID = 0x616E73  # "ans": answer typing merges only with answer typing


def _units(text: str) -> int:
    """The length of ``text`` in UTF-16 code units, as QTextDocument counts positions."""
    return len(text.encode("utf-16-le")) // 2


def _has_astral(text: str) -> bool:
    return _units(text) != len(text)


class AnswerEditCommand(QUndoCommand):
    """At ``position`` (UTF-16), ``removed`` became ``added``."""

    def __init__(self, recorder: "AnswerUndo", position: int, removed: str, added: str) -> None:
        super().__init__("Edit answer")
        self.recorder = recorder
        self.position = position
        self.removed = removed
        self.added = added
        self._done = True  # pushed after the edit happened: the first redo has nothing to do

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, AnswerEditCommand) or other.recorder is not self.recorder:
            return False
        typing = not self.removed and not other.removed and "\n" not in other.added and "\n" not in self.added
        if typing and other.position == self.position + _units(self.added):
            self.added += other.added
            return True
        deleting = not self.added and not other.added and "\n" not in other.removed
        if deleting and other.position + _units(other.removed) == self.position:  # Backspace
            self.position, self.removed = other.position, other.removed + self.removed
            return True
        if deleting and other.position == self.position:  # Delete
            self.removed += other.removed
            return True
        return False

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.recorder.apply(self.position, _units(self.removed), self.added)

    def undo(self) -> None:
        self.recorder.apply(self.position, _units(self.added), self.removed)


class AnswerUndo(QObject):
    """Records one editor's text changes on ``stack``; ``after`` runs once an undo or redo has
    changed the text (the pane writes it to the model then, not after its typing pause)."""

    def __init__(self, editor: QPlainTextEdit, stack: QUndoStack, after: Callable[[], None]) -> None:
        super().__init__(editor)
        self.setObjectName("answerUndo")
        self.editor = editor
        self.stack = stack
        self.after = after
        self._paused = 0
        self._applying = False  # an undo or redo is changing the text: nothing new to record
        document = editor.document()
        document.setUndoRedoEnabled(False)  # the article's stack is the one history
        self._shadow = editor.toPlainText()
        self._astral = _has_astral(self._shadow)
        document.contentsChange.connect(self._changed)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Change the text without recording it (the change is a step of the stack already)."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1
            self._resync()

    def _resync(self) -> None:
        self._shadow = self.editor.toPlainText()
        self._astral = _has_astral(self._shadow)

    def _text_at(self, position: int, length: int) -> str:
        cursor = QTextCursor(self.editor.document())
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    def _changed(self, position: int, removed: int, added: int) -> None:
        if self._paused:
            return  # resynchronised when the pause ends
        old = self._shadow
        size = self.editor.document().characterCount() - 1  # without the final paragraph mark
        change = None
        if not self._astral:
            # Whole-document changes may count the final paragraph mark: clamp to the text.
            removed = min(removed, len(old) - position)
            added = min(added, size - position)
            if position >= 0 and removed >= 0 and added >= 0 and len(old) - removed + added == size:
                new_part = self._text_at(position, added)
                if not _has_astral(new_part):
                    change = (position, old[position:position + removed], new_part)
                    self._shadow = old[:position] + new_part + old[position + removed:]
        if change is None:
            change = self._diff(old)
        if change is None or change[1] == change[2]:
            return  # a format-only change (squiggles, highlighting): nothing to undo
        if not self._applying:
            self.stack.push(AnswerEditCommand(self, *change))

    def _diff(self, old: str) -> tuple[int, str, str] | None:
        """The changed span found by comparing texts (after an astral character, or a surprise)."""
        new = self.editor.toPlainText()
        self._shadow, self._astral = new, _has_astral(new)
        if new == old:
            return None
        start = 0
        limit = min(len(old), len(new))
        while start < limit and old[start] == new[start]:
            start += 1
        end_old, end_new = len(old), len(new)
        while end_old > start and end_new > start and old[end_old - 1] == new[end_new - 1]:
            end_old, end_new = end_old - 1, end_new - 1
        return _units(old[:start]), old[start:end_old], new[start:end_new]

    def apply(self, position: int, length: int, text: str) -> None:
        """Replace ``length`` units at ``position`` with ``text`` (an undo or redo), cursor after it."""
        self._applying = True
        try:
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
        finally:
            self._applying = False
        self.editor.setTextCursor(cursor)
        self.editor.ensureCursorVisible()
        self.after()
