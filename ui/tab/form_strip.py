"""The collapsed front-matter form: a narrow strip with a vertical "Front matter" button.

On a laptop screen the form took a third of the tab, leaving the answer editor about 35
characters wide beside a 310 px preview. Collapsing the form to this strip gives the answer
that room; clicking the strip (or Ctrl+Alt+F, or jumping to a field) brings the form back.
"""
from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QStyle, QStyleOptionToolButton, QToolButton, QVBoxLayout, QWidget

STRIP_LABEL = "Front matter"


class VerticalButton(QToolButton):
    """A flat tool button whose text reads bottom to top, as on a collapsed side panel."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        metrics = self.fontMetrics()
        return QSize(metrics.height() + 12, metrics.horizontalAdvance(self.text()) + 24)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        option = QStyleOptionToolButton()
        self.initStyleOption(option)
        option.text = ""  # the frame and hover state only; the text is drawn rotated below
        self.style().drawComplexControl(QStyle.ComplexControl.CC_ToolButton, option, painter, self)
        painter.translate(0, self.height())
        painter.rotate(-90)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(QRect(0, 0, self.height(), self.width()), Qt.AlignmentFlag.AlignCenter, self.text())


class FormStrip(QWidget):
    """What the form column shows while the form is collapsed; ``button`` expands it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formStrip")
        self.button = VerticalButton(objectName="expandForm")
        self.button.setText(STRIP_LABEL)
        self.button.setAutoRaise(True)
        self.button.setToolTip("Show the front-matter form (Ctrl+Alt+F)")
        self.button.setAccessibleName("Show the front-matter form")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 6, 2, 6)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.setFixedWidth(self.button.sizeHint().width() + 4)
