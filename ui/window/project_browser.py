"""The ``projectBrowser`` dock: the project's articles by collection and subject folder, by title.

A site checkout shows its collections as its CMS config groups them (``ui.window.browser_listing``);
a plain folder shows its folders. The tree is ``ui.window.article_tree``'s model over plain
lists. Reading the site and the rows from the index, filtering them (a substring match on title
and url) and working out git marks run off the GUI thread, on the browser's own thread, and the
GUI thread only swaps the model's lists. The tree keeps the rows it had open and the selected
article across every rebuild. A saved article's row changes in place (``article_saved``), and
its index rows are read again in the background, so search and Quick Open find the new title too.

In a git work tree every changed article gets its letter (``ui.window.git_marks``), refreshed
each time the window's ``GitState`` reads the status (``set_git_state``). A single click
previews an article (``articlePreviewed``: the window reuses one preview tab); a double click or
Enter opens it to stay (``articleActivated``).
"""
from __future__ import annotations

import bisect
import time
from pathlib import Path
from typing import Any, Callable

import qtawesome as qta
from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QThreadPool, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QMenu, QTreeView, QVBoxLayout, QWidget

from editor.git.status import Status
from editor.operations.project_site import project_site
from ui.common.background import BackgroundOp
from ui.window.article_tree import GIT, TITLE, ArticleTreeModel, load_entries
from ui.window.browser_listing import COLLECTION, HEADING, Entry, Layout, Listing, arrange, clean_title
from ui.window.git_marks import GitMarks, git_marks, head_titles

# Above this many shown articles a filter does not open every folder: nobody reads that many,
# and each opened folder costs the GUI thread about 10 ms per thousand articles.
EXPAND_ALL_MAX = 3000
# On a project's first listing, headings and the collections with at most this many articles of
# their own open by themselves (a flat 35,000-file collection would hold the GUI thread ~0.3 s).
OPEN_COLLECTION_MAX = 1500
GIT_COLUMN_WIDTH = 22
EXPAND_SLICE_S = 0.008  # rows opened in one turn of the event loop, at most this long
OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def load_listing(project: Any) -> tuple[Layout, list[Entry], dict[str, Entry]]:
    """The project's layout (its site's collections) and its entries, also by path."""
    layout = Layout(project_site(project))
    entries, by_path = load_entries(project, layout)
    return layout, entries, by_path


