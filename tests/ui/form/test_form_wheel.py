"""Scrolling the form with the wheel never changes a field the pointer happens to pass over."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QScrollArea, QWidget
from tests.ui.form.form_articles import open_form


def wheel_down(widget: QWidget, notches: int = 1) -> None:
    """A wheel turn towards the writer over the middle of ``widget``."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def scrolled_form(qtbot, tmp_path: Path):
    """The form in a scroll area short enough that the form has to scroll, as in an article tab."""
    form = open_form(qtbot, tmp_path, shown=False)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(form)
    area.resize(420, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    assert area.verticalScrollBar().maximum() > 0
    return area, form


@pytest.mark.parametrize("key, kind", [("date_format", QComboBox), ("date", QDateEdit)])
def test_the_wheel_over_an_unfocused_input_scrolls_the_form_and_leaves_the_value(scrolled_form, key, kind):
    area, form = scrolled_form
    field = form.findChild(kind, f"field:{key}")
    before = form.controller.get(key)
    scroll = area.verticalScrollBar().value()
    wheel_down(field, 2)
    assert form.controller.get(key) == before
    assert not form.controller.is_modified
    assert area.verticalScrollBar().value() > scroll  # the form scrolled instead
    assert not field.hasFocus()  # the wheel does not give it the focus either


def test_a_focused_combo_box_still_steps_with_the_wheel(scrolled_form, qtbot):
    area, form = scrolled_form
    combo = form.findChild(QComboBox, "field:date_format")
    area.ensureWidgetVisible(combo)
    combo.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    before = combo.currentText()
    wheel_down(combo)
    assert combo.currentText() != before
    assert form.controller.get("date_format") == combo.currentText() and form.controller.is_modified


def test_every_wheel_sensitive_input_of_the_form_is_guarded(scrolled_form):
    _area, form = scrolled_form
    from ui.form.wheel_guard import GUARDED_TYPES

    inputs = [w for w in form.findChildren(QWidget) if isinstance(w, GUARDED_TYPES)]
    assert len(inputs) >= 3  # date, date format, subject at least
    assert all(w.focusPolicy() == Qt.FocusPolicy.StrongFocus for w in inputs), [w.objectName() for w in inputs]
