"""The review features of a window: its git state and the Changes dock, shown only in git.

``ReviewFeatures.install(window, problems_dock, project)`` adds them to a main window. A project
outside a git work tree (or a machine without git) keeps the dock hidden and its menu entry
out of sight; the status bar says why once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from editor.git.repository import Repository
from ui.review.changes_panel import ChangesPanel
from ui.review.git_state import GitState


class ReviewFeatures(QObject):
    def __init__(self, window: QMainWindow, problems_dock: QDockWidget, project: Callable[[], Any]) -> None:
        super().__init__(window)
        self.setObjectName("reviewFeatures")
        self.window = window
        self.git_state = GitState(self)
        self.changes = ChangesPanel(self.git_state, project)
        self.dock = QDockWidget("Changes", window, objectName="changesDock")
        self.dock.setWidget(self.changes)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        window.tabifyDockWidget(problems_dock, self.dock)
        problems_dock.raise_()
        self._hide_dock()
        self.git_state.found.connect(self._found)
        self.git_state.unavailable.connect(self._unavailable)

    @classmethod
    def install(cls, window: QMainWindow, problems_dock: QDockWidget, project: Callable[[], Any]) -> "ReviewFeatures":
        return cls(window, problems_dock, project)

    def open(self, folder: str | Path) -> None:
        self._hide_dock()
        self.git_state.open(folder)

    def article_saved(self) -> None:
        """A save changed the work tree: read the status again."""
        self.git_state.refresh()

    def _found(self, _repo: Repository) -> None:
        self.dock.toggleViewAction().setVisible(True)
        self.dock.show()

    def _unavailable(self, message: str) -> None:
        self._hide_dock()
        self.window.statusBar().showMessage(f"No git review: {message}", 8000)

    def _hide_dock(self) -> None:
        self.dock.hide()
        self.dock.toggleViewAction().setVisible(False)
