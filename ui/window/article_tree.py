"""The project browser's tree model: the project's articles as entries, by subject folder.

``project_entries`` reads every indexed file as an ``Entry``; ``arrange`` groups the entries that
match a filter into folders, with a table from path to row, off the GUI thread (at 35,000 entries
it takes longer than a frame); ``ArticleTreeModel`` presents a ``Listing`` to a QTreeView as two
levels, folders then articles, over plain lists, so the GUI thread only swaps them.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QWidget

Index = QModelIndex | QPersistentModelIndex


@dataclass
class Entry:
    path: Path
    title: str
    url: str = ""
    folder: str = ""
    haystack: str = field(default="", repr=False, compare=False)  # what the filter looks in

    def __post_init__(self) -> None:
        self.haystack = f"{self.title}\n{self.url}".casefold()

    def retitle(self, title: str) -> None:
        self.title = title
        self.haystack = f"{title}\n{self.url}".casefold()

    @property
    def order(self) -> tuple[str, str]:
        """Where the entry sorts: by folder, then by title."""
        return self.folder, self.title.casefold()


@dataclass
class Folder:
    name: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Listing:
    """What the tree shows: folders of entries, and each shown path's (folder row, row)."""

    folders: list[Folder]
    rows: dict[str, tuple[int, int]]
    shown: int


def clean_title(raw: Any, fallback: str) -> str:
    """A title as one line: folded scalars keep line breaks and runs of spaces."""
    return " ".join(raw.split()) if isinstance(raw, str) and raw.strip() else fallback


def project_entries(project: Any) -> list[Entry]:
    """Every indexed file of the project as an Entry, sorted by folder then title.

    Files that failed to load are listed too, under their file name, so the problem badge and
    the read-only view stay one click away.
    """
    root = Path(project.folder)
    entries = []
    for relpath, raw_title, url in project.listing():
        folder, _, name = relpath.rpartition("/")
        entries.append(Entry(root / relpath, clean_title(raw_title, name),
                             url if isinstance(url, str) else str(url or ""), folder))
    entries.sort(key=lambda e: e.order)
    return entries


def load_entries(project: Any) -> tuple[list[Entry], dict[str, Entry]]:
    """The entries, and each by its path (made here, off the GUI thread, with the paths' text)."""
    entries = project_entries(project)
    return entries, {str(entry.path): entry for entry in entries}


def arrange(entries: list[Entry], words: list[str]) -> Listing:
    """The entries holding every one of ``words`` (casefolded) in their title or url, by folder.
    Runs off the GUI thread: at 35,000 entries it takes longer than a frame."""
    shown = [e for e in entries if all(w in e.haystack for w in words)] if words else entries
    by_name: dict[str, Folder] = {}
    for entry in shown:
        by_name.setdefault(entry.folder, Folder(entry.folder)).entries.append(entry)
    folders = sorted(by_name.values(), key=lambda f: f.name)
    rows = {str(entry.path): (f_row, row) for f_row, folder in enumerate(folders)
            for row, entry in enumerate(folder.entries)}
    return Listing(folders, rows, len(shown))


def drawn(icon: QIcon) -> QIcon:
    """``icon`` drawn once into pixmaps. A qtawesome icon paints itself in Python each time a row
    is drawn: a tree repainting its rows spent about a sixth of a tab switch there."""
    fixed = QIcon()
    for size in (16, 20, 24, 32):
        fixed.addPixmap(icon.pixmap(QSize(size, size)))
    return fixed


class ArticleTreeModel(QAbstractItemModel):
    """Two levels: subject folders, then their articles. internalId 0 marks a folder row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folders: list[Folder] = []
        self.rows: dict[str, tuple[int, int]] = {}
        self.problems: dict[Path, tuple[int, int]] = {}  # path -> (errors, warnings)
        self._icons = {
            "folder": drawn(qta.icon("fa5s.folder")),
            "article": drawn(qta.icon("mdi6.file-document-outline")),
            "error": drawn(qta.icon("fa5s.times-circle", color="#d8452f")),
            "warning": drawn(qta.icon("fa5s.exclamation-triangle", color="#d89b2f")),
        }

    def set_entries(self, entries: list[Entry]) -> None:
        self.set_listing(arrange(entries, []))

    def set_listing(self, listing: Listing) -> None:
        self.beginResetModel()
        self.folders, self.rows = listing.folders, listing.rows
        self.endResetModel()

    def set_problems(self, problems: dict[Path, tuple[int, int]]) -> None:
        """New problem counts. Only the folder rows are announced (dataChanged): over the rows
        of open folders it cost Qt 175-200 ms at 35,000 articles. The view repaints the visible
        article rows itself (``ProjectBrowser.set_problem_counts``)."""
        self.problems = problems
        if self.folders:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.folders) - 1, 0))

    def retitle(self, path: Path, title: str) -> bool:
        """Show a new title for the article at ``path``, moving its row to keep the folder
        sorted; the view's selection and open folders follow the move. False when not shown."""
        place = self.rows.get(str(path))
        if place is None:
            return False
        f_row, row = place
        entries = self.folders[f_row].entries
        entry = entries[row]
        if entry.title != title:
            entry.retitle(title)
        rest = entries[:row] + entries[row + 1:]
        target = bisect.bisect_left(rest, title.casefold(), key=lambda e: e.title.casefold())
        parent = self.index(f_row, 0)
        if target != row and self.beginMoveRows(parent, row, row, parent, target + (target > row)):
            entries[:] = rest[:target] + [entry] + rest[target:]
            for number in range(min(row, target), max(row, target) + 1):
                self.rows[str(entries[number].path)] = (f_row, number)
            self.endMoveRows()
            row = target
        changed = self.index(row, 0, parent)
        self.dataChanged.emit(changed, changed)
        return True

    def entry(self, index: Index) -> Entry | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.folders[index.internalId() - 1].entries[index.row()]

    def folder(self, index: Index) -> Folder | None:
        if not index.isValid():
            return None
        return self.folders[index.row() if index.internalId() == 0 else index.internalId() - 1]

    def index_of(self, path: Path) -> QModelIndex:
        place = self.rows.get(str(path))
        if place is None:
            return QModelIndex()
        return self.index(place[1], 0, self.index(place[0], 0))

    def folder_index(self, name: str) -> QModelIndex:
        row = next((row for row, folder in enumerate(self.folders) if folder.name == name), None)
        return QModelIndex() if row is None else self.index(row, 0)

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
