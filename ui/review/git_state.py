"""The git state of the open project: its repository and status, kept current off the GUI thread.

``GitState`` finds the work tree that holds the project folder, then reads ``git status`` in the
background and emits ``changed(status)`` with paths relative to the project folder. It reads
again when told (after a save, a stage, a commit: ``refresh``), when git's own files change
(``editor.git.watch.fingerprint``, polled every second: a dozen ``stat`` calls, well under a
millisecond, so a commit, checkout or pull made in a terminal shows within a second), and every
``SLOW_POLL_MS`` for edits other programs make to the work tree.

A folder outside git, or a machine without git, emits ``unavailable(message)`` once and the
review features stay hidden; the rest of the window works as before.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor.git.repository import GitError, Repository, find_repository
from editor.git.status import Status, read_status
from editor.git.watch import Fingerprint, fingerprint
from ui.common.background import BackgroundOp

FINGERPRINT_POLL_MS = 1000
SLOW_POLL_MS = 15000
REFRESH_DEBOUNCE_MS = 150


def _project_status(repo: Repository) -> Status:
    return read_status(repo).under(repo.prefix)


class GitState(QObject):
    """The repository of a project folder and its latest status."""

    found = Signal(object)  # Repository
    changed = Signal(object)  # Status, paths relative to the project folder
    unavailable = Signal(str)  # why there is no git review for this folder

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gitState")
        self.repository: Repository | None = None
        self.status: Status | None = None
        self.message = ""
        self._folder: Path | None = None
        self._fingerprint: Fingerprint | None = None
        self._reading = False
        self._again = False
        self._debounce = QTimer(self, singleShot=True, interval=REFRESH_DEBOUNCE_MS, timeout=self._read)
        self._poll = QTimer(self, interval=FINGERPRINT_POLL_MS, timeout=self._check_fingerprint)
        self._slow = QTimer(self, interval=SLOW_POLL_MS, timeout=self.refresh)

    # -- the folder ------------------------------------------------------------------------------
    def open(self, folder: str | Path) -> None:
        """Look for the work tree of ``folder`` (in the background) and start following it."""
        self.close()
        self._folder = Path(folder)
        BackgroundOp(find_repository, self._folder).success(self._found).failure(self._failed).run(
            key=f"git:find:{id(self)}", owner=self)

    def close(self) -> None:
        for timer in (self._debounce, self._poll, self._slow):
            timer.stop()
        self.repository = self.status = self._fingerprint = None
        self._folder = None

    @property
    def available(self) -> bool:
        return self.repository is not None

    def _found(self, repo: Repository | None) -> None:
        if repo is None:
            self._failed(GitError(f"{self._folder}: not a repository (the folder is not inside a git work tree)"))
            return
        self.repository = repo
        self._fingerprint = fingerprint(repo)
        self.found.emit(repo)
        self._poll.start()
        self._slow.start()
        self._read()

    def _failed(self, error: BaseException) -> None:
        self.message = str(error)
        self.unavailable.emit(self.message)

    # -- reading the status ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the status again soon (several calls in a row read it once)."""
        if self.repository is not None:
            self._debounce.start()

    def _check_fingerprint(self) -> None:
        if self.repository is None:
            return
        now = fingerprint(self.repository)
        if now != self._fingerprint:
            self._fingerprint = now
            self.refresh()

    def _read(self) -> None:
        if self.repository is None:
            return
        if self._reading:  # one read at a time; the latest request runs after it
            self._again = True
            return
        self._reading = True
        BackgroundOp(_project_status, self.repository).success(self._status_read).failure(
            self._read_failed).run(key=f"git:status:{id(self)}", owner=self)

    def _status_read(self, status: Status) -> None:
        self._done_reading()
        self.status = status
        self.changed.emit(status)

    def _read_failed(self, error: BaseException) -> None:
        self._done_reading()
        self.message = f"git status failed: {error}"
        self.unavailable.emit(self.message)

    def _done_reading(self) -> None:
        self._reading = False
        if self._again:
            self._again = False
            self._read()
