"""The project browser's tree model: a ``Listing`` (``ui.window.browser_listing``) for a QTreeView.

Rows are headings, collections and folders (nodes), then articles, over plain lists, so the GUI
thread only swaps them. An index's internalId is the uid of the node it is a row of, so every
lookup is a list index. Column 0 is the title; column 1 the git letter (hidden outside git).
Problem badges and git marks change without a reset: only the top rows are announced, and the
browser repaints the rows in view.
"""
from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QWidget

from editor.git.status import DELETED
from ui.window.browser_listing import (COLLECTION, HEADING, Entry, Layout, Listing, Node, arrange, clean_title, place,
                                       project_entries, unplace)
from ui.window.git_marks import COLOURS, GitMarks

__all__ = ["ArticleTreeModel", "Entry", "clean_title", "project_entries", "load_entries", "arrange", "drawn"]

Index = QModelIndex | QPersistentModelIndex
TITLE, GIT = 0, 1


def load_entries(project: Any, layout: Layout | None = None) -> tuple[list[Entry], dict[str, Entry]]:
    """The entries, and each by its path (made here, off the GUI thread, with the paths' text)."""
    entries = project_entries(project, layout)
    return entries, {entry.key: entry for entry in entries}


def drawn(icon: QIcon) -> QIcon:
    """``icon`` drawn once into pixmaps. A qtawesome icon paints itself in Python each time a row
    is drawn: a tree repainting its rows spent about a sixth of a tab switch there."""
    fixed = QIcon()
    for size in (16, 20, 24, 32):
        fixed.addPixmap(icon.pixmap(QSize(size, size)))
    return fixed


