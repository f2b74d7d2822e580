"""The form's wheel guard: a combo box, date edit or spin box takes the wheel only when focused.

Scrolling a long form with the mouse wheel passes the pointer over its inputs. Qt lets such an
input take the wheel, so "Date format" cycled through its options and the tab turned modified
while the writer only meant to scroll. One shared event filter sends the wheel of an unfocused
guarded input to the scroll area that holds the form instead, and the input no longer takes
focus from the wheel (StrongFocus: click or Tab), so once the writer clicks into it the wheel
steps it as before.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox, QWidget

GUARDED_TYPES = (QComboBox, QAbstractSpinBox)  # QDateEdit and QDoubleSpinBox are spin boxes too


class WheelGuard(QObject):
    """The event filter; one instance serves every guarded input of the process."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget) or watched.hasFocus():
            return False
        area = scroll_area_of(watched)
        if area is not None:
            # The viewport passes it on to the scroll bar that matches the wheel's direction.
            QCoreApplication.sendEvent(area.viewport(), event)
        else:
            event.ignore()  # nothing to scroll: let Qt offer it to the parents
        return True  # the input itself never sees it


def scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area around ``widget``, or None."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


_guard: WheelGuard | None = None


def guard_wheel(widget: QWidget) -> None:
    """Let ``widget`` take the wheel only while it has the keyboard focus."""
    global _guard
    if _guard is None:
        # Parented to the application, so it outlives every form that uses it.
        _guard = WheelGuard(QCoreApplication.instance())
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_guard)


def guard_if_wheel_sensitive(widget: QWidget) -> None:
    """Guard ``widget`` when it is of a kind that changes its value on the wheel."""
    if isinstance(widget, GUARDED_TYPES):
        guard_wheel(widget)
