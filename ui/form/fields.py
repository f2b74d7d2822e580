"""One editor per schema field type, each binding one input widget to one dotted key.

An editor shows model values (``show_value``, under a QSignalBlocker so nothing echoes back) and
reports the writer's edits through the ``on_edit(key, value)`` callback it was given. Values are
only replaced when they differ from what the input shows, so the cursor of a field being typed
into never jumps. The input widget carries the objectName ``field:<dotted key>``.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any, Callable

from PySide6.QtCore import QDate, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from editor.article.dates import format_site_date, parse_iso_date
from editor.article.schema import FieldSpec
from ui.form.chips import KeywordChips, join_keywords, split_keywords
from ui.form.counter import LengthCounter, state_style_sheet
from ui.form.wheel_guard import guard_if_wheel_sensitive

OnEdit = Callable[[str, Any], None]
_INTEGER = re.compile(r"^-?\d+$")


def small_label(text: str = "", name: str = "") -> QLabel:
    """A hint line under a field, in the palette's secondary text colour."""
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.9)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def show_read_only(widget: QWidget, read_only: bool) -> None:
    """Read-only inputs take the window colour as background, so they do not invite typing."""
    if read_only:
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())  # an empty palette inherits the parent's (system) colours again


class FieldEditor:
    """The binding of one field; subclasses make the input and convert values."""

    def __init__(self, spec: FieldSpec, on_edit: OnEdit) -> None:
        self.spec = spec
        self.key = spec.key
        self._on_edit = on_edit
        self.input: QWidget = self._make_input()
        self.input.setObjectName(f"field:{spec.key}")
        self.input.setAccessibleName(spec.label)
        guard_if_wheel_sensitive(self.input)  # scrolling the form must not step a combo or date
        if spec.help:
            self.input.setToolTip(spec.help)
        self.counter: LengthCounter | None = None
        if spec.min is not None or spec.max is not None:
            self.counter = LengthCounter(spec.key, spec.min, spec.max)
        self.hint = small_label(name=f"hint:{spec.key}")
        self.hint.setStyleSheet(state_style_sheet("QLabel", "kind", self.hint.palette()))
        self.hint.hide()

        # The row: the input with any trailing buttons, then a status line (hint left, counter right).
        self.row = QWidget()
        self.row.setObjectName(f"row:{spec.key}")
        column = QVBoxLayout(self.row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self._top = QHBoxLayout()
        self._top.setSpacing(4)
        self._top.addWidget(self.input, 1)
        column.addLayout(self._top)
        status = QHBoxLayout()
        status.setSpacing(8)
        status.addWidget(self.hint, 1)
        if self.counter is not None:
            status.addStretch(0)
            status.addWidget(self.counter, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        column.addLayout(status)

    # -- for subclasses ------------------------------------------------------------------------
    def _make_input(self) -> QWidget:
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        """Put a model value into the input (signals are blocked)."""
        raise NotImplementedError

    def value(self) -> Any:
        """The value the input holds now."""
        raise NotImplementedError

    # -- shared --------------------------------------------------------------------------------
    def add_trailing(self, widget: QWidget) -> None:
        self._top.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)

    def show_value(self, value: Any) -> None:
        """A model change: show it without reporting it back as an edit."""
        with QSignalBlocker(self.input):
            self._show(value)
        self._update_counter()

    def set_read_only(self, read_only: bool) -> None:
        if hasattr(self.input, "setReadOnly"):
            self.input.setReadOnly(read_only)
            show_read_only(self.input, read_only)

    def show_hint(self, text: str, kind: str = "info") -> None:
        """A line under the field; ``kind`` warn or error draws the eye."""
        self.hint.setText(text)
        if self.hint.property("kind") != kind:
            self.hint.setProperty("kind", kind)
            self.hint.style().unpolish(self.hint)
            self.hint.style().polish(self.hint)
        self.hint.setVisible(bool(text))

    def _edited(self, value: Any) -> None:
        self._update_counter()
        self._on_edit(self.key, value)

    def _update_counter(self) -> None:
        if self.counter is not None:
            value = self.value()
            self.counter.update_length(len(value) if isinstance(value, str) else 0)


class TextEditor(FieldEditor):
    """text, url and slug: one line. ``textEdited`` fires for the writer's typing only."""

    def _make_input(self) -> QLineEdit:
        edit = QLineEdit()
        edit.setClearButtonEnabled(not self.spec.readonly)
        if self.spec.help:
            edit.setPlaceholderText(self.spec.help)
        edit.setReadOnly(self.spec.readonly)
        if self.spec.readonly:
            show_read_only(edit, True)
        edit.textEdited.connect(lambda text: self._edited(text.strip()))
        return edit

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        # Edits are stored trimmed (a space typed between words is not a value to write, and would
        # force a folded title into quotes); a field showing "How " for "How" is already in step.
        if self.input.text().strip() != text:
            self.input.setText(text)
            self.input.setCursorPosition(0)

    def value(self) -> str:
        return self.input.text().strip()


class GrowingTextEdit(QPlainTextEdit):
    """A plain text edit whose height follows its wrapped line count, between two limits."""

    def __init__(self, min_lines: int = 2, max_lines: int = 8) -> None:
        super().__init__()
        self.min_lines, self.max_lines = min_lines, max_lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._refit())

    def _refit(self) -> None:
        # The scroll bar only appears once the text outgrows the largest height.
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if self.line_count() > self.max_lines else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.setVerticalScrollBarPolicy(policy)
        self.updateGeometry()

    def line_count(self) -> int:
        # Wrapped lines, not paragraphs: a long description is one block but several lines.
        lines, block = 0, self.document().begin()
        while block.isValid():
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.next()
        return lines

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        lines = max(self.min_lines, min(self.max_lines, self.line_count()))
        margins = self.contentsMargins()
        document_margin = 2 * self.document().documentMargin()
        height = lines * QFontMetrics(self.font()).lineSpacing() + margins.top() + margins.bottom() + document_margin + 4
        return QSize(super().sizeHint().width(), int(height))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())

    def resizeEvent(self, event) -> None:  # noqa: N802 - a new width re-wraps the lines
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._refit()


