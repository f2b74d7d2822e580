"""Quick Open (Ctrl+P): open an article by its title or url, answered by the project's index.

Each query is a search of the index (``Project.search``, fuzzy: a word with a letter missing still
finds its article), run off the GUI thread on Quick Open's own thread, so a keystroke only
restarts a short timer. One search runs at a time: keys typed meanwhile make one more search,
for the latest text, when it is done; results for text that has changed since are dropped (the
op's key). Titles that start with the words come first, then titles that hold them, then
matches in the question, keywords or subject. A url or path (``/learn/physics/questions/what-is-a-
lever``, ``physics/what-is-a-lever.md``) is searched by its last part, the file's name.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QWidget

from ui.common.background import BackgroundOp
from ui.common.picker import PickerPopup, Row
from ui.window.article_tree import Entry, clean_title

LIMIT = 50
DEBOUNCE_MS = 25  # keys come 60 ms or more apart; within this, only the last one searches

_pool: QThreadPool | None = None


def search_pool() -> QThreadPool:
    """One thread for Quick Open's searches: a whole-project check can hold the shared pool's
    threads for many seconds, and a search must not wait behind it."""
    global _pool
    if _pool is None:
        _pool = QThreadPool()
        _pool.setMaxThreadCount(1)
    return _pool


def search_text(typed: str) -> str:
    """What to search for: a url or a path is searched by its last part (``.md`` dropped)."""
    text = typed.strip()
    if "/" in text:
        text = text.rstrip("/").rsplit("/", 1)[-1]
        text = text[:-3] if text.endswith(".md") else text
        return text + (" " if typed.endswith(" ") else "")
    return typed


def row_of(title: str, folder: str, url: str, path: Path) -> Row:
    return f"{title}   —   {folder}", f"{url}\n{path}", path


def search_rows(project: Any, text: str) -> list[Row]:
    """The rows for ``text``, best first (runs on the search thread)."""
    rows = []
    for hit in project.search(text, limit=LIMIT, fuzzy=True):
        folder = hit.relpath.rpartition("/")[0]
        rows.append(row_of(clean_title(hit.title, hit.path.name), folder, hit.url, hit.path))
    return rows


class QuickOpen(PickerPopup):
    def __init__(self, parent: QWidget | None, project: Any, entries: Sequence[Entry],
                 on_pick: Callable[[Path], Any]) -> None:
        super().__init__(parent, "Open article by title or url…", "quickOpen", debounce_ms=DEBOUNCE_MS)
        self.project = project
        self.entries = entries  # shown, in the browser's order, before anything is typed
        self.on_pick = on_pick
        self._searching: str | None = None  # the query being searched now
        self._waiting: str | None = None  # typed while it was: searched next

    def request_rows(self, query: str) -> None:
        text = search_text(query)
        if not text.strip():
            self._waiting = None
            self.show_rows(query, [row_of(e.title, e.folder, e.url, e.path) for e in self.entries[:LIMIT]])
            return
        if self._searching is not None:
            self._waiting = query
            return
        self._searching = query
        BackgroundOp(search_rows, self.project, text).success(self._found).failure(self._failed).run(
            key=f"quickOpen:{id(self)}", pool=search_pool(), owner=self)

    def _found(self, rows: list[Row]) -> None:
        query, self._searching = self._searching, None
        if self._waiting is not None:
            waiting, self._waiting = self._waiting, None
            self.request_rows(waiting)
            if query != self.typed():
                return  # its rows would flash by: the latest text's are on the way
        if query is not None:
            self.show_rows(query, rows, f"No article matches “{query.strip()}”")

    def _failed(self, error: BaseException) -> None:
        self._searching = self._waiting = None
        self.set_status(f"Search failed: {error}")

    def pick(self, payload: Any) -> None:
        self.on_pick(payload)

    @classmethod
    def pick_article(cls, parent: Any, on_pick: Callable[[Path], Any]) -> "QuickOpen":
        """Show the popup over ``parent`` (the main window: its project and browser rows)."""
        popup = cls(parent, parent.project, parent.browser.entries, on_pick)
        popup.popup()
        return popup
