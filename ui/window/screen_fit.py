"""The window opens inside the screen's available area, never larger than the screen.

A 1400x900 first window on a 1280x720 laptop cut off its bottom (the status bar and the
problems panel fell below the task bar). The first size is the preferred one bounded by
``QScreen.availableGeometry()`` (the screen less panels and docks), centred on it; a restored
geometry saved on a bigger monitor is pulled back inside the same way.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED_SIZE = QSize(1400, 900)


def available_area(window: QWidget) -> QRect | None:
    """The available geometry of the window's screen (or the primary one); None headless."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fitted(rect: QRect, area: QRect) -> QRect:
    """``rect`` shrunk to fit ``area`` and moved inside it (an already fitting rect is kept)."""
    size = rect.size().boundedTo(area.size())
    left = min(max(rect.left(), area.left()), area.right() - size.width() + 1)
    top = min(max(rect.top(), area.top()), area.bottom() - size.height() + 1)
    return QRect(left, top, size.width(), size.height())


def open_within_screen(window: QWidget, preferred: QSize = PREFERRED_SIZE) -> None:
    """First run: the preferred size bounded by the available area, centred on it."""
    area = available_area(window)
    if area is None:
        window.resize(preferred)
        return
    size = preferred.boundedTo(area.size())
    window.resize(size)
    window.move(area.left() + (area.width() - size.width()) // 2, area.top() + (area.height() - size.height()) // 2)


def keep_within_screen(window: QWidget) -> None:
    """A restored geometry from a larger screen is pulled back inside this one."""
    area = available_area(window)
    if area is None:
        return
    frame = window.frameGeometry()
    inside = fitted(frame, area)
    if inside != frame:
        # frameGeometry includes the title bar and borders; the client size shrinks by as much.
        window.resize(window.width() - (frame.width() - inside.width()), window.height() - (frame.height() - inside.height()))
        window.move(inside.topLeft())
