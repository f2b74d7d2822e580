"""Keywords as chips: one removable chip per keyword, and an input that adds on comma or Enter.

The article stores keywords as one comma-separated string (``seo.page_keywords``); the chips are
that string split, and an edit writes it back as ``"a, b, c"``. Backspace in the empty input
removes the last chip, as in tag inputs on the web.
"""
from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QToolButton, QWidget

from ui.form.flow_layout import FlowLayout


def split_keywords(raw: object) -> list[str]:
    """The keywords of a stored value: split on commas, trimmed, empties and line breaks dropped."""
    if not isinstance(raw, str):
        return []
    return [" ".join(part.split()) for part in raw.split(",") if part.strip()]


def join_keywords(keywords: list[str]) -> str:
    """The stored form of a keyword list."""
    return ", ".join(keywords)


class KeywordChip(QFrame):
    """One keyword with a remove button."""

    removeRequested = Signal(object)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keywordChip")
        self.text = text
        label = QLabel(text)
        label.setObjectName("keywordChipText")
        remove = QToolButton(objectName="removeChip")
        remove.setIcon(qta.icon("fa5s.times", color=self.palette().color(self.foregroundRole())))
        remove.setIconSize(QSize(10, 10))
        remove.setAutoRaise(True)
        remove.setToolTip(f"Remove “{text}”")
        remove.setAccessibleName(f"Remove keyword {text}")
        remove.clicked.connect(lambda: self.removeRequested.emit(self))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 1, 2, 1)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(remove)
        self.setStyleSheet(
            "#keywordChip { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-radius: 10px; }"
        )


class KeywordChips(QFrame):
    """The keyword editor. ``keywordsEdited(list)`` is emitted for the writer's edits only."""

    keywordsEdited = Signal(list)

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"field:{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._chips: list[KeywordChip] = []
        self.input = QLineEdit(objectName=f"keywordInput:{key}")
        self.input.setPlaceholderText("Add keyword, then comma or Enter")
        self.input.setFrame(False)
        self.input.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.input.setMinimumWidth(120)
        self.input.textEdited.connect(self._on_text_edited)
        self.input.returnPressed.connect(self.commit_pending)
        self.input.editingFinished.connect(self.commit_pending)
        self.input.installEventFilter(self)
        self.setFocusProxy(self.input)
        self._layout = FlowLayout(self, spacing=4)
        self._layout.setContentsMargins(4, 3, 4, 3)
        self._layout.addWidget(self.input)

    # -- reading and writing -------------------------------------------------------------------
    def keywords(self) -> list[str]:
        return [chip.text for chip in self._chips]

    def set_keywords(self, keywords: list[str]) -> None:
        """Show these keywords (a model change: nothing is emitted)."""
        if keywords == self.keywords():
            return
        for chip in self._chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        self._fit_height()
        for word in keywords:
            self._insert_chip(word)

    def add_keywords(self, text: str) -> None:
        """Add the comma-separated keywords in ``text`` that are not there yet, as the writer."""
        known = {word.casefold() for word in self.keywords()}
        added = False
        for word in split_keywords(text):
            if word.casefold() not in known:
                known.add(word.casefold())
                self._insert_chip(word)
                added = True
        if added and not self.signalsBlocked():
            self.keywordsEdited.emit(self.keywords())

    def remove_keyword(self, index: int) -> None:
        """Remove one chip, as the writer."""
        chip = self._chips.pop(index)
        self._layout.removeWidget(chip)
        chip.deleteLater()
        self._fit_height()
        if not self.signalsBlocked():
            self.keywordsEdited.emit(self.keywords())
        self.input.setFocus()

    def chips(self) -> list[KeywordChip]:
        return list(self._chips)

    # -- internals -----------------------------------------------------------------------------
    def _insert_chip(self, word: str) -> None:
        chip = KeywordChip(word, self)
        chip.removeRequested.connect(lambda c: self.remove_keyword(self._chips.index(c)))
        self._chips.append(chip)
        self._layout.insertWidget(len(self._chips) - 1, chip)
        chip.show()
        self._fit_height()

    def _on_text_edited(self, text: str) -> None:
        if "," in text:
            done, _, rest = text.rpartition(",")
            self.input.setText(rest.lstrip())
            self.add_keywords(done)

    def commit_pending(self) -> None:
        """Turn the text in the input into chips (Enter, leaving the box, or a save)."""
        text = self.input.text()
        if text.strip():
            self.input.clear()
            self.add_keywords(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Backspace
            and not self.input.text()
            and self._chips
        ):
            self.remove_keyword(len(self._chips) - 1)
            return True
        return super().eventFilter(watched, event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - clicking the box types into it
        self.input.setFocus()
        super().mousePressEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - a new width re-flows the chips
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        # Form layouts and scroll areas do not all honour height-for-width, so the box asks for
        # the height its chips need at its current width as a minimum height instead.
        frame = 2 * self.frameWidth()
        needed = self._layout.heightForWidth(max(1, self.width() - frame)) + frame
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)
