"""What the problems panel knows: every file's problems, kept true as articles change.

``ProblemChecks`` holds the problems per file. A full check (``editor.operations.check``, F8 and
after each index) replaces them all; between full checks, every open article it watches is
checked again after each edit (debounced), fix, save, reload and close, together with the files
that change can affect (``editor.operations.recheck``: the articles linking to it, by its old and
new url, and those sharing its id). Checks run off the GUI thread (``ui.common.background``);
while one runs, the files asked for meanwhile wait and go into the next, so no change is dropped
with a stale result. The open, edited articles' texts stand in for their files.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from editor.checks.file_rules import snapshot_problems
from editor.checks.problem import Problem
from editor.operations.check import check_project
from editor.operations.recheck import Facts, FolderFacts, Recheck, Update, folder_facts, recheck
from ui.common.background import BackgroundOp

EDIT_DELAY_MS = 400  # after the last keystroke
SOON_MS = 30  # after a fix, a save, a reload or a close


@dataclass
class FullCheck:
    """A full check's result, with what the GUI thread would otherwise work out over every file."""

    by_file: dict[str, list[Problem]]  # in path order, each file's problems sorted
    folder: FolderFacts
    titles: dict[str, str]
    badges: dict[str, tuple[int, int]]


def _full_check(project: Any, progress: Any = None, cancel: Any = None) -> FullCheck:
    problems = check_project(project, progress=progress, cancel=cancel)  # sorted by file and line
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for found in problems:
        by_file[found.path].append(found)
    folder = folder_facts(project)
    return FullCheck(dict(by_file), folder, folder.titles(), {path: badge(found) for path, found in by_file.items()})


def badge(problems: list[Problem]) -> tuple[int, int]:
    """(errors, warnings) of a file, for the browser."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, sum(1 for p in problems if p.severity == "warning")


def _one_file(project: Any, changed: list[str], buffers: dict[str, bytes]) -> Recheck:
    """Before the first full check the index may still be filling: links would all look broken,
    so only each file's own problems are checked."""
    updates = []
    for path in changed:
        absolute = Path(project.folder) / path
        try:
            data = buffers[path] if path in buffers else absolute.read_bytes()
        except OSError:
            updates.append(Update(path, []))
            continue
        updates.append(Update(path, snapshot_problems(data, absolute, path, project.folder)))
    return Recheck(updates, {}, {})


