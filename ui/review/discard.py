"""Discarding changes from the Changes panel, so that a discard can be undone.

``git checkout`` throws the edits away for good. Before it runs, nothing is kept; so the discard
asks first (``DiscardDialog.ask``, stubbable), git returns the bytes each file had
(``editor.git.staging.discard``), and those go to the recovery journal as discarded text, the
journal Revert uses: a crash right after a discard still has them, and "Undo discard" writes them
back. The entries are forgotten when the discard is undone or the panel closes.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from editor.article.atomic import write_atomic
from editor.git.repository import Repository
from editor.git.staging import Discarded, discard
from editor.session.recovery import current as current_journal


class DiscardDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, names: Sequence[str]) -> bool:
        """Discard the unstaged changes of the articles called ``names``, or cancel."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Discard changes")
        what = f"“{names[0]}”" if len(names) == 1 else f"{len(names)} articles"
        box.setText(f"Discard the changes to {what} that are not staged?")
        box.setInformativeText("Each file gets its staged (or last committed) version back. "
                               "“Undo discard” brings the changes back while the window stays open.")
        if len(names) > 1:
            box.setDetailedText("\n".join(names))
        button = box.addButton("Discard changes", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is button


def discard_journaled(repo: Repository, paths: list[str]) -> list[Discarded]:
    """Discard the unstaged changes of ``paths`` (repository-relative) and journal what they were."""
    discarded = discard(repo, paths)
    journal = current_journal()
    for item in discarded:
        if item.before is not None and item.before != item.after:
            after = hashlib.sha256(item.after).hexdigest() if item.after is not None else None
            journal.record(repo.file(item.path), item.before, after, discarded=True)
    return discarded


def restore(repo: Repository, discarded: list[Discarded]) -> list[Path]:
    """Write back what a discard threw away; returns the files written."""
    written = []
    for item in discarded:
        if item.before is not None and item.before != item.after:
            target = repo.file(item.path)
            write_atomic(target, item.before)
            written.append(target)
    forget(repo, discarded)
    return written


def forget(repo: Repository, discarded: list[Discarded]) -> None:
    journal = current_journal()
    for item in discarded:
        journal.forget(repo.file(item.path), discarded=True)
