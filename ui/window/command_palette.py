"""The command palette (Ctrl+Shift+P): every action of the action table, by name.

About a hundred actions: they are ranked in memory at each keystroke (``picker.ranked``, well
under a millisecond), so the palette answers at once, with no timer and no thread.
"""
from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ui.common.picker import PickerPopup, ranked


class CommandPalette(PickerPopup):
    def __init__(self, parent: QWidget | None, entries: Sequence[tuple[str, str, str, QAction]]) -> None:
        super().__init__(parent, "Type a command…", "commandPalette")
        # Only actions that can run now; the palette itself is left out.
        self.entries = [e for e in entries if e[3].isEnabled() and e[0] != "commandPalette"]

    def rows(self, query: str) -> list[tuple[str, str, Any]]:
        matches = ranked(query, self.entries, lambda e: f"{e[1]}: {e[2]}", 100)
        rows = []
        for _id, menu, text, action in matches:
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((f"{menu}: {text}" + (f"    {shortcut}" if shortcut else ""), action.statusTip(), action))
        return rows

    def pick(self, payload: Any) -> None:
        payload.trigger()

    @classmethod
    def show_for(cls, parent: Any, entries: Sequence[tuple[str, str, str, QAction]]) -> "CommandPalette":
        palette = cls(parent, entries)
        palette.popup()
        return palette


def palette_entries(actions: dict[str, QAction]) -> list[tuple[str, str, str, QAction]]:
    """(id, menu, text, action) of every action, in the action table's order; the QActions carry
    what the palette shows (``build_actions`` sets each one's ``tableMenu`` property)."""
    return [(action_id, str(action.property("tableMenu") or ""), action.text().replace("&", "").rstrip("…"), action)
            for action_id, action in actions.items()]
