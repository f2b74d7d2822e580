"""Applying a bulk plan safely, and undoing or finishing it later, each as one step.

``apply(plan)`` first renders every ticked file from the bytes the plan was made from (a file
that changed since, or an edit that cannot be made, refuses the whole plan: nothing is written),
then journals every file's old and new bytes (``bulk_journal``, fsynced), and only then writes
the files, one atomic ``Article.save`` each, whose conflict check skips a file that changed on
disk meanwhile. A full disk (or a read-only one) stops the run where it is; a kill -9 stops it
anywhere. Either way every file holds its old or its new bytes, and the journal knows which.

``undo(operation)`` puts back the old bytes of every file that still holds the new ones;
``redo(operation)`` writes the new bytes to every file that still holds the old ones (it
finishes an interrupted apply too). A file that holds neither, because it changed on disk since,
is reported and never overwritten.

Every function takes ``progress(done, total)`` and ``cancel() -> bool`` as indexing does, so the
window runs them as background operations. ``apply`` counts rendering and writing as one step
each per file.
"""
from __future__ import annotations

import errno
import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from editor.article.article import Article, ArticleError, ConflictError
from editor.article.atomic import SaveError
from editor.operations.bulk_journal import (APPLIED, CHANGED, INCOMPLETE, MISSING, NEW, OLD, REVERSED, Entry,
                                            Journal, Operation)
from editor.operations.plan import BulkPlan, PlanProblem, PlanRefused

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
KEEP_EDITED = 2000  # rendered Articles kept for the writes (about 80 KB each)
# A save failing for one of these would fail for every file after it: the run stops.
_STOPPING = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO}


@dataclass
class Outcome:
    """What an apply, undo or redo did. Paths are project-relative."""

    action: str
    operation: Operation | None = None
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # already as wanted
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # changed on disk: left alone
    failures: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False
    stopped: str | None = None  # why the run stopped before the end (a full disk...)

    @property
    def complete(self) -> bool:
        """Every file now holds what the action meant it to hold."""
        return not (self.conflicts or self.failures or self.cancelled or self.stopped)

    def text(self) -> str:
        noun = "file" if len(self.written) == 1 else "files"
        parts = [f"{self.action}: wrote {len(self.written)} {noun}"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} already as wanted")
        if self.conflicts:
            parts.append(f"{len(self.conflicts)} changed on disk since and left alone")
        if self.failures:
            parts.append(f"{len(self.failures)} could not be written")
        if self.cancelled:
            parts.append("cancelled")
        if self.stopped:
            parts.append(f"stopped: {self.stopped}")
        return "; ".join(parts) + "."

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "operation": self.operation.id if self.operation else None,
                "written": self.written, "unchanged": self.unchanged,
                "conflicts": [{"path": p, "reason": r} for p, r in self.conflicts],
                "failures": [{"path": p, "reason": r} for p, r in self.failures],
                "cancelled": self.cancelled, "stopped": self.stopped, "complete": self.complete}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _save(path: Path, current: bytes | None, wanted: bytes | Article) -> None:
    """Write ``wanted`` over a file that holds ``current``, through ``Article.save``: atomic, and
    refused (``ConflictError``) when the file no longer holds ``current`` when it is written. An
    Article edited from ``current`` (``current`` None) is saved as it is."""
    if isinstance(wanted, Article):
        wanted.save()
        return
    article = Article.parse(wanted, path)
    article.rebase(current, _sha256(current or b""))
    article.save()


def _write(outcome: Outcome, path: Path, relpath: str, current: bytes | None, wanted: bytes | Article) -> bool:
    """One file's save into ``outcome``; False when the run must stop."""
    try:
        _save(path, current, wanted)
    except ConflictError:
        outcome.conflicts.append((relpath, "the file changed on disk since; it was left alone"))
    except SaveError as exc:
        outcome.failures.append((relpath, exc.reason))
        if exc.errno in _STOPPING:
            outcome.stopped = exc.reason
            return False
    except ArticleError as exc:
        outcome.failures.append((relpath, exc.message))
    else:
        outcome.written.append(relpath)
    return True