class ProblemChecks(QObject):
    """``checked`` after a full check; ``updated(paths)`` after files were checked again."""

    checked = Signal()
    updated = Signal(list)
    progressed = Signal(int, int)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Any = None
        self.by_file: dict[str, list[Problem]] = {}
        self.titles: dict[str, str] = {}
        self.badges: dict[str, tuple[int, int]] = {}
        self.project_checked = False
        self.folder: FolderFacts | None = None
        self.overrides: dict[str, Facts] = {}
        self._controllers: dict[int, tuple[Any, str]] = {}  # id -> (controller, relpath)
        self._pending: set[str] = set()
        self._running: set[str] = set()
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._run)

    # -- inputs --------------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        self.project = project
        self.by_file, self.titles, self.overrides, self.folder = {}, {}, {}, None
        self.project_checked = False
        self._pending.clear()

    def relpath(self, path: str | Path) -> str:
        if self.project is not None and hasattr(self.project, "relpath"):
            return str(self.project.relpath(Path(path)))
        return Path(path).name

    def watch(self, controller: Any) -> None:
        """Follow an open article: its edits, saves, reloads and its closing."""
        key = id(controller)
        if key in self._controllers or controller is None or controller.path is None:
            return
        self._controllers[key] = (controller, self.relpath(controller.path))
        controller.changed.connect(lambda _key, c=controller: self._touched(c, EDIT_DELAY_MS))
        controller.saved.connect(lambda c=controller: self._touched(c, SOON_MS))
        controller.modifiedChanged.connect(lambda _m, c=controller: self._touched(c, SOON_MS))
        controller.destroyed.connect(lambda _obj=None, k=key: self._closed(k))

    def _touched(self, controller: Any, delay: int) -> None:
        if controller.path is None:
            return
        path = self.relpath(controller.path)
        self._controllers[id(controller)] = (controller, path)
        self.schedule([path], delay)

    def _closed(self, key: int) -> None:
        if not shiboken6.isValid(self._timer):
            return  # the window is closing: the panel goes first
        _controller, path = self._controllers.pop(key, (None, None))
        if path is not None:
            self.schedule([path], SOON_MS)  # its file stands for it again, edits discarded or saved

    def schedule(self, paths: list[str], delay: int = SOON_MS) -> None:
        self._pending.update(paths)
        remaining = self._timer.remainingTime() if self._timer.isActive() else None
        if remaining is None or delay < remaining:
            self._timer.start(delay)

    def buffers(self) -> dict[str, bytes]:
        """The text of every open article with unsaved edits, by relpath (taken on the GUI thread)."""
        found = {}
        for controller, path in list(self._controllers.values()):
            if shiboken6.isValid(controller) and controller.is_modified:
                found[path] = controller.article.dumps()
        return found

    # -- running -------------------------------------------------------------------------------
    def check_project(self) -> None:
        if self.project is None:
            return
        BackgroundOp(_full_check, self.project).with_progress(self._progress).success(self._got_project).failure(
            lambda error: self.failed.emit(str(error))
        ).run(key=f"checks:project:{id(self)}", owner=self)

    def _progress(self, done: int, total: int, *_rest: Any) -> None:
        self.progressed.emit(done, total)

    def _got_project(self, result: FullCheck) -> None:
        self.by_file, self.folder, self.titles, self.badges = result.by_file, result.folder, result.titles, result.badges
        self.overrides = {}
        self.project_checked = True
        self.checked.emit()
        # The full check read the files; open edited articles must show their own text again.
        self.schedule(list(self.buffers()) + list(self._pending), SOON_MS)

    def _run(self) -> None:
        if self.project is None or not self._pending:
            return
        # A check still running is superseded: its files go into this one, so none is lost.
        changed = sorted(self._pending | self._running)
        self._pending.clear()
        self._running = set(changed)
        buffers = self.buffers()
        if self.folder is None:
            op = BackgroundOp(_one_file, self.project, changed, buffers)
        else:
            op = BackgroundOp(recheck, self.project, self.folder, dict(self.overrides), changed, buffers)
        op.success(self._got_recheck).failure(lambda error: self.failed.emit(str(error))).run(
            key=f"checks:files:{id(self)}", owner=self
        )

    def _got_recheck(self, result: Recheck) -> None:
        self._running = set()
        self.overrides.update(result.facts)
        self.titles.update(result.titles)
        paths = []
        for update in result.updates:
            if update.codes is None:
                problems = sorted(update.problems, key=Problem.sort_key)
            else:
                problems = [p for p in self.by_file.get(update.path, []) if p.code not in update.codes]
                problems = sorted(problems + update.problems, key=Problem.sort_key)
            if problems:
                self.by_file[update.path] = problems
                self.badges[update.path] = badge(problems)
            else:
                self.by_file.pop(update.path, None)
                self.badges.pop(update.path, None)
            paths.append(update.path)
        self.updated.emit([(u.path, u.problems, u.codes) for u in result.updates])
        if self._pending:
            self._timer.start(0)

    # -- reading -------------------------------------------------------------------------------
    @property
    def idle(self) -> bool:
        """No check is waiting or running."""
        return not self._pending and not self._running and not self._timer.isActive()

    def problems(self, path: str | None = None) -> list[Problem]:
        """One file's problems, or every file's (a list as long as the project's), sorted."""
        if path is not None:
            return list(self.by_file.get(path, []))
        by_file = self.by_file
        return [p for name in sorted(by_file) for p in by_file[name]]
