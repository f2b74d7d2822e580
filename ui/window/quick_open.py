"""Quick Open (Ctrl+P): fuzzy match on title and url over the project's index."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

from PySide6.QtWidgets import QWidget

from ui.common.picker import PickerPopup, ranked
from ui.window.project_browser import Entry

LIMIT = 50


class QuickOpen(PickerPopup):
    def __init__(self, parent: QWidget | None, entries: Sequence[Entry], on_pick: Callable[[Path], Any]) -> None:
        super().__init__(parent, "Open article by title or url…", "quickOpen")
        self.entries = entries
        self.on_pick = on_pick

    def rows(self, query: str) -> list[tuple[str, str, Any]]:
        matches = ranked(query, self.entries, lambda e: f"{e.title} {e.url}", LIMIT)
        return [(f"{e.title}   —   {e.folder}", f"{e.url}\n{e.path}", e.path) for e in matches]

    def pick(self, payload: Any) -> None:
        self.on_pick(payload)

    @classmethod
    def pick_article(cls, parent: Any, on_pick: Callable[[Path], Any]) -> "QuickOpen":
        """Show the popup over ``parent`` (the main window, whose browser holds the index rows)."""
        popup = cls(parent, parent.browser.entries, on_pick)
        popup.popup()
        return popup
