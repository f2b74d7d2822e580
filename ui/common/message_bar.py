"""The in-tab message bar: one line naming the problem and the fix, with optional action buttons.

Errors reach the writer here, never as a traceback. The bar sits at the top of an article tab
(above the form) and is hidden while it has nothing to say.
"""
from __future__ import annotations

from typing import Callable, Sequence

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

# Icon and tint per level; the tint is mixed with the system palette so dark themes stay readable.
_LEVELS = {
    "info": ("fa5s.info-circle", "#2f7ed8"),
    "warning": ("fa5s.exclamation-triangle", "#d89b2f"),
    "error": ("fa5s.times-circle", "#d8452f"),
}

Action = tuple[str, Callable[[], object]]


class MessageBar(QFrame):
    """A dismissable bar with an icon, a message and buttons such as "Reload" or "Overwrite"."""

    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._icon = QLabel()
        self._text = QLabel(objectName="messageText")
        self._text.setWordWrap(True)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons: list[QPushButton] = []
        close = QToolButton(objectName="messageClose")
        close.setIcon(qta.icon("fa5s.times", color=self.palette().color(QPalette.ColorRole.WindowText)))
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.clicked.connect(self.dismiss)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(10, 6, 6, 6)
        self._layout.setSpacing(8)
        self._layout.addWidget(self._icon)
        self._layout.addWidget(self._text, 1)
        self._layout.addWidget(close)
        self._close = close
        self.level = ""
        # Remember the untinted background so repeated messages do not compound the tint.
        self._base = self.palette().color(QPalette.ColorRole.Window)
        self.hide()

    @property
    def text(self) -> str:
        return self._text.text()

    def show_message(self, level: str, text: str, actions: Sequence[Action] = (), closable: bool = True) -> None:
        """Show ``text`` at ``level`` (info, warning, error), replacing any previous message."""
        icon_name, tint = _LEVELS.get(level, _LEVELS["info"])
        self.level = level
        self._icon.setPixmap(qta.icon(icon_name, color=tint).pixmap(18, 18))
        self._text.setText(text)
        self._tint(tint)
        for button in self._buttons:
            button.deleteLater()
        self._buttons = []
        for label, callback in actions:
            button = QPushButton(label)
            button.setObjectName("messageAction:" + label)
            button.clicked.connect(lambda _checked=False, cb=callback: cb())
            self._layout.insertWidget(self._layout.count() - 1, button)
            self._buttons.append(button)
        self._close.setVisible(closable)
        self.show()

    def info(self, text: str, actions: Sequence[Action] = ()) -> None:
        self.show_message("info", text, actions)

    def warning(self, text: str, actions: Sequence[Action] = ()) -> None:
        self.show_message("warning", text, actions)

    def error(self, text: str, actions: Sequence[Action] = ()) -> None:
        self.show_message("error", text, actions)

    def dismiss(self) -> None:
        self.hide()
        self.level = ""
        self.closed.emit()

    def button(self, label: str) -> QPushButton | None:
        """The action button called ``label`` (tests click it)."""
        return next((b for b in self._buttons if b.text() == label), None)

    def _tint(self, colour: str) -> None:
        # A light wash of the level colour over the window background, in light and dark palettes.
        palette = self.palette()
        base = self._base
        tint = QColor(colour)
        mixed = QColor(
            int(base.red() * 0.82 + tint.red() * 0.18),
            int(base.green() * 0.82 + tint.green() * 0.18),
            int(base.blue() * 0.82 + tint.blue() * 0.18),
        )
        palette.setColor(QPalette.ColorRole.Window, mixed)
        self.setPalette(palette)
