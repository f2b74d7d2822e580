"""The Fix column of the problems list: a flat button per row, painted by a delegate.

A widget per row (``setIndexWidget``) drew its text over the cell's own text, and tens of
thousands of widgets cannot be made for a project-wide list; a delegate paints the one button
every row needs and turns a click on it into ``fixClicked(index)``.
"""
from __future__ import annotations

from typing import Any

import qtawesome as qta
from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionButton, QStyleOptionViewItem

from ui.window.problems_model import FIX_ROLE

Index = QModelIndex | QPersistentModelIndex
_MARGIN = 2


class FixDelegate(QStyledItemDelegate):
    fixClicked = Signal(QModelIndex)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._icon = qta.icon("fa5s.magic", color="#5a5a5a")

    def button_rect(self, cell: QRect) -> QRect:
        return cell.adjusted(_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        title = index.data(FIX_ROLE) or ""
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""  # the cell draws selection and stripes only: the button has the text
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, background, painter, option.widget)
        if not title:
            return
        button = QStyleOptionButton()
        button.rect = self.button_rect(option.rect)
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if option.state & QStyle.StateFlag.State_MouseOver:
            button.state |= QStyle.StateFlag.State_MouseOver
        button.icon = self._icon
        size = option.fontMetrics.height()
        button.iconSize = QSize(size, size)
        room = button.rect.width() - size - 16
        button.text = option.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight, max(room, 0))
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802 - Qt's name
        title = index.data(FIX_ROLE) or ""
        height = option.fontMetrics.height() + 8
        return QSize(option.fontMetrics.horizontalAdvance(title) + height + 24, height)

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index) -> bool:  # noqa: N802
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
            and index.data(FIX_ROLE)
            and self.button_rect(option.rect).contains(event.position().toPoint())
        ):
            self.fixClicked.emit(QModelIndex(index))
            return True
        return super().editorEvent(event, model, option, index)


class ElidingDelegate(QStyledItemDelegate):
    """Plain cells eliding their text at the given side (messages read best cut at the end, file
    and field names in the middle, where their distinguishing ends stay visible)."""

    def __init__(self, mode: Qt.TextElideMode, parent: Any = None) -> None:
        super().__init__(parent)
        self.mode = mode

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:  # noqa: N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = self.mode
