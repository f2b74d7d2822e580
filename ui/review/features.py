"""The review features of a window: its git state and the Changes dock, shown only in git.

``ReviewFeatures.install(window, problems_dock, project)`` adds them to a main window. A project
outside a git work tree (or a machine without git) keeps the dock hidden and its menu entry
out of sight; the status bar says why once.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDockWidget, QMainWindow

from editor.git.repository import Repository
from ui.common.settings import Settings
from ui.review.changes_panel import ChangesPanel
from ui.review.git_state import GitState
from ui.review.review_window import ReviewWindow


class ReviewFeatures(QObject):
    openRequested = Signal(str)  # an article path, relative to the project folder

    def __init__(self, window: QMainWindow, problems_dock: QDockWidget, project: Callable[[], Any],
                 settings: Settings) -> None:
        super().__init__(window)
        self.setObjectName("reviewFeatures")
        self.window = window
        self.settings = settings
        self.review_window: ReviewWindow | None = None
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
        self.changes.reviewRequested.connect(self.show_review)

    @classmethod
    def install(cls, window: QMainWindow, problems_dock: QDockWidget, project: Callable[[], Any],
                settings: Settings) -> "ReviewFeatures":
        return cls(window, problems_dock, project, settings)

    @property
    def available(self) -> bool:
        return self.git_state.available

    def open(self, folder: str | Path) -> None:
        self.changes.close_session()
        self._hide_dock()
        self._close_review()
        self.git_state.open(folder)

    def show_review(self, path: str | None = None) -> ReviewWindow | None:
        """Open (or raise) the review window, at ``path`` when given."""
        repo = self.git_state.repository
        if repo is None:
            return None
        if self.review_window is None or self.review_window.repository != repo:
            self._close_review()
            self.review_window = ReviewWindow(repo, self.settings, self.window)
            self.review_window.openRequested.connect(self.openRequested)
            self.review_window.stagingChanged.connect(self.git_state.refresh)
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()
        if path:
            self.review_window.select(path)
        return self.review_window

    def show_review_when_found(self, path: str | None = None) -> None:
        """``show_review`` now, or once the folder's repository is found (``--review``)."""
        if self.git_state.repository is not None:
            self.show_review(path)
            return

        def found(_repo: Repository) -> None:
            self.git_state.found.disconnect(found)
            self.show_review(path)

        self.git_state.found.connect(found)

    def close(self) -> None:
        self._close_review()
        self.changes.close_session()
        self.git_state.close()

    def _close_review(self) -> None:
        if self.review_window is not None:
            self.review_window.close()
            self.review_window.deleteLater()
            self.review_window = None

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
