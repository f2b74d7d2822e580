"""The related-article picker (``relatedPicker``): browse, search and add a related article.

Keyboard-first: typing in ``relatedSearch`` searches as you type over the project index, Down
moves into ``relatedResults``, Enter adds the highlighted candidate (or the first one when the
focus is still in the search box) to the first free slot and closes the picker; Escape closes it
without adding. Up on the first result goes back to the search box.

One candidate is chosen at a time across ``relatedResults`` and ``relatedSuggested``: choosing
in one list clears the other, the preview shows the chosen one, and Add adds it. Suggestions
(``editor.index.suggest``) are ranked off the GUI thread and fill in when ready.

The candidate's id, title, subject and url are copied from the project index, which holds them as
YAML loads them from the target file, so the new link is an exact copy and never stale; ``Article.set`` writes the block like its siblings (folded or
plain titles). The current article and the articles already linked are listed but disabled.
"""
from __future__ import annotations

import datetime as _dt
import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.operations import relink
from editor.article.slug import subject_slug

MAX_SLOTS = 5
SEARCH_DELAY_MS = 80  # debounce typing; Enter flushes a pending search first
RESULT_LIMIT = 30
CANDIDATE_ROLE = Qt.ItemDataRole.UserRole


def free_slot(article: Any) -> int | None:
    """The lowest related slot (1-5) without a link, or None when all five are used."""
    used = {slot for slot, _key in relink.related_slots(article)}
    return next((n for n in range(1, MAX_SLOTS + 1) if n not in used), None)


def linked_urls(article: Any) -> dict[str, int]:
    """url -> slot of the article's related links."""
    found: dict[str, int] = {}
    for slot, key in relink.related_slots(article):
        link = article.get(key, None)
        if isinstance(link, dict):
            found.setdefault(str(link.get("url", "")).strip(), slot)
    return found


def _date_text(value: Any) -> str:
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.strftime("%b %d, %Y")
    return str(value or "")


def _one_line(value: Any) -> str:
    return " ".join(str(value or "").split())


class _SafeBrowser(QTextBrowser):
    """A preview that loads nothing: no files, no network, no scripts (QTextBrowser runs none)."""

    def loadResource(self, kind: int, url: Any) -> Any:  # noqa: N802 - Qt's name
        return None


