"""The "Other fields" section: keys the schema does not know, each edited as YAML text.

Unknown keys are data (``draft``, ``tags``, nested extras), so they are shown and kept. The text
is parsed with ``yaml.safe_load`` as the writer types; invalid YAML, or a value the article
cannot write, shows the error under the field and is not written.
"""
from __future__ import annotations

from typing import Any, Callable

import yaml
from PySide6.QtCore import QSignalBlocker
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ui.form.fields import small_label

OnEdit = Callable[[str, Any], None]
# Returns an error message when the article cannot take the value, else None.
Check = Callable[[str, Any], "str | None"]
MAX_LINES = 10


def yaml_text(value: Any) -> str:
    """A value as the YAML a writer edits: block style, keys in their order, no ``...`` end mark."""
    text = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    if text.endswith("\n...\n"):
        text = text[: -len("\n...\n")]
    return text.rstrip("\n")


def parse_yaml(text: str) -> tuple[Any, str | None]:
    """``(value, None)`` for valid YAML, ``(None, "line N: problem")`` otherwise."""
    try:
        return yaml.safe_load(text), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"line {mark.line + 1}: " if mark is not None else ""
        return None, f"{where}{problem}"


class YamlFieldEditor:
    """One unknown key: a monospaced YAML editor and its error line."""

    def __init__(self, key: str, on_edit: OnEdit, check: Check) -> None:
        self.key = key
        self._on_edit = on_edit
        self._check = check
        self.input = QPlainTextEdit(objectName=f"field:{key}")
        self.input.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.input.setTabChangesFocus(True)
        self.input.setToolTip(f"“{key}” is not in the schema; edit it as YAML. It is kept on save.")
        self.input.setAccessibleName(key)
        self.error = small_label(name=f"yamlError:{key}")
        self.error.hide()
        self.row = QWidget(objectName=f"row:{key}")
        column = QVBoxLayout(self.row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(self.input)
        column.addWidget(self.error)
        self.input.textChanged.connect(self._typed)
        self._line_height = QFontMetrics(self.input.font()).lineSpacing()

    def show_value(self, value: Any) -> None:
        current, problem = parse_yaml(self.input.toPlainText())
        if problem is None and current == value and type(current) is type(value) and self.input.toPlainText():
            return  # the writer's own spelling of the same value stays
        with QSignalBlocker(self.input):
            self.input.setPlainText(yaml_text(value))
        self._set_error(None)
        self._fit_height()

    def _typed(self) -> None:
        self._fit_height()
        value, problem = parse_yaml(self.input.toPlainText())
        if problem is None:
            problem = self._check(self.key, value)
        self._set_error(problem)
        if problem is None:
            self._on_edit(self.key, value)

    def _set_error(self, problem: str | None) -> None:
        self.error.setText(f"Not saved: {problem}" if problem else "")
        self.error.setStyleSheet("color: #c62828;" if problem else "")
        self.error.setVisible(bool(problem))
        self.input.setProperty("invalid", bool(problem))

    def _fit_height(self) -> None:
        lines = max(1, min(MAX_LINES, self.input.toPlainText().count("\n") + 1))
        self.input.setFixedHeight(lines * self._line_height + 16)


class OtherFields(QGroupBox):
    """The section itself; hidden while the article has no unknown keys."""

    def __init__(self, on_edit: OnEdit, check: Check, parent: QWidget | None = None) -> None:
        super().__init__("Other fields", parent)
        self.setObjectName("otherFields")
        self.setToolTip("Fields the schema does not describe. They are kept as they are unless you edit them.")
        self._on_edit = on_edit
        self._check = check
        self.editors: dict[str, YamlFieldEditor] = {}
        self.form = QFormLayout(self)
        note = QLabel("Not in the schema; edited as YAML and kept on save.")
        note.setWordWrap(True)
        note.setEnabled(False)  # the palette's disabled text colour reads as secondary text
        self.form.addRow(note)
        self.hide()

    def keys(self) -> list[str]:
        return list(self.editors)

    def set_keys(self, keys: list[str], get: Callable[[str], Any]) -> None:
        """Show exactly these keys, reusing the editors of keys already shown."""
        if keys != list(self.editors):
            for key in [k for k in self.editors if k not in keys]:
                editor = self.editors.pop(key)
                self.form.removeRow(editor.row)
            for key in keys:
                if key not in self.editors:
                    editor = YamlFieldEditor(key, self._on_edit, self._check)
                    self.editors[key] = editor
                    label = QLabel(key)
                    label.setBuddy(editor.input)
                    self.form.addRow(label, editor.row)
        for key in keys:
            self.editors[key].show_value(get(key))
        self.setVisible(bool(keys))