def apply(plan: BulkPlan, *, journal: Journal | None = None, skip: Iterable[str | os.PathLike[str]] = (),
          progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Outcome:
    """Write every ticked change of ``plan`` (files in ``skip``, such as ones open with unsaved
    edits, are left out). Raises ``PlanRefused`` before writing anything when the plan has
    blocking problems or a file cannot be rendered, and ``JournalError`` when the journal cannot
    be written."""
    plan.refuse_if_blocked()
    skipped = {Path(p) for p in skip}
    files = [f for f in plan.active if f.path not in skipped and (plan.folder / f.relpath) not in skipped]
    total = 2 * len(files)
    outcome = Outcome("apply")
    if not files:
        return outcome
    journal = journal or Journal(plan.folder)
    writer = journal.writer(plan.title)
    problems: list[PlanProblem] = []
    edited: dict[str, Article] = {}  # saved as they are: parsing the new bytes again cost a third
    if progress:
        progress(0, total)
    for done, file_plan in enumerate(files, 1):
        if cancel is not None and cancel():
            writer.abandon()
            outcome.cancelled = True
            return outcome
        try:
            old = file_plan.read()
            new, article = file_plan.rendered(old)
        except ArticleError as exc:
            problems.append(PlanProblem(file_plan.relpath, exc.line, "", exc.message))
            continue
        except (ValueError, TypeError, KeyError) as exc:  # a value yamlpatch cannot write
            problems.append(PlanProblem(file_plan.relpath, None, "", str(exc)))
            continue
        if new == old:
            outcome.unchanged.append(file_plan.relpath)
        else:
            writer.add(file_plan.relpath, old, new)
            if article is not None and len(edited) < KEEP_EDITED:
                edited[file_plan.relpath] = article
        if progress:
            progress(done, total)
    if problems:
        writer.abandon()
        raise PlanRefused(problems)
    if not writer.entries:
        writer.abandon()  # nothing to write: no operation to journal or undo
        return outcome
    operation = outcome.operation = writer.commit()
    with operation.locked():
        _run(operation, outcome, NEW, progress, cancel, offset=len(files), total=total, edited=edited)
    return outcome


def _run(operation: Operation, outcome: Outcome, target: str, progress: ProgressFn | None,
         cancel: CancelFn | None, offset: int = 0, total: int | None = None,
         edited: dict[str, Article] | None = None) -> None:
    """Bring every file of ``operation`` to its ``target`` (OLD or NEW) bytes, and record the
    operation's state. ``edited``: Articles that hold the new bytes already, by path."""
    entries = operation.entries
    total = len(entries) if total is None else total
    started = time.time()
    for done, entry in enumerate(entries, offset + 1):
        if cancel is not None and cancel():
            outcome.cancelled = True
            break
        article = edited.pop(entry.relpath, None) if edited else None
        if article is not None:
            done_ok = _write(outcome, operation.folder / entry.relpath, entry.relpath, None, article)
        else:
            done_ok = _bring(operation, entry, target, outcome)
        if not done_ok:
            break
        if progress:
            progress(done, total)
    _remove_stray_temp_files(operation, before=started)
    # Files changed by someone else are reported, not waited for: the rest is done.
    finished = not (outcome.failures or outcome.cancelled or outcome.stopped)
    state = (APPLIED if target == NEW else REVERSED) if finished else INCOMPLETE
    note = "; ".join(f"{path}: {reason}" for path, reason in (outcome.conflicts + outcome.failures)[:20])
    operation.set_state(state, note)


def _bring(operation: Operation, entry: Entry, target: str, outcome: Outcome) -> bool:
    path = operation.folder / entry.relpath
    state = operation.file_state(entry)
    if state == target:
        outcome.unchanged.append(entry.relpath)
        return True
    if state in (CHANGED, MISSING):
        reason = "the file is gone" if state == MISSING else "the file changed on disk since; it was left alone"
        outcome.conflicts.append((entry.relpath, reason))
        return True
    current, wanted = ((operation.old_bytes(entry), operation.new_bytes(entry)) if target == NEW
                       else (operation.new_bytes(entry), operation.old_bytes(entry)))
    return _write(outcome, path, entry.relpath, current, wanted)


_TEMP_NAME = r"\.{}\.[0-9a-f]{{8}}\.tmp"


def _remove_stray_temp_files(operation: Operation, before: float) -> None:
    """Temporary files that ``editor.article.atomic`` left next to the operation's files when a process
    was killed mid-save (a save removes its own otherwise). Only ones older than this run count:
    a save happening now in another window keeps its file."""
    folders: dict[Path, set[str]] = {}
    for entry in operation.entries:
        path = operation.folder / entry.relpath
        folders.setdefault(path.parent, set()).add(path.name)
    for folder, names in folders.items():
        patterns = [re.compile(_TEMP_NAME.format(re.escape(name))) for name in names]
        try:
            leftovers = [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]
        except OSError:
            continue
        for leftover in leftovers:
            try:
                if any(p.fullmatch(leftover.name) for p in patterns) and leftover.stat().st_mtime < before:
                    leftover.unlink()
            except OSError:
                continue


def undo(operation: Operation, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Outcome:
    """Put back the old bytes of every file of ``operation`` that holds its new ones."""
    outcome = Outcome("undo", operation)
    with operation.locked():
        _run(operation, outcome, OLD, progress, cancel)
    return outcome


def redo(operation: Operation, *, progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> Outcome:
    """Write the new bytes to every file of ``operation`` that holds its old ones: finishes an
    interrupted apply, or applies again an undone one."""
    outcome = Outcome("redo", operation)
    with operation.locked():
        _run(operation, outcome, NEW, progress, cancel)
    return outcome


def last_to_undo(journal: Journal) -> Operation | None:
    """The newest operation that is not undone."""
    return next((op for op in journal.operations() if op.state != REVERSED), None)


def last_to_redo(journal: Journal) -> Operation | None:
    """The newest operation when it was interrupted; else, as an editor's redo goes, the oldest
    of the undone operations at the top of the journal (undone last)."""
    found = None
    for operation in journal.operations():
        state = operation.state
        if state == INCOMPLETE and found is None:
            return operation
        if state != REVERSED:
            break
        found = operation
    return found