class RelatedPicker(QDialog):
    """Pick an article of the project as a related link of the controller's article.

    ``replace_slot`` replaces that slot instead of filling the first free one; ``hint`` is the
    old link (id, title) of a broken slot, whose matching article is suggested first.
    """

    linkAdded = Signal(int)  # the slot that was written

    def __init__(
        self,
        controller: Any,
        project: Any = None,
        parent: QWidget | None = None,
        replace_slot: int | None = None,
        query: str = "",
        hint: dict | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("relatedPicker")
        self.setWindowTitle("Replace related article" if replace_slot else "Add related article")
        self.controller = controller
        self.project = project
        self.replace_slot = replace_slot
        self.hint = hint or {}
        self._lookup = relink.project_lookup(project) if project is not None else None
        self._subject_filter = ""
        self.suggestions_ready = False
        self.chosen: Any = None  # the candidate Add adds, from either list
        self._chosen_in: QListWidget | None = None

        self.subjects = QTreeWidget(objectName="relatedSubjects")
        self.subjects.setHeaderHidden(True)
        self.search = QLineEdit(objectName="relatedSearch")
        self.search.setPlaceholderText("Search titles, questions and keywords…")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(objectName="relatedResults")
        self.results.setWordWrap(True)
        self.suggested = QListWidget(objectName="relatedSuggested")
        self.suggested.setWordWrap(True)
        self.preview = _SafeBrowser(objectName="relatedPreview")
        self.preview.setOpenLinks(False)
        self.status = QLabel(objectName="relatedStatus")
        self.status.setWordWrap(True)
        self.add_button = QPushButton("Add", objectName="relatedAdd")
        close = QPushButton("Close", objectName="relatedClose")
        for button in (self.add_button, close):
            button.setAutoDefault(False)  # Enter belongs to the search box and the lists

        lists = QWidget()
        list_layout = QVBoxLayout(lists)
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.search)
        list_layout.addWidget(QLabel("Results"))
        list_layout.addWidget(self.results, 3)
        list_layout.addWidget(QLabel("Suggested"))
        list_layout.addWidget(self.suggested, 2)
        splitter = QSplitter()
        splitter.addWidget(self.subjects)
        splitter.addWidget(lists)
        splitter.addWidget(self.preview)
        splitter.setSizes([180, 420, 400])
        for view in (self.results, self.suggested):
            view.setSpacing(3)  # two-line entries need air between them to read as separate
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.resize(1000, 600)

        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.subjects.currentItemChanged.connect(self._subject_chosen)
        for view in (self.results, self.suggested):
            view.itemActivated.connect(self._activated)
            view.itemDoubleClicked.connect(self._activated)
            view.currentItemChanged.connect(lambda item, _prev, v=view: self._choose(v, item))
            view.itemPressed.connect(lambda item, v=view: self._choose(v, item))  # even when already current
            view.installEventFilter(self)
        self.search.installEventFilter(self)
        self.add_button.clicked.connect(self.add_current)
        close.clicked.connect(self.reject)

        self._fill_subjects()
        self.update_status()
        self.fill_suggestions()
        self.search.setText(query)
        self.run_search()
        self.search.setFocus()

    # -- state -----------------------------------------------------------------------------------
    @property
    def article(self) -> Any:
        return self.controller.article

    def target_slot(self) -> int | None:
        return self.replace_slot or free_slot(self.article)

    def update_status(self, message: str = "") -> None:
        """Say when all five slots are full; otherwise which slot a pick goes to."""
        slot = self.target_slot()
        chosen = _one_line(getattr(self.chosen, "title", "")) if self.chosen is not None else ""
        what = f"“{chosen}”" if chosen else "the chosen article"
        if slot is None:
            text = "All five related slots are full. Remove a link to add another."
        elif self.replace_slot:
            text = f"Add puts {what} in related article {slot}, replacing its link."
        else:
            text = f"Add puts {what} in related article {slot}."
        self.status.setText(f"{message} {text}".strip())
        self.add_button.setEnabled(slot is not None)

    def _mark(self, item: QListWidgetItem, candidate: Any) -> None:
        """Disable the current article and already-linked ones, saying why."""
        url = str(getattr(candidate, "url", "")).strip()
        own = str(self.article.get("url", "")).strip()
        linked = linked_urls(self.article)
        note = ""
        if url and url == own:
            note = "this article"
        elif url in linked and linked[url] != self.replace_slot:
            note = f"already linked (slot {linked[url]})"
        if note:
            item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable))
            item.setText(item.text() + f"\n[{note}]")
            item.setToolTip(f"Cannot be added: {note}")

    # -- subjects and search ---------------------------------------------------------------------
    def _fill_subjects(self) -> None:
        root = QTreeWidgetItem(["All subjects"])
        root.setData(0, CANDIDATE_ROLE, "")
        self.subjects.addTopLevelItem(root)
        subjects: list[Any] = []
        if self.project is not None:
            try:
                subjects = list(self.project.subjects())
            except Exception:  # noqa: BLE001 - an unindexed project still lets you search
                subjects = []
        for subject in subjects:
            name = str(subject)
            child = QTreeWidgetItem([name])
            child.setData(0, CANDIDATE_ROLE, name)
            root.addChild(child)
        root.setExpanded(True)

    def _subject_chosen(self, item: QTreeWidgetItem | None, _previous: Any = None) -> None:
        self._subject_filter = (item.data(0, CANDIDATE_ROLE) or "") if item is not None else ""
        self.run_search()

    def query(self) -> str:
        text = self.search.text().strip()
        if self._subject_filter:
            text = f"subject:{subject_slug(self._subject_filter)} {text}".strip()
        return text

    def run_search(self) -> None:
        """Fill ``relatedResults`` for the current text (and subject); keeps the first row current."""
        self._timer.stop()
        if self._chosen_in is self.results:
            self._choose(self.results, None)
        with QSignalBlocker(self.results):
            self.results.clear()
        query = self.query()
        if self.project is None or not query:
            return
        try:
            found = list(self.project.search(query, limit=RESULT_LIMIT))
        except Exception as exc:  # noqa: BLE001 - a malformed query must not break typing
            self.status.setText(f"Search failed: {exc}")
            return
        for result in found:
            self.results.addItem(self._item(result))
        self._select_first(self.results)

    def _item(self, candidate: Any, reason: str = "") -> QListWidgetItem:
        title = _one_line(getattr(candidate, "title", ""))
        meta = " · ".join(p for p in (_one_line(getattr(candidate, "subject", "")), _date_text(getattr(candidate, "date", None))) if p)
        question = _one_line(getattr(candidate, "question", ""))
        lines = [title, meta]
        if reason:
            lines.append(reason)
        elif question and question != title:
            lines.append(question[:140])
        item = QListWidgetItem("\n".join(line for line in lines if line))
        item.setData(CANDIDATE_ROLE, candidate)
        item.setToolTip(question or title)
        self._mark(item, candidate)
        return item

    @staticmethod
    def _select_first(view: QListWidget) -> None:
        for row in range(view.count()):
            if view.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                view.setCurrentRow(row)
                return

    # -- suggestions ----------------------------------------------------------------------------
    def fill_suggestions(self) -> None:
        """Matches for a broken link's old id or title first (a quick index search), then the
        ranking, which runs off the GUI thread (building the project's corpus takes seconds on a
        big folder the first time) and fills in when it is ready."""
        with QSignalBlocker(self.suggested):
            self.suggested.clear()
        if self._chosen_in is self.suggested:
            self._choose(self.suggested, None)
        if self.project is None:
            return
        from editor.index import suggest
        from ui.common.background import BackgroundOp

        seen: set[str] = set()
        for candidate, reason in self._hint_matches():
            seen.add(candidate.url.strip())
            self.suggested.addItem(self._item(candidate, reason))
        waiting = QListWidgetItem("Finding similar articles…")
        waiting.setFlags(Qt.ItemFlag.NoItemFlags)
        self.suggested.addItem(waiting)
        query = suggest.article_candidate(self.article)  # read here: the article is the GUI's

        def rank(project: Any) -> list[Any]:
            return suggest.project_corpus(project).suggest(query, limit=10, exclude_urls=query.links_to)

        def ready(ranked: list[Any]) -> None:
            self.suggested.takeItem(self.suggested.row(waiting))
            for suggestion in ranked:
                if suggestion.candidate.url.strip() not in seen:
                    self.suggested.addItem(self._item(suggestion.candidate, suggestion.reason))
            self.suggestions_ready = True

        def failed(_error: BaseException) -> None:  # suggestions are a convenience, never a blocker
            self.suggested.takeItem(self.suggested.row(waiting))
            self.suggestions_ready = True

        BackgroundOp(rank, self.project).success(ready).failure(failed).run(key=f"related-suggest-{id(self)}", owner=self)

    def _hint_matches(self) -> list[tuple[Any, str]]:
        """Articles with the broken link's id (``id:`` filter) or exact title, best match first."""
        old_title = _one_line(self.hint.get("title", "")).lower()
        old_id = self.hint.get("id")
        if self.project is None or not (old_title or old_id is not None):
            return []
        found: dict[str, Any] = {}
        queries = ([f"id:{_one_line(old_id)}"] if old_id is not None else []) + ([old_title] if old_title else [])
        for query in queries:
            try:
                results = self.project.search(query, limit=RESULT_LIMIT)
            except Exception:  # noqa: BLE001 - a title the query syntax cannot take
                continue
            for result in results:
                found.setdefault(str(result.url).strip(), result)
        ranked = []
        for result in found.values():
            same_id = old_id is not None and _one_line(getattr(result, "id", None)) == _one_line(old_id)
            same_title = bool(old_title) and _one_line(getattr(result, "title", "")).lower() == old_title
            if same_id or same_title:
                what = "id and title" if same_id and same_title else "id" if same_id else "title"
                ranked.append((0 if same_id and same_title else 1, result, f"same {what} as the broken link"))
        ranked.sort(key=lambda r: r[0])
        return [(result, reason) for _order, result, reason in ranked]

    # -- preview ----------------------------------------------------------------------------------
    def _candidate_path(self, candidate: Any) -> Path | None:
        path = getattr(candidate, "path", None)
        if not path:
            return None
        path = Path(path)
        if not path.is_absolute() and self.project is not None:
            path = Path(self.project.folder) / path
        return path

    def _choose(self, view: QListWidget, item: QListWidgetItem | None) -> None:
        """Make ``item`` of ``view`` the one chosen candidate: the other list lets go of its own."""
        enabled = item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled)
        if item is None or not enabled:
            if view is self._chosen_in:
                self.chosen, self._chosen_in = None, None
                self._show_preview(None)
                self.update_status()
            return
        other = self.suggested if view is self.results else self.results
        with QSignalBlocker(other):
            other.setCurrentRow(-1)
            other.clearSelection()
        other.viewport().update()
        self.chosen, self._chosen_in = item.data(CANDIDATE_ROLE), view
        self._show_preview(self.chosen)
        self.update_status()

    def _show_preview(self, candidate: Any) -> None:
        """The candidate as the writer judges it (``ui.tab.related_preview``), read from its file."""
        if candidate is None:
            self.preview.clear()
            return
        from editor.article.article import Article, ArticleError
        from ui.tab.related_preview import preview_html

        path = self._candidate_path(candidate)
        try:
            if path is None:
                raise OSError("the index has no file for this article")
            self.preview.setHtml(preview_html(Article.load(path)))
        except (ArticleError, OSError) as exc:
            title = html.escape(_one_line(getattr(candidate, "title", "")))
            self.preview.setHtml(f"<h2>{title}</h2><p><i>{html.escape(str(exc))}</i></p>")

    # -- adding ------------------------------------------------------------------------------------
    def current_candidate(self) -> Any:
        """The candidate Add (or Enter) adds: the one chosen in either list."""
        return self.chosen

    def add_current(self) -> bool:
        if self._timer.isActive():
            self.run_search()
        candidate = self.current_candidate()
        return self.add_candidate(candidate) if candidate is not None else False

    def link_for(self, candidate: Any) -> dict[str, Any]:
        """The link block's values, copied from the target file (the index's values otherwise)."""
        url = str(getattr(candidate, "url", "")).strip()
        target = self._lookup(url) if self._lookup is not None else None
        if target is not None:
            return {"id": target.id, "title": target.title, "subject": target.subject, "url": target.url}
        return {
            "id": getattr(candidate, "id", None),
            "title": _one_line(getattr(candidate, "title", "")),
            "subject": _one_line(getattr(candidate, "subject", "")),
            "url": url,
        }

    def add_candidate(self, candidate: Any) -> bool:
        """Write ``candidate`` into the target slot; False (with a message) when it cannot be."""
        url = str(getattr(candidate, "url", "")).strip()
        linked = linked_urls(self.article)
        if url == str(self.article.get("url", "")).strip():
            self.update_status("An article cannot link to itself.")
            return False
        if url in linked and linked[url] != self.replace_slot:
            self.update_status(f"Already linked in slot {linked[url]}.")
            return False
        slot = self.target_slot()
        if slot is None:
            self.update_status()
            return False
        link = {k: v for k, v in self.link_for(candidate).items() if v is not None}
        key = f"related_article{slot}"
        self.controller.set(key, link)
        self.linkAdded.emit(slot)
        # Close after a pick, so the window's own shortcuts (save, add another) work at once.
        self.accept()
        return True

    def _activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.add_candidate(item.data(CANDIDATE_ROLE))

    # -- keyboard ----------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_current()
            return True
        if watched is self.search and key == Qt.Key.Key_Down:
            if self._timer.isActive():
                self.run_search()
            view = self.results if self.results.count() else self.suggested
            view.setFocus()
            if view.currentItem() is None:
                self._select_first(view)
            return True
        if watched in (self.results, self.suggested) and key == Qt.Key.Key_Up:
            view = watched
            assert isinstance(view, QListWidget)
            enabled = [r for r in range(view.count()) if view.item(r).flags() & Qt.ItemFlag.ItemIsEnabled]
            if not enabled or view.currentRow() <= enabled[0]:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)
