"""Keeps one article's recovery journal entry current while its buffer has unsaved edits.

Attached to an ``ArticleController``: each change restarts a short idle timer, so the entry is
written about a second after the last keystroke; a second timer that is *not* restarted caps the
wait, so continuous typing is still journalled every few seconds. Widgets hold back their latest
keystrokes until a pause (re-encoding a long answer per key would be slow), so before each write
the journal asks them to flush through ``aboutToSave`` - the controller's "pending edits flush
into the model here" signal - and if that brought new text, typing is going on: the cap timer
is started again, so the next write follows within a few seconds even without a pause. Saving, reloading or undoing
back to the saved text deletes the entry, and so does an explicit discard. A Revert's discarded
buffer (``bufferDiscarded``) gets an entry of its own, kept until the tab closes (``close``), so
the text stays recoverable for as long as Undo can bring it back. A failure to journal is
reported once through ``failed`` and never interrupts editing.
"""
from __future__ import annotations

import hashlib
import logging

from PySide6.QtCore import QObject, QTimer, Signal

from editor.session.recovery import Journal, current

log = logging.getLogger(__name__)

IDLE_MS = 600  # after the model changed; the answer pane's own 400 ms pause comes first: ~1 s in all
MAX_WAIT_MS = 4000  # during continuous typing; "at least every five seconds", with margin for jitter


class ArticleJournal(QObject):
    """The journal writer of one controller (a child of it, so it lives and dies with the tab)."""

    written = Signal()
    failed = Signal(str)

    def __init__(self, controller: QObject, journal: Journal | None = None) -> None:
        super().__init__(controller)
        self.setObjectName("articleJournal")
        self.controller = controller
        self.journal = journal or current()
        self._last_digest: bytes | None = None
        self._entry_path = None  # where the last entry was written; Save As changes controller.path
        self._discarded_paths: set = set()  # where a reverted buffer's entry was written
        self._failed_once = False
        self._flushing = False
        self._flush_brought_text = False
        self._idle = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._cap = QTimer(self, singleShot=True, interval=MAX_WAIT_MS)
        self._idle.timeout.connect(self.write_now)
        self._cap.timeout.connect(self.write_now)
        controller.changed.connect(self._on_changed)
        controller.modifiedChanged.connect(self._on_modified_changed)
        controller.saved.connect(self.discard)
        discarded = getattr(controller, "bufferDiscarded", None)
        if discarded is not None:
            discarded.connect(self.keep_discarded)
        if getattr(controller, "is_modified", False):
            self._schedule()

    @property
    def pending_write(self) -> bool:
        return self._idle.isActive() or self._cap.isActive()

    def _on_changed(self, _key: str) -> None:
        if self._flushing:
            self._flush_brought_text = True
            return
        if self.controller.is_modified:
            self._schedule()

    def _on_modified_changed(self, modified: bool) -> None:
        if modified:
            self._schedule()
        else:
            self.discard()  # saved, reloaded, or undone back to the file's bytes

    def _schedule(self) -> None:
        self._idle.start()
        if not self._cap.isActive():
            self._cap.start()

    def write_now(self) -> None:
        """Journal the buffer's would-be bytes now (also used before risky operations)."""
        self._idle.stop()
        self._cap.stop()
        self._flushing, self._flush_brought_text = True, False
        try:
            self.controller.aboutToSave.emit()
        finally:
            self._flushing = False
        if self._flush_brought_text:
            self._cap.start()  # keystrokes were still held back: typing goes on
        article = self.controller.article
        path = self.controller.path
        if path is None or not article.is_modified:
            return
        try:
            data = article.dumps()
        except Exception as exc:  # a serialisation bug must not cost the writer their session
            log.exception("could not serialise %s for the journal", path)
            self._report(f"Could not back up unsaved changes of {path.name}: {exc}")
            return
        digest = hashlib.sha256(data).digest()
        if digest == self._last_digest:
            return
        try:
            self.journal.record(path, data, getattr(article, "disk_hash", None))
        except OSError as exc:
            self._report(f"Could not back up unsaved changes of {path.name}: {exc}")
            return
        if self._entry_path is not None and self._entry_path != path:
            self.journal.forget(self._entry_path)
        self._entry_path = path
        self._last_digest = digest
        self._failed_once = False
        self.written.emit()

    def discard(self) -> None:
        """The buffer was saved or thrown away: drop its entry and any scheduled write."""
        self._idle.stop()
        self._cap.stop()
        self._last_digest = None
        for path in {self._entry_path, self.controller.path} - {None}:
            try:
                self.journal.forget(path)
            except OSError:
                log.warning("could not delete the journal entry of %s", path)
        self._entry_path = None

    def keep_discarded(self, data: bytes) -> None:
        """Journal the buffer a revert threw away, beside (not instead of) the unsaved-buffer entry."""
        path = self.controller.path
        if path is None:
            return
        try:
            self.journal.record(path, data, getattr(self.controller.article, "disk_hash", None), discarded=True)
        except OSError as exc:
            self._report(f"Could not keep the reverted changes of {path.name}: {exc}")
            return
        self._discarded_paths.add(path)

    def close(self) -> None:
        """The tab closes: nothing can bring a discarded or unsaved buffer back any more."""
        self.discard()
        for path in self._discarded_paths:
            try:
                self.journal.forget(path, discarded=True)
            except OSError:
                log.warning("could not delete the reverted-changes entry of %s", path)
        self._discarded_paths.clear()

    def _report(self, message: str) -> None:
        if not self._failed_once:
            self._failed_once = True
            self.failed.emit(message)


def attach(controller: QObject, journal: Journal | None = None) -> ArticleJournal:
    """Give ``controller`` a journal writer, once (a second call returns the first)."""
    existing = controller.findChild(ArticleJournal, "articleJournal")
    return existing if existing is not None else ArticleJournal(controller, journal)
