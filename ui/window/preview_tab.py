"""The preview tab, as VS Code has it: a single click in the browser shows an article in one tab
that the next single click reuses; the tab stays once its article is edited, once it is opened
to stay (a double click or Enter in the browser, Quick Open, a link) or once its tab is
double-clicked. Its title is drawn in a muted colour until then (Qt cannot italicise one tab).
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QTabWidget, QWidget


class PreviewTab(QObject):
    """Which tab of ``tabs`` is the preview; ``remove(tab)`` drops a tab without asking."""

    def __init__(self, tabs: QTabWidget, remove: Callable[[QWidget], Any]) -> None:
        super().__init__(tabs)
        self.setObjectName("previewTab")
        self.tabs = tabs
        self._remove = remove
        self._tab: QWidget | None = None
        tabs.tabBar().tabBarDoubleClicked.connect(lambda index: self.keep(tabs.widget(index)))

    @property
    def tab(self) -> QWidget | None:
        """The preview tab, if it is still open."""
        if self._tab is not None and self.tabs.indexOf(self._tab) < 0:
            self._tab = None
        return self._tab

    def is_preview(self, tab: QWidget | None) -> bool:
        return tab is not None and tab is self.tab

    def opened(self, tab: QWidget, preview: bool) -> None:
        """``tab`` was just made for an article: as the preview, it takes the place of the
        previous preview tab, which closes (it holds no edit: an edit would have kept it)."""
        if not preview:
            return
        previous = self.tab
        if previous is not None and previous is not tab:
            at = self.tabs.indexOf(previous)
            self._remove(previous)
            self.tabs.tabBar().moveTab(self.tabs.indexOf(tab), at)
        self._tab = tab
        self.tabs.tabBar().setTabTextColor(self.tabs.indexOf(tab), self._muted())
        controller = getattr(tab, "controller", None)
        if controller is not None:
            controller.modifiedChanged.connect(lambda modified, t=tab: modified and self.keep(t))

    def keep(self, tab: QWidget | None) -> None:
        """``tab`` stays: the next single click opens a tab of its own."""
        if tab is None or tab is not self.tab:
            return
        self._tab = None
        self.tabs.tabBar().setTabTextColor(self.tabs.indexOf(tab), QColor())  # the style's own colour again

    def _muted(self) -> QColor:
        return self.tabs.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
