"""What the window's command objects need of the window: a small Protocol, not the class.

``DocumentCommands`` and ``Navigation`` act on the window that owns them. Typing them against
``MainWindow`` would make ``main_window`` and its commands import each other; this Protocol is
the part of the window they use, and ``MainWindow`` satisfies it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from PySide6.QtGui import QAction, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QLabel, QTabWidget

from ui.common.settings import Settings
from ui.tab.article_tab import ArticleTab, BrokenArticleTab
from ui.window.problems_panel import ProblemsPanel
from ui.window.project_browser import ProjectBrowser

Tab = ArticleTab | BrokenArticleTab


class WindowHost(Protocol):
    """The main window as its commands see it."""

    project: Any
    settings: Settings
    tabs: QTabWidget
    undo_group: QUndoGroup
    browser: ProjectBrowser
    browser_dock: QDockWidget
    problems: ProblemsPanel
    problems_dock: QDockWidget
    status_label: QLabel
    actions: dict[str, QAction]

    def tab_widgets(self) -> list[Tab]: ...

    def current_tab(self) -> Tab | None: ...

    def open_article(self, path: str | Path, new: bool = False) -> Tab: ...

    def open_project(self, folder: str | Path) -> None: ...

    def update_tab(self, tab: Tab) -> None: ...

    def remove_tab(self, tab: Tab) -> None: ...

    def reindex(self) -> None: ...
