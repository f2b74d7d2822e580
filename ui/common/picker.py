"""A keyboard-first popup list with a filter line: the shape of Quick Open and the command palette.

Typing filters (through the ``rank`` function the caller supplies), Up/Down move, Enter picks,
Escape closes. Subclasses only say what the rows are and what picking one does.
"""
from __future__ import annotations

import re
from typing import Any, Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


def fuzzy_score(query: str, text: str) -> float | None:
    """How well ``query`` matches ``text`` (higher is better), or None when it does not.

    A substring beats a scattered subsequence; an early match and a match at a word start score
    higher; every query word must match somewhere.
    """
    text_cf = text.casefold()
    score = 0.0
    for word in query.casefold().split():
        at = text_cf.find(word)
        if at >= 0:
            word_start = at == 0 or not text_cf[at - 1].isalnum()
            score += 100 + (30 if word_start else 0) - min(at, 60) * 0.5
            continue
        match = re.search(".*?".join(map(re.escape, word)), text_cf)
        if match is None:
            return None
        score += 40 - min(len(match.group()) - len(word), 40)
    return score - len(text) * 0.01


class PickerPopup(QDialog):
    """A frameless popup near the top of ``parent`` with a filter box and a result list."""

    def __init__(self, parent: QWidget | None, placeholder: str, object_name: str) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName(object_name)
        self.filter = QLineEdit(objectName=f"{object_name}Filter")
        self.filter.setPlaceholderText(placeholder)
        self.list = QListWidget(objectName=f"{object_name}List")
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemActivated.connect(self._pick_item)
        self.list.itemClicked.connect(self._pick_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        self._timer = QTimer(self, singleShot=True, interval=40)
        self._timer.timeout.connect(self.update_rows)
        self.filter.textChanged.connect(lambda _t: self._timer.start())
        self.filter.installEventFilter(self)
        if parent is not None:
            width = min(720, max(420, parent.width() // 2))
            self.resize(width, 420)
            top = parent.mapToGlobal(parent.rect().topLeft())
            self.move(top.x() + (parent.width() - width) // 2, top.y() + 60)

    # Subclasses provide these two.
    def rows(self, query: str) -> Sequence[tuple[str, str, Any]]:
        """(text, tooltip, payload) for the query, best first."""
        raise NotImplementedError

    def pick(self, payload: Any) -> None:
        raise NotImplementedError

    def update_rows(self) -> None:
        self.list.clear()
        for text, tip, payload in self.rows(self.filter.text()):
            item = QListWidgetItem(text)
            item.setToolTip(tip)
            item.setData(Qt.ItemDataRole.UserRole, payload)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.filter and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)  # type: ignore[arg-type]
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._pick_item(self.list.currentItem())
                return True
        return super().eventFilter(watched, event)

    def _pick_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        payload = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.pick(payload)

    def popup(self) -> None:
        self.update_rows()
        self.show()
        self.filter.setFocus()


def ranked(query: str, candidates: Sequence[Any], key: Callable[[Any], str], limit: int) -> list[Any]:
    """The best ``limit`` candidates for ``query`` (all of them, in order, for an empty query)."""
    if not query.strip():
        return list(candidates[:limit])
    scored = []
    for candidate in candidates:
        score = fuzzy_score(query, key(candidate))
        if score is not None:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for _score, candidate in scored[:limit]]
