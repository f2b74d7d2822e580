"""Specification of applying a bulk plan: journaled first, written atomically file by file,
undone and redone as one step, never over a file that changed on disk."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor.operations import apply as applying
from editor.operations import bulk_journal
from editor.operations.apply import apply, last_to_redo, last_to_undo, redo, undo
from editor.operations.bulk_journal import APPLIED, APPLYING, INCOMPLETE, REVERSED, Busy, Journal, JournalError
from editor.operations.field_edit import SetValue, plan_set
from editor.operations.pattern import Search
from editor.operations.plan import PlanRefused
from editor.operations.replace import plan_replace
from editor.index.project import Project
from tests.editor.operations.bulk_fixtures import snapshot

TIDES, SKY = "physics/how-do-tides-work.md", "physics/why-is-the-sky-blue.md"


def test_apply_writes_the_planned_files_and_undo_restores_identical_bytes(project: Project, folder: Path) -> None:
    before = snapshot(folder)
    plan = plan_replace(project, Search("the"), "THE")
    outcome = apply(plan)
    assert outcome.complete and sorted(outcome.written) == sorted(f.relpath for f in plan.files)
    after = snapshot(folder)
    assert {rel for rel in before if before[rel] != after[rel]} == set(outcome.written)
    assert all(after[rel] == f.render(before[rel]) for f in plan.files for rel in [f.relpath])
    journal = Journal(folder)
    assert journal.latest().state == APPLIED
    reverse = undo(journal.latest())
    assert reverse.complete and sorted(reverse.written) == sorted(outcome.written)
    assert snapshot(folder) == before
    assert journal.latest().state == REVERSED
    assert redo(journal.latest()).complete and snapshot(folder) == after


def test_the_journal_is_on_disk_and_fsynced_before_the_first_file_is_written(
        project: Project, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    seen: list[tuple[str, list[str]]] = []
    real_save = applying._save

    def save(path, current, wanted):  # type: ignore[no-untyped-def]
        operation = Journal(folder).latest()
        seen.append((operation.status["state"], list(synced)))
        real_save(path, current, wanted)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(applying, "_save", save)
    plan = plan_set(project, SetValue("author", "The team"), where="subject:physics")
    apply(plan)
    state, synced_before = seen[0]
    assert state == APPLYING
    assert any(p.endswith("/data.bin") for p in synced_before)
    assert any("manifest.json" in p for p in synced_before)
    operation = Journal(folder).latest()
    assert [e.relpath for e in operation.entries] == [TIDES, SKY]
    assert operation.old_bytes(operation.entries[0]) != operation.new_bytes(operation.entries[0])
    manifest = json.loads((operation.dir / "manifest.json").read_bytes())
    assert manifest["folder"] == str(folder.resolve()) and len(manifest["files"]) == 2


def test_a_file_changed_after_the_plan_refuses_the_whole_plan_before_any_write(project: Project, folder: Path) -> None:
    plan = plan_set(project, SetValue("author", "The team"), where="subject:physics")
    (folder / SKY).write_bytes((folder / SKY).read_bytes().replace(b"Sunlight", b"Daylight"))
    before = snapshot(folder)
    with pytest.raises(PlanRefused, match="why-is-the-sky-blue.md"):
        apply(plan)
    assert snapshot(folder) == before
    assert Journal(folder).operations() == []


def test_a_blocked_plan_is_never_applied(project: Project, folder: Path) -> None:
    before = snapshot(folder)
    plan = plan_set(project, SetValue("date", "soon", text=True), where="subject:physics")
    with pytest.raises(PlanRefused, match="takes a date"):
        apply(plan)
    assert snapshot(folder) == before


def test_a_file_changed_between_journal_and_write_is_left_alone_and_reported(
        project: Project, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = plan_set(project, SetValue("author", "The team"), where="subject:physics")
    real_commit = bulk_journal.Writer.commit

    def commit(self):  # type: ignore[no-untyped-def]
        operation = real_commit(self)
        (folder / SKY).write_bytes((folder / SKY).read_bytes() + b" edited elsewhere")
        return operation

    monkeypatch.setattr(bulk_journal.Writer, "commit", commit)
    outcome = apply(plan)
    assert outcome.written == [TIDES] and [p for p, _ in outcome.conflicts] == [SKY]
    assert (folder / SKY).read_bytes().endswith(b" edited elsewhere")
    assert not outcome.complete


def test_undo_leaves_a_file_changed_since_and_says_so(project: Project, folder: Path) -> None:
    before = snapshot(folder)
    apply(plan_set(project, SetValue("author", "The team"), where="subject:physics"))
    (folder / SKY).write_bytes(b"---\ntitle: rewritten by hand\n---\n")
    outcome = undo(Journal(folder).latest())
    assert outcome.written == [TIDES]
    assert outcome.conflicts == [(SKY, "the file changed on disk since; it was left alone")]
    assert (folder / SKY).read_bytes() == b"---\ntitle: rewritten by hand\n---\n"
    assert (folder / TIDES).read_bytes() == before[TIDES]
    (folder / TIDES).unlink()
    assert undo(Journal(folder).latest()).conflicts == [(TIDES, "the file is gone"),
                                                         (SKY, "the file changed on disk since; it was left alone")]


def test_progress_counts_rendering_and_writing_and_cancel_leaves_it_resumable(project: Project, folder: Path) -> None:
    before = snapshot(folder)
    plan = plan_replace(project, Search("the"), "THE")
    calls: list[tuple[int, int]] = []
    asked = {"n": 0}

    def cancel() -> bool:
        asked["n"] += 1
        return asked["n"] > len(plan.active) + 1  # every file rendered, one written

    outcome = apply(plan, progress=lambda done, total: calls.append((done, total)), cancel=cancel)
    assert outcome.cancelled and len(outcome.written) == 1
    total = 2 * len(plan.active)
    assert calls[0] == (0, total) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    operation = Journal(folder).latest()
    assert operation.state == INCOMPLETE
    assert last_to_redo(Journal(folder)).id == operation.id
    finished = redo(operation)
    assert finished.complete and len(finished.written) == len(plan.active) - 1
    assert undo(operation).complete and snapshot(folder) == before


def test_cancelling_while_rendering_writes_nothing_and_journals_nothing(project: Project, folder: Path) -> None:
    before = snapshot(folder)
    outcome = apply(plan_replace(project, Search("the"), "THE"), cancel=lambda: True)
    assert outcome.cancelled and outcome.operation is None and snapshot(folder) == before
    assert Journal(folder).operations() == []


def test_a_journal_that_cannot_be_written_stops_before_any_file(project: Project, folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the journal folder should be")
    before = snapshot(folder)
    with pytest.raises(JournalError, match="nothing was changed"):
        apply(plan_replace(project, Search("the"), "THE"), journal=Journal(folder, blocker / "journal"))
    assert snapshot(folder) == before


def test_files_to_skip_are_left_out(project: Project, folder: Path) -> None:
    outcome = apply(plan_set(project, SetValue("author", "The team"), where="subject:physics"), skip=[folder / SKY])
    assert outcome.written == [TIDES]
    assert [e.relpath for e in Journal(folder).latest().entries] == [TIDES]


def test_undo_and_redo_go_through_the_operations_as_a_stack(project: Project, folder: Path) -> None:
    first = snapshot(folder)
    apply(plan_set(project, SetValue("author", "One"), where="subject:physics"))
    second = snapshot(folder)
    apply(plan_set(project, SetValue("author", "Two"), where="subject:physics"))
    third = snapshot(folder)
    journal = Journal(folder)
    assert [op.title for op in journal.operations()] == ["Set author to Two", "Set author to One"]
    undo(last_to_undo(journal))
    assert snapshot(folder) == second
    undo(last_to_undo(journal))
    assert snapshot(folder) == first and last_to_undo(journal) is None
    assert last_to_redo(journal).title == "Set author to One"
    redo(last_to_redo(journal))
    assert snapshot(folder) == second
    redo(last_to_redo(journal))
    assert snapshot(folder) == third and last_to_redo(journal) is None


def test_an_operation_another_process_is_writing_is_not_touched(project: Project, folder: Path) -> None:
    import fcntl

    apply(plan_set(project, SetValue("author", "One"), where="subject:physics"))
    operation = Journal(folder).latest()
    fd = os.open(operation.dir / "lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another open file: as another process would hold it
    try:
        assert operation.busy()
        with pytest.raises(Busy):
            undo(operation)
    finally:
        os.close(fd)
    assert not operation.busy() and undo(operation).complete


def test_only_the_newest_operations_are_kept(project: Project, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bulk_journal, "KEEP", 3)
    for n in range(5):
        apply(plan_set(project, SetValue("author", f"Writer {n}"), where="id:101"))
    assert [op.title for op in Journal(folder).operations()] == [f"Set author to Writer {n}" for n in (4, 3, 2)]


def test_a_damaged_journal_is_refused_not_written_back(project: Project, folder: Path) -> None:
    apply(plan_set(project, SetValue("author", "One"), where="id:101"))
    operation = Journal(folder).latest()
    data = operation.dir / "data.bin"
    data.write_bytes(data.read_bytes()[:-3] + b"xyz")
    with pytest.raises(JournalError, match="damaged"):
        undo(operation)
    assert b"author: One" in (folder / TIDES).read_bytes()