class ArticleTreeModel(QAbstractItemModel):
    """Nodes, then their articles, at any depth; see the module docstring."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.listing: Listing = arrange([], [])
        self.problems: dict[Path, tuple[int, int]] = {}  # path -> (errors, warnings)
        self.marks = GitMarks()
        self._icons = {
            "folder": drawn(qta.icon("fa5s.folder")),
            "collection": drawn(qta.icon("fa5s.layer-group")),
            "article": drawn(qta.icon("mdi6.file-document-outline")),
            "error": drawn(qta.icon("fa5s.times-circle", color="#d8452f")),
            "warning": drawn(qta.icon("fa5s.exclamation-triangle", color="#d89b2f")),
        }
        dark = QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self._colours = {kind: QColor(pair[1] if dark else pair[0]) for kind, pair in COLOURS.items()}
        self._struck, self._bold = QFont(), QFont()
        self._struck.setStrikeOut(True)
        self._bold.setBold(True)

    # -- what it shows -------------------------------------------------------------------------
    @property
    def nodes(self) -> list[Node]:
        return self.listing.nodes

    @property
    def folders(self) -> list[Node]:
        """Every node row in tree order (a plain folder's are its folders)."""
        return self.listing.nodes[1:]

    @property
    def rows(self) -> dict[str, int]:
        return self.listing.rows

    def set_entries(self, entries: list[Entry]) -> None:
        self.set_listing(arrange(entries, []))

    def set_listing(self, listing: Listing) -> None:
        self.beginResetModel()
        self.listing = listing
        self.endResetModel()

    def set_problems(self, problems: dict[Path, tuple[int, int]]) -> None:
        """New problem counts. Only the top rows are announced (dataChanged): over the rows of
        open folders it cost Qt 175-200 ms at 35,000 articles. The view repaints the visible
        article rows itself (``ProjectBrowser.set_problem_counts``)."""
        self.problems = problems
        self._announce_top()

    def set_marks(self, marks: GitMarks) -> None:
        """New git marks, announced as problem counts are."""
        self.marks = marks
        self._announce_top()

    def _announce_top(self) -> None:
        top = self.listing.root.size
        if top:
            self.dataChanged.emit(self.index(0, TITLE), self.index(top - 1, GIT))

    def retitle(self, path: Path, title: str) -> bool:
        """Show a new title for the article at ``path``, moving its row to keep its node sorted;
        the view's selection and open rows follow the move. False when not shown."""
        where = self.listing.rows.get(str(path))
        if where is None:
            return False
        uid, row = unplace(where)
        node = self.listing.nodes[uid]
        first = len(node.nodes)
        entries = node.entries
        at = row - first
        entry = entries[at]
        if entry.title != title:
            entry.retitle(title)
        rest = entries[:at] + entries[at + 1:]
        target = bisect.bisect_left(rest, title.casefold(), key=lambda e: e.title.casefold())
        parent = self.node_index(node)
        if target != at and self.beginMoveRows(parent, row, row, parent, first + target + (target > at)):
            entries[:] = rest[:target] + [entry] + rest[target:]
            for number in range(min(at, target), max(at, target) + 1):
                self.listing.rows[entries[number].key] = place(uid, first + number)
            self.endMoveRows()
            row = first + target
        changed = self.index(row, TITLE, parent)
        self.dataChanged.emit(changed, self.index(row, GIT, parent))
        return True

    # -- lookups -------------------------------------------------------------------------------
    def _row(self, index: Index) -> tuple[Node, int]:
        return self.listing.nodes[index.internalId()], index.row()

    def entry(self, index: Index) -> Entry | None:
        if not index.isValid():
            return None
        node, row = self._row(index)
        at = row - len(node.nodes)
        return node.entries[at] if 0 <= at < len(node.entries) else None

    def node(self, index: Index) -> Node | None:
        """The node of a heading, collection or folder row; None for an article row."""
        if not index.isValid():
            return None
        node, row = self._row(index)
        return node.nodes[row] if row < len(node.nodes) else None

    def folder(self, index: Index) -> Node | None:
        """The node of a node row, or the node an article row is in."""
        if not index.isValid():
            return None
        node, row = self._row(index)
        return node.nodes[row] if row < len(node.nodes) else node

    def node_index(self, node: Node) -> QModelIndex:
        if node.parent is None:
            return QModelIndex()
        return self.createIndex(node.row, TITLE, node.parent.uid)

    def index_of(self, path: Path) -> QModelIndex:
        where = self.listing.rows.get(str(path))
        if where is None:
            return QModelIndex()
        uid, row = unplace(where)
        return self.createIndex(row, TITLE, uid)

    def folder_index(self, key: str) -> QModelIndex:
        node = self.listing.by_key.get(key)
        return QModelIndex() if node is None else self.node_index(node)

    # -- QAbstractItemModel --------------------------------------------------------------------
    def _children(self, parent: Index) -> Node | None:
        """The node whose rows ``parent``'s children are; None for an article row."""
        return self.listing.root if not parent.isValid() else self.node(parent)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        node = self._children(parent)
        if node is None or row < 0 or not 0 <= column <= GIT or row >= node.size:
            return QModelIndex()
        return self.createIndex(row, column, node.uid)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = self.listing.nodes[index.internalId()]
        return self.node_index(node)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        if parent.isValid() and parent.column() != TITLE:
            return 0
        node = self._children(parent)
        return node.size if node is not None else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 2

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        container, row = self._row(index)
        if row < len(container.nodes):
            return self._node_data(container.nodes[row], index.column(), role)
        entry = container.entries[row - len(container.nodes)]
        mark = self.marks.marks.get(entry.relpath)
        if index.column() == GIT:
            if mark is None:
                return None
            if role == Qt.ItemDataRole.DisplayRole:
                return mark.letter
            if role == Qt.ItemDataRole.ForegroundRole:
                return self._colours[mark.kind]
            if role == Qt.ItemDataRole.ToolTipRole:
                return mark.note
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.title
        if mark is not None and role == Qt.ItemDataRole.ForegroundRole:
            return self._colours[mark.kind]
        if role == Qt.ItemDataRole.FontRole and (entry.deleted or (mark is not None and mark.kind == DELETED)):
            return self._struck
        errors, warnings = self.problems.get(entry.path, (0, 0))
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons["error" if errors else "warning" if warnings else "article"]
        if role == Qt.ItemDataRole.ToolTipRole:
            badge = f"\n{errors} error(s), {warnings} warning(s)" if errors or warnings else ""
            git = f"\n{mark.letter}  {mark.note}" if mark is not None else ""
            return f"{entry.title}\n{entry.relpath}\n{entry.url}{badge}{git}".replace("\n\n", "\n")
        return None

    def _node_data(self, node: Node, column: int, role: int) -> Any:
        kind = self.marks.kinds.get(node.key)
        if column == GIT:
            if kind is not None and role == Qt.ItemDataRole.DisplayRole:
                return "•"  # something below changed; the label says what
            if kind is not None and role == Qt.ItemDataRole.ForegroundRole:
                return self._colours[kind]
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = node.label if node.kind == HEADING else f"{node.label}  ({node.count:,})"
            return text + self.marks.summary(node.key)
        if role == Qt.ItemDataRole.ForegroundRole and kind is not None:
            return self._colours[kind]
        if role == Qt.ItemDataRole.FontRole and node.kind == HEADING:
            return self._bold
        if role == Qt.ItemDataRole.DecorationRole and node.kind != HEADING:
            return self._icons["collection" if node.kind == COLLECTION else "folder"]
        if role == Qt.ItemDataRole.ToolTipRole and node.folder is not None:
            return f"{node.label}\n{node.folder or 'the project folder'}"
        return None
