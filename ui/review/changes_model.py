"""The rows of the Changes panel: one changed article each, with its git status and title.

Rows are built off the GUI thread (titles come from the project's index) and handed to the
model whole, so 35,000 changed files show as fast as five: the view asks only for the rows it
draws.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from editor.git.status import CONFLICTED, DELETED, MODIFIED, NEW, RENAMED, STAGED, FileStatus, Status

ModelIndex = QModelIndex | QPersistentModelIndex
COLUMNS = ("Status", "Title", "Path")
# One letter per kind, as git's own short status and editors show them.
LETTERS = {NEW: "A", MODIFIED: "M", STAGED: "M", DELETED: "D", RENAMED: "R", CONFLICTED: "!"}
COLOURS = {NEW: "#2e7d32", MODIFIED: "#b26a00", STAGED: "#2e7d32", DELETED: "#c62828", RENAMED: "#1565c0",
           CONFLICTED: "#c62828"}


@dataclass(frozen=True)
class ChangeRow:
    """One changed article of the project folder (``path`` relative to it)."""

    path: str
    kind: str
    staged: bool
    unstaged: bool
    title: str
    orig_path: str | None = None

    @property
    def staging(self) -> str:
        """"staged", "partly staged" or "" (nothing staged)."""
        if self.staged and self.unstaged:
            return "partly staged"
        return "staged" if self.staged else ""


def change_rows(status: Status, project: Any) -> list[ChangeRow]:
    """The rows for a status, in path order; markdown files only (the folder's articles)."""
    rows = []
    for path, entry in sorted(status.files.items()):
        if not path.endswith(".md"):
            continue
        rows.append(_row(path, entry, project))
    return rows


def _row(path: str, entry: FileStatus, project: Any) -> ChangeRow:
    title = ""
    if project is not None and entry.kind != DELETED:
        info = project.article_at(path)
        title = " ".join(str(getattr(info, "title", "") or "").split()) if info is not None else ""
    return ChangeRow(path, entry.kind, entry.staged, entry.unstaged, title or path.rpartition("/")[2], entry.orig_path)


class ChangesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ChangeRow] = []

    def set_rows(self, rows: list[ChangeRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return LETTERS.get(row.kind, "?") + (" ●" if row.staged else "")
            if column == 1:
                return row.title
            return row.path if not row.orig_path else f"{row.path}  ← {row.orig_path}"
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return QColor(COLOURS.get(row.kind, "#555555"))
        if role == Qt.ItemDataRole.ToolTipRole:
            staging = f", {row.staging}" if row.staging else ""
            return f"{row.kind}{staging}: {row.path}"
        if role == Qt.ItemDataRole.UserRole:
            return row.path
        return None

    def row_at(self, index: ModelIndex) -> ChangeRow | None:
        return self.rows[index.row()] if index.isValid() and index.row() < len(self.rows) else None
