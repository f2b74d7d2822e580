"""The ``projectBrowser`` dock: the project's articles by subject folder, showing titles.

The tree is a small custom model over plain lists, so 35,000 articles fill it in well under a
second; filtering rebuilds those lists from the index rows (a substring match on title, url and
file name) instead of hiding rows one by one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import qtawesome as qta
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from ui.common.background import BackgroundOp

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Entry:
    path: Path
    title: str
    url: str = ""
    folder: str = ""


@dataclass
class Folder:
    name: str
    entries: list[Entry] = field(default_factory=list)


def project_entries(project: Any) -> list[Entry]:
    """Every indexed file of the project as an Entry, sorted by folder then title.

    Files that failed to load are listed too, under their file name, so the problem badge and
    the read-only view stay one click away.
    """
    root = Path(project.folder)
    entries = []
    for relpath, raw_title, url in project.listing():
        folder, _, name = relpath.rpartition("/")
        title = " ".join(raw_title.split()) if isinstance(raw_title, str) and raw_title.strip() else name
        entries.append(Entry(root / relpath, title, url if isinstance(url, str) else str(url or ""), folder))
    entries.sort(key=lambda e: (e.folder, e.title.casefold()))
    return entries


class ArticleTreeModel(QAbstractItemModel):
    """Two levels: subject folders, then their articles. internalId 0 marks a folder row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folders: list[Folder] = []
        self.problems: dict[Path, tuple[int, int]] = {}  # path -> (errors, warnings)
        self._icons = {
            "folder": qta.icon("fa5s.folder"),
            "article": qta.icon("mdi6.file-document-outline"),
            "error": qta.icon("fa5s.times-circle", color="#d8452f"),
            "warning": qta.icon("fa5s.exclamation-triangle", color="#d89b2f"),
        }

    def set_entries(self, entries: list[Entry]) -> None:
        self.beginResetModel()
        by_name: dict[str, Folder] = {}
        for entry in entries:
            by_name.setdefault(entry.folder, Folder(entry.folder)).entries.append(entry)
        self.folders = sorted(by_name.values(), key=lambda f: f.name)
        self.endResetModel()

    def set_problems(self, problems: dict[Path, tuple[int, int]]) -> None:
        self.problems = problems
        if self.folders:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.folders) - 1, 0))
            for row in range(len(self.folders)):
                parent = self.index(row, 0)
                count = self.rowCount(parent)
                if count:
                    self.dataChanged.emit(self.index(0, 0, parent), self.index(count - 1, 0, parent))

    def entry(self, index: Index) -> Entry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.folders[index.internalId() - 1].entries[index.row()]

    def folder(self, index: Index) -> Folder | None:
        if not index.isValid():
            return None
        return self.folders[index.row() if index.internalId() == 0 else index.internalId() - 1]

    def index_of(self, path: Path) -> QModelIndex:
        for f_row, folder in enumerate(self.folders):
            for row, entry in enumerate(folder.entries):
                if entry.path == path:
                    return self.index(row, 0, self.index(f_row, 0))
        return QModelIndex()

    # -- QAbstractItemModel --------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.folders) else QModelIndex()
        if parent.internalId() == 0 and row < len(self.folders[parent.row()].entries):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if not parent.isValid():
            return len(self.folders)
        if parent.internalId() == 0:
            return len(self.folders[parent.row()].entries)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index)
        if entry is None:
            folder = self.folders[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{folder.name or '(top level)'}  ({len(folder.entries)})"
            if role == Qt.ItemDataRole.DecorationRole:
                return self._icons["folder"]
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        errors, warnings = self.problems.get(entry.path, (0, 0))
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons["error" if errors else "warning" if warnings else "article"]
        if role == Qt.ItemDataRole.ToolTipRole:
            badge = f"\n{errors} error(s), {warnings} warning(s)" if errors or warnings else ""
            return f"{entry.title}\n{entry.folder}/{entry.path.name}\n{entry.url}{badge}"
        return None


class ProjectBrowser(QWidget):
    """Filter box, article tree and counts. ``articleActivated(path)`` opens an article."""

    articleActivated = Signal(object)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.setObjectName("projectBrowser")
        self.window_ = window
        self.project: Any = None
        self.entries: list[Entry] = []
        self.filter = QLineEdit(objectName="projectFilter")
        self.filter.setPlaceholderText("Filter by title or url")
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(qta.icon("fa5s.filter"), QLineEdit.ActionPosition.LeadingPosition)
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter.textChanged.connect(lambda _text: self._filter_timer.start())
        self.filter.returnPressed.connect(self._open_first_match)
        self.model = ArticleTreeModel(self)
        self.tree = QTreeView(objectName="projectTree")
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)  # keeps 35k rows fast
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.activated.connect(self._activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.count_label = QLabel(objectName="projectCounts")
        self.count_label.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count_label)
        self.setMinimumWidth(220)

    def set_project(self, project: Any) -> None:
        self.project = project
        self.entries = []
        self.model.set_entries([])
        self.count_label.setText("Indexing…")

    def refresh(self, then: Callable[[], Any] | None = None) -> None:
        """Reload the entries from the index (after indexing or a file operation). Reading 35,000
        rows takes seconds, so it runs off the GUI thread; ``then`` runs once they are shown."""
        if self.project is None:
            return

        def show(entries: list[Entry]) -> None:
            self.entries = entries
            self._apply_filter()
            if then is not None:
                then()

        BackgroundOp(project_entries, self.project).success(show).run(key=f"browser:{id(self)}", owner=self)

    def refresh_path(self, path: Path) -> None:
        """A saved article may have a new title; re-read just its row from the index."""
        if self.project is None:
            return
        row = self.project.article_at(path) if hasattr(self.project, "article_at") else None
        if row is not None:
            for entry in self.entries:
                if entry.path == Path(path):
                    entry.title = " ".join(str(row.title or "").split()) or entry.title
            self._apply_filter()

    def summary(self) -> str:
        folders = len({e.folder for e in self.entries})
        return f"{len(self.entries):,} articles in {folders} folders"

    def _apply_filter(self) -> None:
        words = self.filter.text().casefold().split()
        shown = [e for e in self.entries if all(w in f"{e.title}\n{e.url}".casefold() for w in words)] if words else self.entries
        self.model.set_entries(shown)
        if words or len(self.model.folders) <= 3:
            self.tree.expandAll()
        count = f"{len(shown):,} of {len(self.entries):,} articles" if words else self.summary()
        self.count_label.setText(count)

    def set_problem_counts(self, counts: dict[Path, tuple[int, int]]) -> None:
        self.model.set_problems(counts)

    def select_path(self, path: Path | None) -> None:
        if path is None:
            return
        index = self.model.index_of(Path(path))
        if index.isValid():
            self.tree.expand(index.parent())
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def current_subject_folder(self) -> str | None:
        folder = self.model.folder(self.tree.currentIndex())
        return folder.name if folder else None

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    def _activated(self, index: QModelIndex) -> None:
        entry = self.model.entry(index)
        if entry is not None:
            self.articleActivated.emit(entry.path)

    def _open_first_match(self) -> None:
        if self.model.folders and self.model.folders[0].entries:
            self.articleActivated.emit(self.model.folders[0].entries[0].path)

    def _context_menu(self, pos: Any) -> None:
        index = self.tree.indexAt(pos)
        entry, folder = self.model.entry(index), self.model.folder(index)
        menu = QMenu(self)
        if entry is not None:
            menu.addAction(qta.icon("fa5s.folder-open"), "Open", lambda: self.articleActivated.emit(entry.path))
            menu.addAction(qta.icon("fa5s.external-link-alt"), "Reveal in File Manager",
                           lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(entry.path.parent))))
            if self.window_ is not None:
                menu.addAction(qta.icon("fa5s.i-cursor"), "Rename…", lambda: self._rename(entry.path))
        if folder is not None and self.window_ is not None:
            menu.addSeparator()
            menu.addAction(qta.icon("fa5s.file-medical"), f"New Article in {folder.name or 'top level'}…",
                           lambda: self.window_.documents.new_article(folder.name))
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _rename(self, path: Path) -> None:
        self.window_.open_article(path)
        self.window_.documents.rename_current()
