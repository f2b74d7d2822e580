"""A keyboard-first popup list with a filter line: the shape of Quick Open and the command palette.

Typing asks for rows (``request_rows``), Up/Down move, Enter picks, Escape closes. A small list
(the palette) answers at once from memory through ``rows``; a big one (Quick Open) answers later,
from a background search, through ``show_rows``, and says which query the rows are for, so Enter
pressed before they arrive picks the first row of what was typed, never of an older query.
Subclasses say what the rows are and what picking one does.
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor.index.words import WORD, loose_match

Row = tuple[str, str, Any]  # text, tooltip, payload


def fuzzy_score(query: str, text: str) -> float | None:
    """How well ``query`` matches ``text`` (higher is better), or None when it does not.

    Every query word must match: as a substring (higher at a word start and early in the text),
    or else loosely inside one word of the text (``editor.index.words.loose_match``: a letter or
    two missing, never spread over several words).
    """
    text_cf = text.casefold()
    words = None
    score = 0.0
    for word in query.casefold().split():
        at = text_cf.find(word)
        if at >= 0:
            word_start = at == 0 or not text_cf[at - 1].isalnum()
            score += 100 + (30 if word_start else 0) - min(at, 60) * 0.5
            continue
        words = words if words is not None else WORD.findall(text_cf)
        near = [w for w in words if loose_match(word, w, prefix=True)]
        if not near:
            return None
        score += 40 - min(min(len(w) for w in near) - len(word), 40)
    return score - len(text) * 0.01


def ranked(query: str, candidates: Sequence[Any], key: Callable[[Any], str], limit: int) -> list[Any]:
    """The best ``limit`` candidates for ``query`` (all of them, in order, for an empty query).
    For short in-memory lists: it scores every candidate."""
    if not query.strip():
        return list(candidates[:limit])
    scored = []
    for candidate in candidates:
        score = fuzzy_score(query, key(candidate))
        if score is not None:
            scored.append((score, candidate))
    scored.sort(key=lambda pair: -pair[0])
    return [candidate for _score, candidate in scored[:limit]]


class PickerPopup(QDialog):
    """A frameless popup near the top of ``parent`` with a filter box, a result list and a
    status line. ``rowsShown(query)`` is emitted when the list shows that query's rows."""

    rowsShown = Signal(str)

    def __init__(self, parent: QWidget | None, placeholder: str, object_name: str, debounce_ms: int = 0) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName(object_name)
        self.filter = QLineEdit(objectName=f"{object_name}Filter")
        self.filter.setPlaceholderText(placeholder)
        self.list = QListWidget(objectName=f"{object_name}List")
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.itemActivated.connect(self._pick_item)
        self.list.itemClicked.connect(self._pick_item)
        self.status = QLabel(objectName=f"{object_name}Status")
        self.status.setEnabled(False)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.status)
        self.shown_query: str | None = None  # the query the list's rows are for
        self._pick_when_shown = False  # Enter came before the rows of the typed query
        # Typing waits this long for the next key before asking for rows (0: ask at once).
        self._timer = QTimer(self, singleShot=True, interval=debounce_ms)
        self._timer.timeout.connect(self.update_rows)
        self.filter.textChanged.connect(self._typed)
        self.filter.installEventFilter(self)
        if parent is not None:
            width = min(720, max(420, parent.width() // 2))
            self.resize(width, 420)
            top = parent.mapToGlobal(parent.rect().topLeft())
            self.move(top.x() + (parent.width() - width) // 2, top.y() + 60)

    # Subclasses provide ``pick``, and either ``rows`` (answered at once) or ``request_rows``.
    def rows(self, query: str) -> Sequence[Row]:
        """(text, tooltip, payload) for the query, best first."""
        raise NotImplementedError

    def pick(self, payload: Any) -> None:
        raise NotImplementedError

    def request_rows(self, query: str) -> None:
        """Ask for the rows of ``query``; they arrive through ``show_rows`` (here, at once)."""
        self.show_rows(query, self.rows(query))

    def _typed(self, _text: str) -> None:
        if self._timer.interval() > 0:
            self._timer.start()
        else:
            self.update_rows()

    def update_rows(self) -> None:
        self._timer.stop()
        self.request_rows(self.typed())

    def show_rows(self, query: str, rows: Sequence[Row], empty: str = "") -> None:
        """Show the rows of ``query`` (``empty``: the status when there are none)."""
        self.list.setUpdatesEnabled(False)
        self.list.clear()
        for text, tip, payload in rows:
            item = QListWidgetItem(text)
            item.setToolTip(tip)
            item.setData(Qt.ItemDataRole.UserRole, payload)
            self.list.addItem(item)
        self.list.setUpdatesEnabled(True)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.set_status("" if rows else empty)
        self.shown_query = query
        self.rowsShown.emit(query)
        if self._pick_when_shown and query == self.typed():
            self._pick_when_shown = False
            self._pick_item(self.list.currentItem())

    def typed(self) -> str:
        """The text in the filter box now."""
        return self.filter.text()

    def set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # PySide hands the filter the event as its own class, a QKeyEvent for a key press.
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.keyPressEvent(event)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.shown_query == self.typed():
                    self._pick_item(self.list.currentItem())
                else:  # the typed query's rows are still coming: pick the first when they do
                    self._pick_when_shown = True
                    if self._timer.isActive():
                        self.update_rows()
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
