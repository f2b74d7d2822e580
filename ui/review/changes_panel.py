"""The ``changesPanel`` dock: every changed article by title, with stage, unstage and commit.

It follows ``GitState``: each new status is turned into rows (titles from the index) off the
GUI thread. Staging, unstaging and committing run git in the background too, then ask the git
state to read the status again. Commits are plain ``git commit``: the user's identity, hooks
and signing apply, and what a hook prints when it refuses is shown. Nothing here pushes or
pulls; the panel notices when the user does it in a terminal (the git state's fingerprint).
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor.git import staging
from editor.git.repository import Repository
from editor.git.status import Status
from ui.common.background import BackgroundOp
from ui.common.message_bar import MessageBar
from ui.review.changes_model import ChangeRow, ChangesModel, change_rows
from ui.review.discard import DiscardDialog, discard_journaled, forget, restore
from ui.review.git_state import GitState


class ChangesPanel(QWidget):
    """The changed articles of the project's work tree."""

    reviewRequested = Signal(str)  # path relative to the project folder
    openRequested = Signal(str)

    def __init__(self, git_state: GitState, project: Callable[[], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesPanel")
        self.git_state = git_state
        self._project = project
        self.model = ChangesModel()
        self.summary = QLabel("Not a git work tree", objectName="changesSummary")
        self.summary.setWordWrap(True)
        self.message = MessageBar(self)
        self.view = QTableView(objectName="changesList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.view.setMinimumHeight(self.fontMetrics().height() * 3)
        self.view.doubleClicked.connect(self._review_index)
        self.view.selectionModel().selectionChanged.connect(self._update_buttons)

        self.review_button = QPushButton("Review", objectName="reviewButton")
        self.stage_button = QPushButton("Stage", objectName="stageButton")
        self.unstage_button = QPushButton("Unstage", objectName="unstageButton")
        self.discard_button = QPushButton("Discard…", objectName="discardButton")
        self.discard_button.setToolTip("Throw away the selected articles' unstaged changes (asks first; can be undone)")
        self.discard_button.clicked.connect(self.discard)
        self._discarded: list[Any] = []  # what the last discard threw away, until undone or closed
        self.review_button.setToolTip("Review the selected article's changes, field by field and rendered (Enter)")
        self.stage_button.setToolTip("Stage the selected articles for the next commit")
        self.unstage_button.setToolTip("Take the selected articles out of the next commit; their edits stay")
        self.review_button.clicked.connect(self._review_current)
        self.stage_button.clicked.connect(lambda: self._run_on_selection(staging.stage, "Staged"))
        self.unstage_button.clicked.connect(lambda: self._run_on_selection(staging.unstage, "Unstaged"))
        buttons = QHBoxLayout()
        for button in (self.review_button, self.stage_button, self.unstage_button, self.discard_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.commit_message = QPlainTextEdit(objectName="commitMessage")
        self.commit_message.setPlaceholderText("Commit message (Ctrl+Enter commits the staged changes)")
        # Two lines when the dock is short, up to four: the dock must not push the editor aside.
        self.commit_message.setMinimumHeight(self.fontMetrics().height() * 2 + 12)
        self.commit_message.setMaximumHeight(self.fontMetrics().height() * 4 + 12)
        self.commit_message.textChanged.connect(self._update_buttons)
        self.commit_button = QPushButton("Commit", objectName="commitButton")
        self.commit_button.clicked.connect(self.commit)
        QShortcut(QKeySequence("Ctrl+Return"), self.commit_message, activated=self.commit)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.view, activated=self._review_current,
                  context=Qt.ShortcutContext.WidgetShortcut)
        commit_row = QHBoxLayout()
        commit_row.addWidget(self.commit_message, 1)
        commit_row.addWidget(self.commit_button, 0, Qt.AlignmentFlag.AlignBottom)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addLayout(commit_row)
        git_state.changed.connect(self.show_status)
        git_state.unavailable.connect(self._unavailable)
        self._update_buttons()

    # -- status ----------------------------------------------------------------------------------
    def show_status(self, status: Status) -> None:
        """Rebuild the rows for a new status (titles looked up in the background)."""
        BackgroundOp(change_rows, status, self._project()).success(lambda rows: self._show_rows(status, rows)).run(
            key=f"changes:rows:{id(self)}", owner=self)

    def _show_rows(self, status: Status, rows: list[ChangeRow]) -> None:
        selected = set(self.selected_paths())
        self.model.set_rows(rows)
        selection = self.view.selectionModel()
        for number, row in enumerate(rows):
            if row.path in selected:
                selection.select(self.model.index(number, 0), QItemSelectionModel.SelectionFlag.Select
                                 | QItemSelectionModel.SelectionFlag.Rows)
        staged = sum(row.staged for row in rows)
        branch = status.branch.head or "detached HEAD"
        if status.branch.ahead or status.branch.behind:
            branch += f" (ahead {status.branch.ahead or 0}, behind {status.branch.behind or 0})"
        self.summary.setText(f"{branch} · {len(rows)} changed article{'s' if len(rows) != 1 else ''}"
                             f" · {staged} staged" if rows else f"{branch} · no changes")
        self._update_buttons()

    def _unavailable(self, message: str) -> None:
        self.model.set_rows([])
        self.summary.setText(message)
        self._update_buttons()

    # -- selection -------------------------------------------------------------------------------
    def selected_rows(self) -> list[ChangeRow]:
        rows = (self.model.row_at(index) for index in self.view.selectionModel().selectedRows())
        return sorted((row for row in rows if row is not None), key=lambda row: row.path)

    def selected_paths(self) -> list[str]:
        return [row.path for row in self.selected_rows()]

    def select_path(self, path: str) -> None:
        for number, row in enumerate(self.model.rows):
            if row.path == path:
                self.view.selectRow(number)
                return

    def _update_buttons(self, *_args: object) -> None:
        rows = self.selected_rows()
        busy = not self.git_state.available
        self.review_button.setEnabled(len(rows) == 1)
        self.stage_button.setEnabled(not busy and any(row.unstaged for row in rows))
        self.unstage_button.setEnabled(not busy and any(row.staged for row in rows))
        self.discard_button.setEnabled(not busy and any(row.unstaged and row.kind != "conflicted" for row in rows))
        staged = sum(row.staged for row in self.model.rows)
        self.commit_button.setText(f"Commit {staged} staged" if staged else "Commit")
        self.commit_button.setEnabled(not busy and staged > 0 and bool(self.commit_message.toPlainText().strip()))

    def _review_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if row is not None:
            self.reviewRequested.emit(row.path)

    def _review_current(self) -> None:
        rows = self.selected_rows()
        if rows:
            self.reviewRequested.emit(rows[0].path)

    # -- git work --------------------------------------------------------------------------------
    def _repo_paths(self, rows: list[ChangeRow]) -> list[str]:
        repo = self.git_state.repository
        prefix = repo.prefix if repo is not None else ""
        paths = [prefix + row.path for row in rows]
        # A staged rename moves back only with its source.
        paths += [row.orig_path for row in rows if row.orig_path]
        return paths

    def _run_on_selection(self, work: Callable[[Repository, list[str]], object], done: str) -> None:
        repo, rows = self.git_state.repository, self.selected_rows()
        if repo is None or not rows:
            return
        paths = self._repo_paths(rows)
        BackgroundOp(work, repo, paths).success(
            lambda _result: self._after(f"{done} {len(rows)} article{'s' if len(rows) != 1 else ''}")
        ).failure(self._git_failed).run(owner=self)

    def discard(self) -> None:
        """Throw away the selected articles' unstaged changes, after asking; "Undo discard" brings
        them back (their bytes are in the recovery journal meanwhile)."""
        repo = self.git_state.repository
        rows = [row for row in self.selected_rows() if row.unstaged and row.kind != "conflicted"]
        if repo is None or not rows or not DiscardDialog.ask(self, [row.title for row in rows]):
            return
        paths = [repo.prefix + row.path for row in rows]
        BackgroundOp(discard_journaled, repo, paths).success(self._was_discarded).failure(self._git_failed).run(owner=self)

    def _was_discarded(self, discarded: list[Any]) -> None:
        self._forget_discarded()
        self._discarded = discarded
        count = len(discarded)
        self.message.show_message("warning", f"Discarded the changes to {count} article{'s' if count != 1 else ''}",
                                  [("Undo discard", self.undo_discard)])
        self.git_state.refresh()

    def undo_discard(self) -> None:
        repo, discarded = self.git_state.repository, self._discarded
        if repo is None or not discarded:
            return
        self._discarded = []
        BackgroundOp(restore, repo, discarded).success(
            lambda written: self._after(f"Restored {len(written)} article{'s' if len(written) != 1 else ''}")
        ).failure(self._git_failed).run(owner=self)

    def _forget_discarded(self) -> None:
        repo = self.git_state.repository
        if repo is not None and self._discarded:
            forget(repo, self._discarded)
        self._discarded = []

    def close_session(self) -> None:
        """The window closes: what a discard threw away is no longer kept."""
        self._forget_discarded()

    def commit(self) -> None:
        """Commit what is staged with the message typed (git's hooks and identity apply)."""
        repo = self.git_state.repository
        message = self.commit_message.toPlainText()
        if repo is None or not self.commit_button.isEnabled():
            return
        self.commit_button.setEnabled(False)
        BackgroundOp(staging.commit, repo, message).success(self._committed).failure(self._git_failed).run(owner=self)

    def _committed(self, oid: str) -> None:
        self.commit_message.clear()
        self._after(f"Committed {oid[:10]}")

    def _after(self, text: str) -> None:
        self.message.show_message("info", text)
        self.git_state.refresh()

    def _git_failed(self, error: BaseException) -> None:
        self.message.show_message("error", str(error))
        self._update_buttons()