class ProjectBrowser(QWidget):
    """Filter box, article tree and counts. ``articleActivated(path)`` opens an article to stay,
    ``articlePreviewed(path)`` in the preview tab; ``listingShown()`` says a (re)built listing
    is in the tree; ``marksShown()`` that git marks are; ``indexRefreshed(path)`` that a saved
    article's rows in the index are up to date (views that read the index refresh)."""

    articleActivated = Signal(object)
    articlePreviewed = Signal(object)
    listingShown = Signal()
    marksShown = Signal()
    indexRefreshed = Signal(object)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.setObjectName("projectBrowser")
        self.window_ = window
        self.project: Any = None
        self.layout_ = Layout()
        self.entries: list[Entry] = []
        self.by_path: dict[str, Entry] = {}
        self.by_relpath: dict[str, Entry] = {}
        self.shown = 0
        self.git_state: Any = None
        self.status: Status | None = None
        self.marks = GitMarks()
        self._titles: dict[str, str] = {}  # titles of deleted files, as HEAD has them
        self._filtered = False  # the tree shows a filter's matches
        self._first_listing = True  # the project's first: collections open by themselves
        self._loaded = False  # the entries have been read from the index
        self._then: list[Callable[[], Any]] = []
        self._expanded: list[str] = []  # rows open before a filter opened them all
        self._to_expand: list[str] = []  # rows still to open, one per turn of the event loop
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
        self.tree.setExpandsOnDoubleClick(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(GIT, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(GIT, GIT_COLUMN_WIDTH)
        self.tree.setColumnHidden(GIT, True)  # shown once the folder turns out to be in git
        self.tree.clicked.connect(self._clicked)
        self.tree.doubleClicked.connect(self._activated)
        self.tree.installEventFilter(self)
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
        self.entries, self.by_path, self.by_relpath = [], {}, {}
        self.status, self.marks, self._titles = None, GitMarks(), {}
        self._first_listing, self._loaded = True, False
        self._expanded, self._to_expand = [], []
        self.model.set_marks(self.marks)
        self.model.set_entries([])
        self.tree.setColumnHidden(GIT, True)
        self.count_label.setText("Indexing…")

    def set_git_state(self, git_state: Any) -> None:
        """Follow a ``ui.review.git_state.GitState``: each status it reads marks the rows."""
        self.git_state = git_state
        git_state.changed.connect(self.show_status)
        git_state.unavailable.connect(lambda _message: self.show_status(None))

    def refresh(self, then: Callable[[], Any] | None = None) -> None:
        """Reload the site and the entries from the index (after indexing or a file operation).
        Reading 35,000 rows takes seconds, so it runs off the GUI thread; ``then`` runs once
        they are shown."""
        if self.project is None:
            return
        if then is not None:
            self._then.append(then)

        def loaded(result: tuple[Layout, list[Entry], dict[str, Entry]]) -> None:
            self.layout_, self.entries, self.by_path = result
            self.by_relpath = {entry.relpath: entry for entry in self.entries}
            self._loaded = True
            self._apply_filter()
            if self.status is not None:
                self._mark(self.status)  # rows deleted since are now the marks' to show

        BackgroundOp(load_listing, self.project).success(loaded).run(
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
        if self.layout_.by_collection:
            collections = sum(1 for node in self.model.folders if node.kind == COLLECTION)
            return f"{len(self.entries):,} articles in {collections} collections"
        return f"{len(self.entries):,} articles in {len({e.folder for e in self.entries})} folders"

    # -- git marks -------------------------------------------------------------------------------
    def show_status(self, status: Status | None) -> None:
        """Mark the rows with a git status (paths relative to the project folder); None clears
        the marks (the folder is not in git)."""
        if status is None:
            self.status = None
            self._shown_marks(GitMarks())
            self.tree.setColumnHidden(GIT, True)
            return
        self.status = status  # compared with the last one it is not: 35,000 paths take ~30 ms
        self._mark(status)

    def _mark(self, status: Status) -> None:
        repo = getattr(self.git_state, "repository", None)
        known = dict(self._titles)

        def titles(relpaths: list[str]) -> dict[str, str]:
            wanted = [p for p in relpaths if p not in known]
            return {**known, **(head_titles(repo, wanted) if repo is not None and wanted else {})}

        BackgroundOp(git_marks, status, self.by_relpath, self.layout_, Path(self.project.folder), titles).success(
            self._shown_marks).run(key=f"browser:marks:{id(self)}", pool=self.pool, owner=self)

    def _shown_marks(self, marks: GitMarks) -> None:
        rows_changed = [e.relpath for e in marks.deleted] != [e.relpath for e in self.marks.deleted]
        self._titles.update((e.relpath, e.title) for e in marks.deleted)
        self.marks = marks
        self.model.set_marks(marks)
        self.tree.setColumnHidden(GIT, self.status is None)
        self.tree.viewport().update()
        if rows_changed and self._loaded:
            self._apply_filter()  # deleted articles come and go as rows
        self.marksShown.emit()

    # -- the listing -----------------------------------------------------------------------------
    def _words(self) -> list[str]:
        return self.filter.text().casefold().split()

    def _apply_filter(self) -> None:
        """Arrange the entries for the filter's words off the GUI thread, then show them."""
        words = self._words()
        # Marks worked out before the index was read again may name files it lists after all.
        deleted = [entry for entry in self.marks.deleted if entry.relpath not in self.by_relpath]
        BackgroundOp(arrange, list(self.entries), words, self.layout_, deleted).success(
            lambda listing: self._show(listing, words)).run(key=f"browser:filter:{id(self)}", pool=self.pool, owner=self)

    def _open_keys(self) -> list[str]:
        return [node.key for node in self.model.folders if self.tree.isExpanded(self.model.node_index(node))]

    def _show(self, listing: Listing, words: list[str]) -> None:
        """Put a listing in the tree, keeping the selected article, the open rows and the
        scroll. Rows open a few per turn of the event loop (``_expand_next``): opening one costs
        Qt a call into the model per article, about 10-20 ms for 1,500 articles."""
        if words != self._words():
            return  # the filter changed again: its own listing is on the way
        current = self.model.entry(self.tree.currentIndex())
        current_node = self.model.folder(self.tree.currentIndex())
        open_now = self._open_keys()
        open_now += [key for key in self._to_expand if key not in open_now]  # still to open
        same_view = self._filtered == bool(words)  # a reload, or another filter: not into or out of one
        if not self._filtered:
            self._expanded = open_now  # opened again when the filter is cleared
        self._scroll = self.tree.verticalScrollBar().value() if same_view else None
        self.model.set_listing(listing)
        self._filtered = bool(words)
        nodes = listing.nodes[1:]
        if (words and listing.shown <= EXPAND_ALL_MAX) or len(nodes) <= 3:
            self._to_expand = [node.key for node in nodes]
        elif self._first_listing and listing.shown:
            self._to_expand = [node.key for node in nodes if node.kind == HEADING
                               or (node.kind == COLLECTION and len(node.entries) <= OPEN_COLLECTION_MAX)]
        else:
            self._to_expand = list(open_now if same_view else self._expanded)
        self._first_listing = self._first_listing and not listing.shown
        self.shown = listing.shown
        selected = self.model.index_of(current.path) if current is not None else QModelIndex()
        if not selected.isValid() and current_node is not None:
            selected = self.model.folder_index(current_node.key)
        if selected.isValid():
            self.tree.setCurrentIndex(selected)
        self.count_label.setText(f"{listing.shown:,} of {len(self.entries):,} articles" if words else self.summary())
        then, self._then = self._then, []
        for callback in then:
            callback()
        self._expand_next()

    def _expand_next(self) -> None:
        """Open the rows of ``_to_expand`` for up to ``EXPAND_SLICE_S``, then the rest on the next
        turn of the event loop; once all are open, restore the scroll and say the listing is
        shown. Small rows all open at once, so a rebuild does not flash the tree closed."""
        deadline = time.perf_counter() + EXPAND_SLICE_S
        while self._to_expand:
            index = self.model.folder_index(self._to_expand.pop(0))
            if index.isValid() and not self.tree.isExpanded(index):
                self.tree.expand(index)
                if time.perf_counter() > deadline:
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
            parent = index.parent()
            while parent.isValid():  # a subject folder inside a collection inside a heading
                self.tree.expand(parent)
                parent = parent.parent()
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def current_subject_folder(self) -> str | None:
        """The folder a new article goes to: the selected row's, or the one it is in."""
        node = self.model.folder(self.tree.currentIndex())
        return node.folder if node is not None else None

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()

    # -- opening ---------------------------------------------------------------------------------
    def _openable(self, index: QModelIndex) -> Entry | None:
        """The article of a row, unless the row is a deleted file (git has it; the disk has not)."""
        entry = self.model.entry(index)
        if entry is None or entry.deleted:
            return None
        return entry

    def _clicked(self, index: QModelIndex) -> None:
        entry = self._openable(index)
        if entry is not None:
            self.articlePreviewed.emit(entry.path)

    def _activated(self, index: QModelIndex) -> None:
        entry = self._openable(index)
        if entry is not None:
            self.articleActivated.emit(entry.path)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Enter opens the current article to stay (the tree's own ``activated`` also fires on
        # the double click, which has its own handler).
        if watched is self.tree and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in OPEN_KEYS and self.model.entry(self.tree.currentIndex()) is not None:
                self._activated(self.tree.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _open_first_match(self) -> None:
        first = self.model.listing.first_entry()
        if first is not None and not first.deleted:
            self.articleActivated.emit(first.path)

    def _context_menu(self, pos: Any) -> None:
        index = self.tree.indexAt(pos)
        entry, node = self._openable(index), self.model.folder(index)
        menu = QMenu(self)
        if entry is not None:
            menu.addAction(qta.icon("fa5s.folder-open"), "Open", lambda: self.articleActivated.emit(entry.path))
            menu.addAction(qta.icon("fa5s.external-link-alt"), "Reveal in File Manager",
                           lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(entry.path.parent))))
            if self.window_ is not None:
                menu.addAction(qta.icon("fa5s.i-cursor"), "Rename…", lambda: self._rename(entry.path))
        if node is not None and node.folder is not None and self.window_ is not None:
            menu.addSeparator()
            folder = node.folder
            menu.addAction(qta.icon("fa5s.file-medical"), f"New Article in {folder or 'top level'}…",
                           lambda: self.window_.documents.new_article(folder))
        if not menu.isEmpty():
            menu.exec(self.tree.viewport().mapToGlobal(pos))

    def _rename(self, path: Path) -> None:
        self.window_.open_article(path)
        self.window_.documents.rename_current()
