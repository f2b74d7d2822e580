"""Undo and Redo keys in a text input step the article's undo stack, not the input's own history.

A QLineEdit or QPlainTextEdit keeps a private undo history and takes Ctrl+Z for it before any
window shortcut sees the key. With one history per article, that private history would skip
edits made elsewhere (Ctrl+Z in the answer jumped over a later title edit). This event filter
claims the Undo and Redo keys of the inputs it watches and steps the given QUndoStack instead.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget


class UndoKeys(QObject):
    """One filter per article tab part; ``stack`` is that article's undo stack."""

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) or not isinstance(event, QKeyEvent):
            return False
        if event.matches(QKeySequence.StandardKey.Undo):
            step = self.stack.undo
        elif event.matches(QKeySequence.StandardKey.Redo):
            step = self.stack.redo
        else:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # the key comes to the input as a key press, handled below
        else:
            step()
        return True

    def watch(self, widget: QWidget) -> None:
        widget.installEventFilter(self)
