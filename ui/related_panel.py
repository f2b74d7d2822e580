"""Placeholder for the related-articles panel (replaced by the related-picker work)."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class RelatedPanel(QWidget):
    """Related-article slots 1-5 and backlinks for one article."""

    def __init__(self, controller, project=None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedPanel")
        self.controller = controller
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Related articles"))

    def open_picker(self) -> None:
        """Open the related-article picker (action:addRelated)."""
