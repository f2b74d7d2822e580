"""Placeholder for the answer editor and its live preview (replaced by the answer-editor work)."""
from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit, QSplitter, QTextBrowser, QVBoxLayout, QWidget


class AnswerPane(QWidget):
    """The answer's split editor: markdown on the left, the preview on the right."""

    def __init__(self, controller, project=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.editor = QPlainTextEdit(objectName="answerEditor")
        self.preview = QTextBrowser(objectName="answerPreview")
        splitter = QSplitter(self)
        splitter.addWidget(self.editor)
        splitter.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
