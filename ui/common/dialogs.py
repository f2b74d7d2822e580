"""The window's dialogs, each called through a classmethod so tests and scripts can stub it.

``SaveChangesDialog.ask(parent, names)`` answers "save", "discard" or "cancel";
``DiscardChangesDialog.ask(parent, name)`` answers True for "Discard changes" (Revert);
``ConflictDialog.ask(parent, name)`` answers "compare", "overwrite", "reload" or "cancel";
the others return the value typed, or None when cancelled.
"""
from __future__ import annotations

import difflib
from typing import Sequence

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from editor.article.slug import slugify


class SaveChangesDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, names: Sequence[str]) -> str:
        """Save, discard or cancel for the articles called ``names``."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        if len(names) == 1:
            box.setText(f"Save the changes to “{names[0]}”?")
        else:
            box.setText(f"Save the changes to {len(names)} articles?")
            box.setDetailedText("\n".join(names))
        box.setInformativeText("Your changes are lost if you don't save them.")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        return {
            QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard",
        }.get(QMessageBox.StandardButton(answer), "cancel")


class DiscardChangesDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> bool:
        """Revert asks only this: discard the unsaved changes of ``name``, or cancel.
        (Offering Save here made "Revert" keep nothing of what the writer chose.)"""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Revert")
        box.setText(f"Discard the unsaved changes to “{name}” and reload the file?")
        box.setInformativeText("Undo (Ctrl+Z) brings them back while the tab stays open.")
        discard = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is discard


class ConflictDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, name: str) -> str:
        """The file changed on disk since it was opened: compare, overwrite, reload or cancel."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("File changed on disk")
        box.setText(f"“{name}” was changed by another program since you opened it.")
        box.setInformativeText("Compare the two versions, overwrite the file with yours, or reload it.")
        compare = box.addButton("Compare…", QMessageBox.ButtonRole.ActionRole)
        overwrite = box.addButton("Overwrite", QMessageBox.ButtonRole.DestructiveRole)
        reload = box.addButton("Reload from disk", QMessageBox.ButtonRole.ResetRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return {id(compare): "compare", id(overwrite): "overwrite", id(reload): "reload"}.get(id(clicked), "cancel")


class DiffDialog:
    @classmethod
    def show_diff(cls, parent: QWidget | None, title: str, disk: str, mine: str) -> None:
        """A unified diff of the file on disk against the editor's version."""
        dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        text = QPlainTextEdit(objectName="diffText")
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        diff = difflib.unified_diff(
            disk.splitlines(), mine.splitlines(), "on disk", "in the editor", lineterm=""
        )
        text.setPlainText("\n".join(diff) or "The two versions are identical.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(900, 600)
        dialog.exec()


class NewArticleDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, subjects: Sequence[str], subject: str | None = None) -> tuple[str, str] | None:
        """(subject folder, title) for a new article, or None."""
        dialog = QDialog(parent)
        dialog.setWindowTitle("New article")
        folder = QComboBox(objectName="newArticleFolder")
        folder.setEditable(True)
        folder.addItems(list(subjects))
        if subject:
            folder.setCurrentText(subject)
        title = QLineEdit(objectName="newArticleTitle")
        title.setPlaceholderText("What is …?")
        slug = QLabel()
        slug.setEnabled(False)
        title.textChanged.connect(lambda text: slug.setText((slugify(text) or "…") + ".md"))
        form = QFormLayout()
        form.addRow("Subject folder", folder)
        form.addRow("Title", title)
        form.addRow("File name", slug)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addLayout(form)
        layout.addWidget(buttons)
        dialog.resize(520, dialog.sizeHint().height())
        if dialog.exec() != QDialog.DialogCode.Accepted or not slugify(title.text()) or not folder.currentText():
            return None
        return folder.currentText().strip(), title.text().strip()


class RenameDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, current: str, suggested: str) -> str | None:
        """A new file stem (the slug), prefilled with the one the title gives."""
        dialog = QDialog(parent)
        dialog.setWindowTitle("Rename article")
        edit = QLineEdit(suggested, objectName="renameStem")
        form = QFormLayout()
        form.addRow("Current file", QLabel(current + ".md"))
        form.addRow("New file name", edit)
        note = QLabel("The file, its file_name and its url change together.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        dialog.resize(520, dialog.sizeHint().height())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        stem = edit.text().strip().removesuffix(".md")
        return stem if stem and stem != current else None


class ConfirmDeleteDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, name: str, linked_from: Sequence[str]) -> bool:
        """Move to trash? Lists the articles whose related links point at this one."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Delete article")
        box.setText(f"Move “{name}” to the trash?")
        if linked_from:
            box.setInformativeText(
                f"{len(linked_from)} article(s) link to it; their related links will break."
            )
            box.setDetailedText("\n".join(linked_from))
        else:
            box.setInformativeText("No other article links to it.")
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Move to Trash")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes
