"""The ``projectBrowser`` dock: the project's articles by subject folder, showing titles.

The tree is ``ui.window.article_tree``'s model over plain lists. Loading the rows from the index,
and filtering them (a substring match on title and url), run off the GUI thread on the browser's
own thread (``arrange``), and the GUI thread only swaps the model's lists. The tree keeps the folders it had
open and the selected article across every rebuild. A saved article's row changes in place
(``ProjectBrowser.article_saved``), and its index rows are read again in the background, so
search and Quick Open find the new title too.
"""
from __future__ import annotations

import bisect
from pathlib import Path
from typing import Any, Callable

import qtawesome as qta
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from ui.common.background import BackgroundOp
from ui.window.article_tree import ArticleTreeModel, Entry, Listing, arrange, clean_title, load_entries

# Above this many shown articles a filter does not open every folder: nobody reads that many,
# and each opened folder costs the GUI thread about 10 ms per thousand articles.
EXPAND_ALL_MAX = 3000


class ProjectBrowser(QWidget):
    """Filter box, article tree and counts. ``articleActivated(path)`` opens an article;
    ``listingShown()`` says a (re)built listing is in the tree; ``indexRefreshed(path)`` says a
    saved article's rows in the index are up to date (views that read the index refresh)."""

    articleActivated = Signal(object)
    listingShown = Signal()
    indexRefreshed = Signal(object)

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

        BackgroundOp(load_entries, self.project).success(loaded).run(
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
            BackgroundOp(self.project.refresh_files, [path]).success(lambda _read: self.indexRefreshed.emit(path)).failure(
                lambda _error: None).run(key=f"browser:saved:{path}", pool=self.pool, owner=self)

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