class MultilineEditor(FieldEditor):
    """multiline: a few lines of wrapped text that grows with its content up to a limit."""

    def _make_input(self) -> QPlainTextEdit:
        edit = GrowingTextEdit()
        edit.setTabChangesFocus(True)  # Tab moves to the next field, as in every other input
        edit.setReadOnly(self.spec.readonly)
        if self.spec.help:
            edit.setPlaceholderText(self.spec.help)
        edit.textChanged.connect(lambda: self._edited(edit.toPlainText().strip()))
        return edit

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.input.toPlainText().strip() != text:
            self.input.setPlainText(text)

    def value(self) -> str:
        return self.input.toPlainText().strip()


class IntegerEditor(TextEditor):
    """integer: digits only; invalid text is flagged and not written."""

    def _make_input(self) -> QLineEdit:
        edit = super()._make_input()
        edit.textEdited.disconnect()
        edit.textEdited.connect(self._typed)
        return edit

    def _parse(self, text: str) -> Any:
        return int(text) if _INTEGER.match(text.strip()) else None

    def _typed(self, text: str) -> None:
        value = self._parse(text)
        if value is None and text.strip():
            self.show_hint(f"{self.spec.label} must be a {self._kind()}; not saved yet.", "error")
            return
        self.show_hint("")
        if value is not None:
            self._edited(value)

    def _kind(self) -> str:
        return "whole number"

    def _show(self, value: Any) -> None:
        shown = self._parse(self.input.text())
        if shown is not None and shown == value and type(shown) is type(value):
            return  # "1e3" typed for 1000.0: keep the writer's spelling
        super()._show(value)
        self.show_hint("")

    def value(self) -> Any:
        return self._parse(self.input.text())


class NumberEditor(IntegerEditor):
    """number: stored as a float (``score: -1.0``)."""

    def _parse(self, text: str) -> Any:
        try:
            number = float(text.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None

    def _kind(self) -> str:
        return "number"


class DateEditor(FieldEditor):
    """date: a calendar picker, and the date as the site prints it with ``date_format``."""

    def _make_input(self) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setReadOnly(self.spec.readonly)
        edit.setMinimumWidth(130)
        edit.dateChanged.connect(lambda qdate: self._edited(qdate.toPython()))
        self._format = "YYYY-MM-DD"
        return edit

    def __init__(self, spec: FieldSpec, on_edit: OnEdit) -> None:
        super().__init__(spec, on_edit)
        self.site_date = QLabel(objectName=f"siteDate:{spec.key}")
        self.site_date.setToolTip("How the site prints this date (the date format field)")
        self.site_date.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._top.insertWidget(1, self.site_date, 0)
        self._top.insertSpacing(1, 8)
        self._top.addStretch(1)
        self._top.setStretch(0, 0)

    def set_format(self, fmt: Any) -> None:
        self._format = str(fmt) if fmt else "YYYY-MM-DD"
        self._update_site_date()

    def _show(self, value: Any) -> None:
        date = parse_iso_date(value)
        if date is None:
            self.show_hint(f"{value!r} is not a date (YYYY-MM-DD); pick one to replace it.", "error")
            return
        self.show_hint("")
        if self.input.date().toPython() != date:
            self.input.setDate(QDate(date.year, date.month, date.day))

    def show_value(self, value: Any) -> None:
        super().show_value(value)
        self._update_site_date()

    def _edited(self, value: Any) -> None:
        self.show_hint("")
        super()._edited(value)
        self._update_site_date()

    def _update_site_date(self) -> None:
        date: dt.date = self.input.date().toPython()
        self.site_date.setText("Shown as “" + format_site_date(date, self._format) + "”")

    def value(self) -> dt.date:
        return self.input.date().toPython()


class SelectEditor(FieldEditor):
    """select: one of the schema's options; a value outside them is kept and shown as such."""

    def _make_input(self) -> QComboBox:
        combo = QComboBox()
        combo.addItems(list(self.spec.options))
        combo.setEnabled(not self.spec.readonly)
        combo.textActivated.connect(self._edited)
        return combo

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.input.findText(text) < 0:
            self.input.addItem(text)
        self.input.setCurrentText(text)

    def value(self) -> str:
        return self.input.currentText()


class KeywordsEditor(FieldEditor):
    """keywords: chips over the comma-separated string; an unchanged list is never rewritten."""

    def _make_input(self) -> KeywordChips:
        chips = KeywordChips(self.spec.key)
        chips.keywordsEdited.connect(lambda words: self._edited(join_keywords(words)))
        return chips

    def _show(self, value: Any) -> None:
        self.input.set_keywords(split_keywords(value))

    def value(self) -> str:
        return join_keywords(self.input.keywords())

    def set_read_only(self, read_only: bool) -> None:
        self.input.setEnabled(not read_only)


EDITOR_TYPES: dict[str, type[FieldEditor]] = {
    "text": TextEditor,
    "url": TextEditor,
    "slug": TextEditor,
    "multiline": MultilineEditor,
    "integer": IntegerEditor,
    "number": NumberEditor,
    "date": DateEditor,
    "select": SelectEditor,
    "keywords": KeywordsEditor,
}
