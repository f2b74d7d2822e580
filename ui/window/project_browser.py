"""The ``projectBrowser`` dock: the project's articles by subject folder, showing titles.

The tree is a small custom model over plain lists, so 35,000 articles fill it in well under a
second. Loading the rows from the index, and filtering them (a substring match on title and url),
run off the GUI thread: ``arrange`` groups the entries that match into folders, with a table from
path to row, and the GUI thread only swaps the model's lists. The tree keeps the folders it had
open and the selected article across every rebuild. A saved article's row changes in place
(``ProjectBrowser.article_saved``), and its index rows are read again in the background, so
search and Quick Open find the new title too.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import qtawesome as qta
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from ui.common.background import BackgroundOp

Index = QModelIndex | QPersistentModelIndex
# Above this many shown articles a filter does not open every folder: nobody reads that many,
# and each opened folder costs the GUI thread about 10 ms per thousand articles.
EXPAND_ALL_MAX = 3000


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


def _load(project: Any) -> tuple[list[Entry], dict[str, Entry]]:
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


class ArticleTreeModel(QAbstractItemModel):
    """Two levels: subject folders, then their articles. internalId 0 marks a folder row."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folders: list[Folder] = []
        self.rows: dict[str, tuple[int, int]] = {}
        self.problems: dict[Path, tuple[int, int]] = {}  # path -> (errors, warnings)
        self._icons = {
            "folder": qta.icon("fa5s.folder"),
            "article": qta.icon("mdi6.file-document-outline"),
            "error": qta.icon("fa5s.times-circle", color="#d8452f"),
            "warning": qta.icon("fa5s.exclamation-triangle", color="#d89b2f"),
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


class ProjectBrowser(QWidget):
    """Filter box, article tree and counts. ``articleActivated(path)`` opens an article;
    ``listingShown()`` says a (re)built listing is in the tree."""

    articleActivated = Signal(object)
    listingShown = Signal()

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.setObjectName("projectBrowser")
        self.window_ = window
        self.project: Any = None
        self.entries: list[Entry] = []
        self.by_path: dict[str, Entry] = {}
        self.shown = 0
        self._filtered = False  # the tree shows a filter's matches
        self._then: list[Callable[[], Any]] = []
        self._expanded: list[str] = []  # folders open before a filter opened them all
        self._to_expand: list[str] = []  # folders still to open, one per turn of the event loop
        self._scroll: int | None = None  # the scroll to restore once they are open
        # Its own thread: a whole-project check can hold the shared pool for many seconds.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
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
        if then is not None:
            self._then.append(then)

        def loaded(result: tuple[list[Entry], dict[str, Entry]]) -> None:
            self.entries, self.by_path = result
            self._apply_filter()

        BackgroundOp(_load, self.project).success(loaded).run(
            key=f"browser:load:{id(self)}", pool=self.pool, owner=self)

    def article_saved(self, path: Path, title: str) -> None:
        """An article was saved: its row shows ``title`` at once, in place (the tree keeps its
        open folders and selection), and its rows in the index are read again in the background
        so that search and Quick Open find the new title."""
        path = Path(path)
        title = clean_title(title, path.name)
        entry = self.by_path.get(str(path))
        if entry is not None and entry.title != title:
            self._retitle_entry(entry, title)
        self.model.retitle(path, title)
        if self.project is not None and hasattr(self.project, "refresh_files"):
            BackgroundOp(self.project.refresh_files, [path]).failure(lambda _error: None).run(
                key=f"browser:saved:{path}", pool=self.pool, owner=self)

    def _retitle_entry(self, entry: Entry, title: str) -> None:
        """Give an entry its new title and move it to its place in ``entries`` (by folder, then
        title), found by bisection: a scan of 35,000 entries would cost a frame or two."""
        at = bisect.bisect_left(self.entries, entry.order, key=lambda e: e.order)
        while at < len(self.entries) and self.entries[at] is not entry:
            at += 1
        if at < len(self.entries):
            del self.entries[at]
        entry.retitle(title)
        self.entries.insert(bisect.bisect_left(self.entries, entry.order, key=lambda e: e.order), entry)

    def summary(self) -> str:
        folders = len({e.folder for e in self.entries})
        return f"{len(self.entries):,} articles in {folders} folders"

    def _words(self) -> list[str]:
        return self.filter.text().casefold().split()

    def _apply_filter(self) -> None:
        """Arrange the entries for the filter's words off the GUI thread, then show them."""
        words = self._words()
        BackgroundOp(arrange, list(self.entries), words).success(lambda listing: self._show(listing, words)).run(
            key=f"browser:filter:{id(self)}", pool=self.pool, owner=self)

    def _show(self, listing: Listing, words: list[str]) -> None:
        """Put a listing in the tree, keeping the selected article, the open folders and the
        scroll. Folders open one per turn of the event loop (``_expand_next``): opening one
        costs Qt a call into the model per article, about 10-20 ms for 1,500 articles."""
        if words != self._words():
            return  # the filter changed again: its own listing is on the way
        current = self.model.entry(self.tree.currentIndex())
        current_folder = self.model.folder(self.tree.currentIndex())
        open_now = [f.name for row, f in enumerate(self.model.folders) if self.tree.isExpanded(self.model.index(row, 0))]
        open_now += [name for name in self._to_expand if name not in open_now]  # still to open
        same_view = self._filtered == bool(words)  # a reload, or another filter: not into or out of one
        if not self._filtered:
            self._expanded = open_now  # opened again when the filter is cleared
        self._scroll = self.tree.verticalScrollBar().value() if same_view else None
        self.model.set_listing(listing)
        self._filtered = bool(words)
        if (words and listing.shown <= EXPAND_ALL_MAX) or len(listing.folders) <= 3:
            self._to_expand = [folder.name for folder in listing.folders]
        else:
            self._to_expand = list(open_now if same_view else self._expanded)
        self.shown = listing.shown
        selected = self.model.index_of(current.path) if current is not None else QModelIndex()
        if not selected.isValid() and current_folder is not None:
            selected = self.model.folder_index(current_folder.name)
        if selected.isValid():
            self.tree.setCurrentIndex(selected)
        self.count_label.setText(f"{listing.shown:,} of {len(self.entries):,} articles" if words else self.summary())
        then, self._then = self._then, []
        for callback in then:
            callback()
        self._expand_next()

    def _expand_next(self) -> None:
        """Open the next folder of ``_to_expand``; once all are open, restore the scroll and say
        the listing is shown."""
        while self._to_expand:
            index = self.model.folder_index(self._to_expand.pop(0))
            if index.isValid() and not self.tree.isExpanded(index):
                self.tree.expand(index)
                QTimer.singleShot(0, self, self._expand_next)
                return
        if self._scroll is not None:
            self.tree.verticalScrollBar().setValue(self._scroll)
            self._scroll = None
        self.listingShown.emit()

    def set_problem_counts(self, counts: dict[Path, tuple[int, int]]) -> None:
        self.model.set_problems(counts)
        self.tree.viewport().update()  # the article rows in view show their new badges

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
