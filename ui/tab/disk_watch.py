"""Notices when an open article's file changes, vanishes or is renamed by another program.

A ``QFileSystemWatcher`` watches the file and its folder (git checkouts and atomic saves replace
files, which drops a watch on the file itself, so the folder is watched too and the file watch is
renewed). Events are coalesced for a moment, then the disk bytes are compared with the hash the
buffer was loaded from:

- same hash: nothing happened that matters (our own save, a touch);
- a clean buffer reloads silently;
- a modified buffer gets a bar "Changed on disk" with Compare / Reload / Keep mine;
- a missing file keeps the buffer, marks it (``missing``, ``missingChanged``) and offers to
  recreate the file on save; a file with the same bytes elsewhere in the folder is offered as
  the rename target.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from editor.article.article import ArticleError
from editor.article.disk import read_regular
from editor.session.recovery import file_hash
from ui.common.dialogs import DiffDialog
from ui.common.message_bar import MessageBar

log = logging.getLogger(__name__)

SETTLE_MS = 150  # a git checkout rewrites a file in several steps; look once it has settled
_RENAME_SCAN_LIMIT = 5000  # files examined in the folder when looking for where a file went


class DiskWatch(QObject):
    """Watches one controller's file and drives its "diskBar"."""

    missingChanged = Signal(bool)
    reloaded = Signal()

    def __init__(self, controller: QObject, bar: MessageBar, parent: QObject | None = None) -> None:
        super().__init__(parent or controller)
        self.setObjectName("diskWatch")
        self.controller = controller
        self.bar = bar
        self.missing = False
        self.renamed_to: Path | None = None
        self.kept_hash: str | None = None  # disk version the writer chose to overwrite ("Keep mine")
        self._watcher = QFileSystemWatcher(self)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(self.check)
        self._watcher.fileChanged.connect(lambda _p: self._settle.start())
        self._watcher.directoryChanged.connect(lambda _p: self._settle.start())
        controller.saved.connect(self._after_save)
        self._watch()

    # -- watching ------------------------------------------------------------------------------
    def _watch(self) -> None:
        path = self.controller.path
        if path is None:
            return
        wanted = [str(path), str(Path(path).parent)]
        present = set(self._watcher.files()) | set(self._watcher.directories())
        for item in wanted:
            if item not in present and os.path.exists(item):
                self._watcher.addPath(item)

    def _after_save(self) -> None:
        # A save may have (re)created the file or moved it (Save As): watch the new file.
        self._set_missing(False)
        self.renamed_to = None
        self.kept_hash = None
        for item in self._watcher.files() + self._watcher.directories():
            self._watcher.removePath(item)
        self._watch()
        if self.bar.property("diskState"):
            self._dismiss()

    # -- reacting ------------------------------------------------------------------------------
    def check(self) -> None:
        """Compare the disk with the buffer's baseline and react (also callable directly)."""
        path = self.controller.path
        if path is None:
            return
        self._watch()
        article = self.controller.article
        current = file_hash(Path(path))
        if current is None:
            if not Path(path).exists():
                self._on_missing(Path(path))
            return
        if self.missing:
            self._set_missing(False)
            self._dismiss()
        if current == article.disk_hash or current == self.kept_hash:
            return
        if not self.controller.is_modified:
            self._reload_silently(Path(path))
            return
        self._show(
            "changed",
            "warning",
            f"“{Path(path).name}” changed on disk.",
            [("Compare", self.compare), ("Reload", self.reload), ("Keep mine", self.keep_mine)],
        )

    def _reload_silently(self, path: Path) -> None:
        try:
            self.controller.reload()
        except (ArticleError, OSError) as exc:
            # The new version does not read; the clean buffer stays so nothing is lost.
            self._show("unreadable", "error", f"“{path.name}” changed on disk and cannot be read: {exc}", [])
            return
        self.reloaded.emit()

    def _on_missing(self, path: Path) -> None:
        if self.missing:
            return
        self._set_missing(True)
        self.renamed_to = self._find_renamed(path)
        if self.renamed_to is not None:
            self._show(
                "missing",
                "warning",
                f"“{path.name}” was renamed on disk to “{self.renamed_to.name}”. Your text is kept.",
                [("Follow rename", self.follow_rename), ("Recreate", self.recreate)],
            )
        else:
            self._show(
                "missing",
                "warning",
                f"“{path.name}” was deleted or moved on disk. Your text is kept; saving recreates the file.",
                [("Recreate", self.recreate)],
            )

    def _find_renamed(self, path: Path) -> Path | None:
        """A file in the same folder holding exactly the bytes the buffer was loaded from."""
        size = len(self.controller.article.original_bytes)
        wanted = self.controller.article.disk_hash
        try:
            with os.scandir(path.parent) as entries:
                for n, entry in enumerate(entries):
                    if n >= _RENAME_SCAN_LIMIT:
                        break
                    if not entry.name.endswith(".md") or entry.path == str(path):
                        continue
                    try:
                        if entry.stat().st_size != size:
                            continue
                    except OSError:
                        continue
                    if file_hash(Path(entry.path)) == wanted:
                        return Path(entry.path)
        except OSError:
            return None
        return None

    def _set_missing(self, missing: bool) -> None:
        if missing != self.missing:
            self.missing = missing
            self.controller.setProperty("missingOnDisk", missing)
            self.missingChanged.emit(missing)

    def _show(self, state: str, level: str, text: str, actions: list[tuple[str, Callable[[], object]]]) -> None:
        self.bar.setProperty("diskState", state)
        self.bar.show_message(level, text, actions)

    def _dismiss(self) -> None:
        self.bar.setProperty("diskState", "")
        self.bar.dismiss()

    # -- the bar's actions ---------------------------------------------------------------------
    def compare(self) -> None:
        path = self.controller.path
        try:
            disk = read_regular(path).decode("utf-8", errors="replace")
        except ArticleError:
            disk = ""
        mine = self.controller.article.dumps().decode("utf-8", errors="replace")
        DiffDialog.show_diff(self.bar.window(), f"{Path(path).name}: disk and editor", disk, mine)

    def reload(self) -> None:
        try:
            self.controller.reload()
        except (ArticleError, OSError) as exc:
            self._show("unreadable", "error", f"Could not reload: {exc}. Your version is kept.", [])
            return
        self._dismiss()
        self.reloaded.emit()

    def keep_mine(self) -> None:
        """Keep the buffer; saving it will overwrite exactly this disk version without asking."""
        self.kept_hash = file_hash(Path(self.controller.path))
        self._dismiss()

    def overwrite_allowed(self) -> bool:
        """True when the writer chose "Keep mine" for the version that is on disk now."""
        path = self.controller.path
        return self.kept_hash is not None and path is not None and file_hash(Path(path)) == self.kept_hash

    def recreate(self) -> None:
        """Write the buffer back to its path (the file was deleted or moved away)."""
        try:
            self.controller.save(force=True)
        except (ArticleError, OSError) as exc:
            self._show("missing", "error", f"Could not recreate “{Path(self.controller.path).name}”: {exc}",
                       [("Recreate", self.recreate)])

    def follow_rename(self) -> None:
        """Point the buffer at the file's new name; unsaved edits stay unsaved."""
        if self.renamed_to is None:
            return
        self.controller.article.path = self.renamed_to
        self.renamed_to = None
        self._set_missing(False)
        self._dismiss()
        self._watch()


def attach(tab: QWidget) -> DiskWatch:
    """Give an article tab its disk watch and a "diskBar" under the tab's message bar (once)."""
    existing = tab.findChild(DiskWatch, "diskWatch")
    if existing is not None:
        return existing
    bar = MessageBar(tab)
    bar.setObjectName("diskBar")
    layout = tab.layout()
    if isinstance(layout, QVBoxLayout):
        layout.insertWidget(1 if layout.count() > 1 else 0, bar)
    watch = DiskWatch(tab.controller, bar, tab)
    return watch
