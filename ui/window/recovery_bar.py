"""The recovery bar: on start, offers to restore each unsaved buffer a crashed session left behind.

It is a bar across the top of the window, never a blocking dialog: the writer can keep working
and decide later. Each pending journal entry gets a row with Restore and Discard (and Compare
when the file changed on disk since the entry was made). Restoring over a changed file first
shows the difference, so nothing is restored blindly; a restored buffer opens as an unsaved tab
whose save still refuses to overwrite the newer disk version without asking.
"""
from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any, Callable, Sequence

import qtawesome as qta
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from editor.session import recovery
from editor.article.article import Article, ArticleError
from editor.article.atomic import write_atomic
from editor.session.recovery import Entry

OpenArticle = Callable[[Path, Article], Any]


def unified_diff(disk: str, mine: str) -> str:
    lines = difflib.unified_diff(disk.splitlines(), mine.splitlines(), "on disk now", "recovered", lineterm="")
    return "\n".join(lines) or "The two versions are identical."


class RestoreDiffDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, name: str, disk: str, mine: str) -> str:
        """The file changed since the entry was made: "restore", "discard" or "cancel", after a diff."""
        dialog = QDialog(parent)
        dialog.setObjectName("restoreDiffDialog")
        dialog.setWindowTitle(f"Recovered changes to {name}")
        note = QLabel(
            f"“{name}” changed on disk after these unsaved changes were made. Restoring opens them "
            "as an unsaved buffer; saving it then asks before overwriting the newer file."
        )
        note.setWordWrap(True)
        text = QPlainTextEdit(objectName="diffText")
        text.setReadOnly(True)
        text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        text.setPlainText(unified_diff(disk, mine))
        buttons = QDialogButtonBox()
        restore = buttons.addButton("Restore mine", QDialogButtonBox.ButtonRole.AcceptRole)
        discard = buttons.addButton("Discard mine", QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        choice = {"value": "cancel"}
        restore.clicked.connect(lambda: (choice.update(value="restore"), dialog.accept()))
        discard.clicked.connect(lambda: (choice.update(value="discard"), dialog.accept()))
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(note)
        layout.addWidget(text, 1)
        layout.addWidget(buttons)
        dialog.resize(900, 600)
        dialog.exec()
        return choice["value"]


class RecoveryBar(QFrame):
    """One row per pending entry; hides itself once every entry was restored or discarded."""

    restored = Signal(str)
    discarded = Signal(str)
    finished = Signal()

    def __init__(self, entries: Sequence[Entry], open_article: OpenArticle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.open_article = open_article
        self._rows: dict[Path, QFrame] = {}
        self._entries: dict[Path, Entry] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setSpacing(2)
        for entry in entries:
            self._add_row(entry)
        if not entries:
            self.hide()  # (never show() here: a parentless widget would pop up as its own window)

    @property
    def entries(self) -> list[Entry]:
        return list(self._entries.values())

    def row(self, path: Path) -> QFrame | None:
        return self._rows.get(Path(path))

    def _add_row(self, entry: Entry) -> None:
        row = QFrame(objectName=f"recoveryRow:{entry.path.name}")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        icon = QLabel()
        icon.setPixmap(qta.icon("fa5s.life-ring", color="#2f7ed8").pixmap(16, 16))
        when = datetime.datetime.fromtimestamp(entry.saved_at).strftime("%Y-%m-%d %H:%M")
        text = f"Unsaved changes to “{entry.path.name}” from {when} were recovered after the editor closed unexpectedly."
        if entry.disk_missing:
            text += " The file is no longer on disk; restoring and saving recreates it."
        elif entry.disk_changed:
            text += " The file changed on disk since then."
        label = QLabel(text, objectName="recoveryText")
        label.setWordWrap(True)
        line.addWidget(icon)
        line.addWidget(label, 1)
        buttons: list[tuple[str, str, Callable[[], object]]] = []
        if entry.disk_changed and not entry.disk_missing:
            buttons.append(("Compare…", "recoveryCompare", lambda e=entry: self.compare(e)))
        buttons.append(("Restore", "recoveryRestore", lambda e=entry: self.restore(e)))
        buttons.append(("Discard", "recoveryDiscard", lambda e=entry: self.discard(e)))
        for label_text, name, callback in buttons:
            button = QPushButton(label_text, objectName=name)
            button.clicked.connect(lambda _checked=False, cb=callback: cb())
            line.addWidget(button)
        self._layout.addWidget(row)
        self._rows[entry.path] = row
        self._entries[entry.path] = entry

    def _remove_row(self, entry: Entry) -> None:
        row = self._rows.pop(entry.path, None)
        self._entries.pop(entry.path, None)
        if row is not None:
            row.hide()
            row.deleteLater()
        if not self._rows:
            self.hide()
            self.finished.emit()

    def _message(self, entry: Entry, text: str) -> None:
        row = self._rows.get(entry.path)
        label = row.findChild(QLabel, "recoveryText") if row is not None else None
        if label is not None:
            label.setText(text)

    # -- actions -------------------------------------------------------------------------------
    def compare(self, entry: Entry) -> str:
        """Show the diff between the disk and the recovered bytes; restore or discard from there."""
        disk = (entry.disk_bytes() or b"").decode("utf-8-sig", errors="replace")
        choice = RestoreDiffDialog.ask(self.window(), entry.path.name, disk, entry.text)
        if choice == "restore":
            self._restore(entry)
        elif choice == "discard":
            self.discard(entry)
        return choice

    def restore(self, entry: Entry) -> None:
        """Open the recovered buffer; over a changed file, only after the diff was seen."""
        if entry.disk_changed and not entry.disk_missing:
            self.compare(entry)
            return
        self._restore(entry)

    def _restore(self, entry: Entry) -> None:
        try:
            article = recovery.restore_article(entry)
        except ArticleError as exc:
            copy = self._save_copy(entry)
            self._message(entry, f"The recovered text of “{entry.path.name}” does not read as an article "
                                 f"({exc.message}); it was saved unchanged as {copy}.")
            return
        try:
            self.open_article(entry.path, article)
        except Exception as exc:  # noqa: BLE001 - the entry stays, so nothing is lost
            self._message(entry, f"Could not open the recovered “{entry.path.name}”: {exc}. It stays recoverable.")
            return
        # The opened buffer journals itself under this session; the old entries can go.
        for stale in recovery.current().stale_duplicates(entry):
            stale.discard()
        entry.discard()
        self.restored.emit(str(entry.path))
        self._remove_row(entry)

    def _save_copy(self, entry: Entry) -> Path:
        stamp = datetime.datetime.fromtimestamp(entry.saved_at).strftime("%Y%m%d-%H%M%S")
        copy = entry.path.with_name(f"{entry.path.name}.recovered-{stamp}")
        write_atomic(copy, entry.data)
        entry.discard()
        return copy

    def discard(self, entry: Entry) -> None:
        for stale in recovery.current().stale_duplicates(entry):
            stale.discard()
        entry.discard()
        self.discarded.emit(str(entry.path))
        self._remove_row(entry)


def install(window: QMainWindow, folder: Path, open_article: OpenArticle) -> RecoveryBar | None:
    """Look for crashed sessions' entries under ``folder``; show the bar at the top if there are any."""
    old = window.findChild(QToolBar, "recoveryToolBar")
    if old is not None:
        window.removeToolBar(old)
        old.deleteLater()
    try:
        entries = recovery.pending(folder)
    except OSError:
        return None
    if not entries:
        return None
    bar = RecoveryBar(entries, open_article)
    holder = QToolBar("Recovered changes", window, objectName="recoveryToolBar")
    holder.setMovable(False)
    holder.setFloatable(False)
    holder.addWidget(bar)
    bar.show()  # parented now, so this shows it inside the toolbar, not as a window of its own
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, holder)
    bar.finished.connect(holder.hide)
    return bar
