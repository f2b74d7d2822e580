"""The front-matter form of one article tab, built from the article's schema.

Each schema field gets a typed editor (``ui.form.fields``) whose input is named
``field:<dotted key>``; groups become titled boxes; keys the schema does not know go under
"Other fields". The writer's edits go to the ``ArticleController`` as undoable steps, together with
what they imply (linked titles, the derived url and file name); model changes coming back (undo,
redo, reload, other panels) update the inputs under signal blockers, so nothing echoes back and
typing never re-creates a widget.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.article.article import Article, ArticleError
from editor.article.schema import FieldSpec, Schema, load_schema
from ui.form.fields import EDITOR_TYPES, DateEditor, FieldEditor, KeywordsEditor, TextEditor, small_label
from ui.form.other_fields import OtherFields
from ui.form.subject import SubjectEditor, subject_names
from ui.common.undo_keys import UndoKeys
from ui.form.sync import DERIVED_KEYS, LINKED_KEYS, derived_values, follow_edit

# Below this width labels go above their fields, so the inputs keep a usable width.
WIDE_ENOUGH_FOR_SIDE_LABELS = 520
SKIPPED_TYPES = {"relation"}  # the related panel owns related_articleN


def is_new_article(controller: Any) -> bool:
    """New articles start linked and unlocked: the controller may say so; otherwise an article
    without a file on disk, or without a title yet, is taken for a new one."""
    flag = getattr(controller, "is_new", None)
    if isinstance(flag, bool):
        return flag
    path = controller.path
    if path is None or not Path(path).exists():
        return True
    return not str(controller.get("title", "") or "").strip()


class FrontMatterForm(QWidget):
    """The form; ``focus_field(key)`` moves the keyboard focus to a field (problems panel)."""

    def __init__(self, controller: Any, project: Any = None, parent: QWidget | None = None, *, new: bool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frontMatterForm")
        self.controller = controller
        self.project = project
        name = controller.get("_schema")
        self.schema: Schema = load_schema(name if isinstance(name, str) else "default", getattr(project, "folder", None))
        self.editors: dict[str, FieldEditor] = {}
        self._forms: list[QFormLayout] = []
        self._typing_key: str | None = None
        new = is_new_article(controller) if new is None else new

        self.link_action = self._toggle_action(
            "linkTitlesAction",
            "Keep title, article title and question in sync",
            ("fa5s.link", "fa5s.unlink"),
            checked=new,
        )
        self.lock_action = self._toggle_action(
            "lockSlugAction",
            "Lock the file name and url (unlock to derive them from the title and subject)",
            ("fa5s.lock", "fa5s.lock-open"),
            checked=not new,
        )

        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 12, 14, 14)
        outer.setSpacing(14)
        self.header = self._header()
        outer.addLayout(self.header)
        main = self._new_form()
        outer.addLayout(main)
        for spec in self.schema.fields:
            self._add_field(main, spec)
        self.other = OtherFields(self._edit, self._rejects, self)
        self._forms.append(self.other.form)
        outer.addWidget(self.other)
        outer.addStretch(1)

        self.link_action.toggled.connect(self._link_toggled)
        self.lock_action.toggled.connect(self._lock_toggled)
        self._apply_lock()
        controller.changed.connect(self._on_model_changed)
        if hasattr(controller, "aboutToSave"):
            controller.aboutToSave.connect(self.flush)
        stack = getattr(controller, "undo_stack", None)
        # Ctrl+Z in a field steps the article's one history, not the field's private one.
        self._undo_keys = UndoKeys(stack, self) if stack is not None else None
        self._refresh_all()

    # -- public --------------------------------------------------------------------------------
    @property
    def linked(self) -> bool:
        return self.link_action.isChecked()

    @property
    def locked(self) -> bool:
        return self.lock_action.isChecked()

    def field_widget(self, key: str) -> QWidget | None:
        """The input of a dotted key (schema or other field), else None."""
        if key in self.editors:
            return self.editors[key].input
        if key in self.other.editors:
            return self.other.editors[key].input
        return None

    def focus_field(self, key: str) -> bool:
        """Scroll to a field's input and focus it; a child key without its own input (a relation
        child, say) falls back to its parent. False when the form has no input for it."""
        parts = key.split(".")
        widget = None
        while parts and widget is None:
            widget = self.field_widget(".".join(parts))
            parts.pop()
        if widget is None:
            return False
        ancestor = self.parentWidget()
        while ancestor is not None and not isinstance(ancestor, QScrollArea):
            ancestor = ancestor.parentWidget()
        if ancestor is not None:
            ancestor.ensureWidgetVisible(widget, 20, 40)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def flush(self) -> None:
        """Write what is typed but not yet committed (a keyword without its comma) before a save."""
        for editor in self.editors.values():
            if isinstance(editor, KeywordsEditor):
                editor.input.commit_pending()
            elif isinstance(editor, TextEditor) and not editor.spec.readonly:
                # A line edit changed without typing (a script's setText) has not reached the
                # model: textEdited only fires for the writer's keystrokes.
                value = editor.value()
                current = self.controller.get(editor.key, None)
                if value and isinstance(current, str) and "\n" not in current and value != current.strip():
                    self._edit(editor.key, value)

    def add_header_widget(self, widget: QWidget) -> None:
        """A control at the right end of the "Front matter" heading (the tab's collapse button)."""
        self.header.addWidget(widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def refresh_subjects(self) -> None:
        """Reload the subject list from the project (call after the index has loaded)."""
        for editor in self.editors.values():
            if isinstance(editor, SubjectEditor):
                editor.set_known(self._known_subjects(editor.spec))

    # -- building ------------------------------------------------------------------------------
    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel("Front matter")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        title.setFont(font)
        legend = QLabel("* required")
        legend.setEnabled(False)
        row.addWidget(title)
        row.addStretch(1)
        row.addWidget(legend, 0, Qt.AlignmentFlag.AlignBottom)
        return row

    def _new_form(self) -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(10)
        self._forms.append(form)
        return form

    def _add_field(self, form: QFormLayout, spec: FieldSpec) -> None:
        if spec.type in SKIPPED_TYPES:
            return
        if spec.type == "group":
            box = QGroupBox(spec.label, objectName=f"group:{spec.key}")
            if spec.help:
                box.setToolTip(spec.help)
            inner = self._new_form()
            inner.setContentsMargins(10, 8, 10, 8)
            box.setLayout(inner)
            for child in spec.fields:
                self._add_field(inner, child)
            form.addRow(box)
            return
        if spec.type == "markdown":
            note = small_label(f"Edited in the {spec.label.lower()} pane beside this form.", f"note:{spec.key}")
            note.setEnabled(False)
            form.addRow(self._label(spec), note)
            return
        editor = self._make_editor(spec)
        self.editors[spec.key] = editor
        if spec.key in LINKED_KEYS:
            editor.add_trailing(self._toggle_button(self.link_action, f"linkToggle:{spec.key}"))
        if spec.key in DERIVED_KEYS:
            editor.add_trailing(self._toggle_button(self.lock_action, f"lockToggle:{spec.key}"))
        label = self._label(spec)
        label.setBuddy(editor.input)
        form.addRow(label, editor.row)

    def _make_editor(self, spec: FieldSpec) -> FieldEditor:
        if spec.key == "subject":
            return SubjectEditor(spec, self._edit, self._known_subjects(spec))
        return EDITOR_TYPES.get(spec.type, TextEditor)(spec, self._edit)

    def _known_subjects(self, spec: FieldSpec) -> list[str]:
        return sorted(set(subject_names(self.project)) | set(spec.options), key=str.casefold)

    def _label(self, spec: FieldSpec) -> QLabel:
        text = html.escape(spec.label)
        if spec.required:
            accent = self.palette().color(QPalette.ColorRole.Highlight).name()
            text += f"<span style='color:{accent}'>&nbsp;*</span>"
        label = QLabel(text, objectName=f"label:{spec.key}")
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setContentsMargins(0, 4, 0, 0)  # level with the text of the input beside it
        tip = spec.help + (" Required." if spec.required else "")
        if tip.strip():
            label.setToolTip(tip.strip())
        label.setProperty("required", spec.required)
        return label

    def _toggle_action(self, name: str, text: str, icons: tuple[str, str], checked: bool) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setCheckable(True)
        action.setChecked(checked)
        on_icon, off_icon = icons

        def show_state(on: bool) -> None:
            palette = self.palette()
            colour = palette.color(QPalette.ColorRole.Highlight if on else QPalette.ColorRole.PlaceholderText)
            action.setIcon(qta.icon(on_icon if on else off_icon, color=colour))

        action.toggled.connect(show_state)
        show_state(checked)
        return action

    def _toggle_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setDefaultAction(action)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by keyboard, Space toggles
        return button

    # -- the writer's edits ---------------------------------------------------------------------
    def _edit(self, key: str, value: Any) -> None:
        edits = follow_edit(key, value, linked=self.linked, locked=self.locked, get=self.controller.get)
        edits = {k: v for k, v in edits.items() if k == key or k in self.editors}
        self._send(edits, source=key)

    def _send(self, edits: dict[str, Any], source: str | None) -> None:
        self._typing_key = source
        try:
            if len(edits) == 1:
                (key, value), = edits.items()
                self.controller.set(key, value)
            elif hasattr(self.controller, "set_many"):
                self.controller.set_many(edits)
            else:
                with self.controller.macro("Edit " + ", ".join(edits)):
                    for key, value in edits.items():
                        self.controller.set(key, value)
        finally:
            self._typing_key = None

    def _rejects(self, key: str, value: Any) -> str | None:
        """Why the article cannot take this value for an unknown key, tried on a copy first."""
        article = self.controller.article
        try:
            trial = Article.parse(article.dumps(), article.path)
            trial.set(key, value)
        except ArticleError as exc:
            return exc.message
        except (TypeError, ValueError, KeyError) as exc:
            return str(exc)
        return None

    def _link_toggled(self, on: bool) -> None:
        for key in LINKED_KEYS:
            if key in self.editors:
                self.editors[key].input.setProperty("linked", on)

    def _lock_toggled(self, locked: bool) -> None:
        self._apply_lock()
        if not locked:
            # Unlocked means "follow the title": bring the fields in line now, as one undo step.
            get = self.controller.get
            derived = derived_values(str(get("title", "") or ""), str(get("subject", "") or ""))
            changes = {k: v for k, v in derived.items() if k in self.editors and get(k) != v}
            if changes:
                self._send(changes, source=None)

    def _apply_lock(self) -> None:
        for key in DERIVED_KEYS:
            if key in self.editors:
                self.editors[key].set_read_only(self.locked)

    # -- model changes ---------------------------------------------------------------------------
    def _on_model_changed(self, key: str) -> None:
        if not key:
            self._refresh_all()
            return
        shown = False
        for field_key, editor in self.editors.items():
            if field_key == key or field_key.startswith(key + "."):
                shown = True
                if field_key != self._typing_key:
                    editor.show_value(self.controller.get(field_key))
        if key == "date_format":
            self._show_date_format()
        if not shown or key not in self.editors:  # an unknown key, or a whole group replaced
            self._refresh_other()

    def _refresh_all(self) -> None:
        for key, editor in self.editors.items():
            editor.show_value(self.controller.get(key))
        self._show_date_format()
        self._refresh_other()

    def _show_date_format(self) -> None:
        for editor in self.editors.values():
            if isinstance(editor, DateEditor):
                editor.set_format(self.controller.get("date_format"))

    def _refresh_other(self) -> None:
        self.other.set_keys(self._unknown_keys(), self.controller.get)
        if getattr(self, "_undo_keys", None) is not None:
            for widget in self.findChildren(QLineEdit) + self.findChildren(QPlainTextEdit):
                self._undo_keys.watch(widget)  # installing twice is harmless: Qt keeps one

    def _unknown_keys(self) -> list[str]:
        article = self.controller.article
        unknown = []
        for key in article.keys():
            spec = self.schema.field(key)
            if spec is None:
                unknown.append(key)
            elif spec.type == "group":
                children = {child.name for child in spec.fields}
                unknown += [f"{key}.{name}" for name in article.keys(key) if name not in children]
        return unknown

    # -- layout --------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_labels(event.size().width())

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - the index may have loaded since
        super().showEvent(event)
        self.refresh_subjects()

    def _fit_labels(self, width: int) -> None:
        policy = (
            QFormLayout.RowWrapPolicy.DontWrapRows
            if width >= WIDE_ENOUGH_FOR_SIDE_LABELS
            else QFormLayout.RowWrapPolicy.WrapAllRows
        )
        align = Qt.AlignmentFlag.AlignRight if policy == QFormLayout.RowWrapPolicy.DontWrapRows else Qt.AlignmentFlag.AlignLeft
        for form in self._forms:
            if form.rowWrapPolicy() != policy:
                form.setRowWrapPolicy(policy)
                form.setLabelAlignment(align | Qt.AlignmentFlag.AlignTop)
