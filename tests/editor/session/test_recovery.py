"""The recovery journal: entries outlive a dead session, vanish on save/discard, old formats restore."""
from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path

import pytest

from editor.session import recovery
from editor.session.recovery import FORMAT_VERSION, Journal, file_hash, pending
from editor.session.lock import lock_folder

ARTICLE = b"---\r\n_schema: default\r\nid: 7\r\ntitle: >-\r\n    Why journal?\r\nanswer: >-\r\n    One.\\n\\nTwo.\r\n---\r\n\r\n&nbsp;"


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setattr(recovery, "_current", None)
    return home


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content" / "psychology"
    root.mkdir(parents=True)
    (root / "why-journal.md").write_bytes(ARTICLE)
    return tmp_path / "content"


def record_in_dead_process(path: Path, data: bytes, disk_hash: str | None) -> None:
    """A child process journals a buffer and dies without cleaning up, as a crash would."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 1
        try:
            Journal().record(path, data, disk_hash)
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_journal_lives_under_xdg_data_home(data_home: Path, folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    entry_file = Journal().record(path, ARTICLE + b"more", file_hash(path))
    assert data_home in entry_file.parents
    assert entry_file.exists()


def test_entry_of_a_dead_session_is_pending_with_exact_bytes(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    edited = ARTICLE.replace(b"Two.", b"Two, typed before the crash.")
    record_in_dead_process(path, edited, file_hash(path))
    [entry] = pending(folder)
    assert entry.path == path.resolve()
    assert entry.data == edited
    assert entry.version == FORMAT_VERSION
    assert entry.disk_changed is False


def test_entries_of_a_running_session_are_not_pending(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    other = Journal()  # another live session (its flock is held by this process)
    other.record(path, ARTICLE + b"x", file_hash(path))
    assert pending(folder) == []
    other.close()
    assert [e.data for e in pending(folder)] == [ARTICLE + b"x"]


def test_a_session_that_dies_holding_its_lock_is_recognised_even_if_its_pid_is_alive(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    journal = Journal()
    journal.record(path, ARTICLE + b"y", file_hash(path))
    # What a kill -9 leaves behind: the kernel drops the flock, the lock file stays. Our own pid
    # (recorded in the entry) is alive, as a reused pid would be; the entry must still be pending.
    assert journal._lock_fd is not None
    os.close(journal._lock_fd)
    journal._lock_fd = None
    [entry] = Journal().pending(folder)
    assert entry.pid == os.getpid()
    assert entry.data == ARTICLE + b"y"


def test_forget_deletes_the_entry_on_save_or_discard(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    journal = Journal()
    entry_file = journal.record(path, ARTICLE + b"z", file_hash(path))
    journal.forget(path)
    assert not entry_file.exists()
    journal.close()
    assert pending(folder) == []


def test_one_entry_per_article_is_rewritten_in_place(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    journal = Journal()
    first = journal.record(path, ARTICLE + b"1", file_hash(path))
    second = journal.record(path, ARTICLE + b"12", file_hash(path))
    assert first == second
    assert len(list(journal.root.glob("*.journal"))) == 1
    journal.close()
    assert [e.data for e in pending(folder)] == [ARTICLE + b"12"]


def test_disk_changed_when_the_file_was_edited_after_load(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    record_in_dead_process(path, ARTICLE + b"mine", file_hash(path))
    path.write_bytes(ARTICLE.replace(b"id: 7", b"id: 8"))
    [entry] = pending(folder)
    assert entry.disk_changed is True


def test_disk_changed_when_the_file_was_deleted(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    record_in_dead_process(path, ARTICLE + b"mine", file_hash(path))
    path.unlink()
    [entry] = pending(folder)
    assert entry.disk_changed and entry.disk_missing


def test_entry_equal_to_the_disk_is_not_offered(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    record_in_dead_process(path, ARTICLE, file_hash(path))
    assert pending(folder) == []


def test_pending_only_lists_entries_inside_the_folder(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "a.md"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(ARTICLE)
    record_in_dead_process(elsewhere, ARTICLE + b"else", file_hash(elsewhere))
    assert pending(folder) == []
    assert [e.path for e in pending(tmp_path / "elsewhere")] == [elsewhere.resolve()]


def test_pending_matches_through_a_symlinked_folder(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-content"
    link.symlink_to(folder)
    record_in_dead_process(link / "psychology" / "why-journal.md", ARTICLE + b"l", None)
    assert [e.data for e in pending(folder)] == [ARTICLE + b"l"]
    assert [e.data for e in pending(link)] == [ARTICLE + b"l"]


def test_newest_of_several_crashed_entries_for_one_file_wins(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    record_in_dead_process(path, ARTICLE + b"old", file_hash(path))
    time.sleep(0.01)
    record_in_dead_process(path, ARTICLE + b"new", file_hash(path))
    [entry] = pending(folder)
    assert entry.data == ARTICLE + b"new"
    [older] = Journal().stale_duplicates(entry)
    assert older.data == ARTICLE + b"old"


def test_format_1_entry_from_an_older_release_still_restores(folder: Path, data_home: Path) -> None:
    path = (folder / "psychology" / "why-journal.md").resolve()
    root = data_home / "article-editor" / "journal"
    root.mkdir(parents=True)
    text = ARTICLE.decode() + "\nwritten by release 1"
    v1 = {"version": 1, "path": str(path), "hash": file_hash(path), "time": 1.0e9, "pid": 2**22 + 7, "text": text}
    (root / "legacy.journal").write_text(json.dumps(v1))
    [entry] = pending(folder)
    assert entry.version == 1
    assert entry.data == text.encode()
    assert entry.disk_changed is False


def test_corrupt_entries_are_skipped_not_fatal(folder: Path, data_home: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    root = data_home / "article-editor" / "journal"
    root.mkdir(parents=True)
    (root / "junk.journal").write_bytes(b"\x00\xff not json")
    (root / "half.journal").write_text(json.dumps({"format": 2, "path": str(path)}))
    (root / "badb64.journal").write_text(
        json.dumps({"format": 2, "path": str(path), "disk_hash": None, "saved_at": 1, "pid": 1,
                    "session": "s", "data_b64": "***"})
    )
    (root / "future.journal").write_text(json.dumps({"format": 99, "path": str(path)}))
    record_in_dead_process(path, ARTICLE + b"ok", None)
    assert [e.data for e in pending(folder)] == [ARTICLE + b"ok"]


def test_entry_file_is_json_with_path_hash_timestamp_and_version(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    before = time.time()
    entry_file = Journal().record(path, ARTICLE + b"v", file_hash(path))
    doc = json.loads(entry_file.read_text())
    assert doc["format"] == FORMAT_VERSION
    assert doc["path"] == str(path.resolve())
    assert doc["disk_hash"] == file_hash(path)
    assert before <= doc["saved_at"] <= time.time()
    assert base64.b64decode(doc["data_b64"]) == ARTICLE + b"v"
    assert doc["pid"] == os.getpid() and doc["session"]


def test_journal_folder_is_private(folder: Path) -> None:
    journal = Journal()
    journal.record(folder / "psychology" / "why-journal.md", ARTICLE, None)
    assert journal.root.stat().st_mode & 0o077 == 0


def test_discarding_a_restored_entry_removes_it(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    record_in_dead_process(path, ARTICLE + b"d", None)
    [entry] = pending(folder)
    entry.discard()
    assert pending(folder) == []


# -- one window per folder ---------------------------------------------------------------------

def test_second_opener_of_a_folder_gets_a_notice_naming_the_holder(folder: Path, tmp_path: Path) -> None:
    first = lock_folder(folder, root=tmp_path / "locks")
    second = lock_folder(folder, root=tmp_path / "locks")
    assert first.held and first.notice is None
    assert not second.held
    assert second.other_pid == os.getpid()
    assert str(folder.resolve()) in second.notice and "already open" in second.notice
    first.release()
    third = lock_folder(folder, root=tmp_path / "locks")
    assert third.held
    third.release()


def test_folder_lock_of_a_killed_process_does_not_block(folder: Path, tmp_path: Path) -> None:
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child holds the lock and dies without releasing it
        lock_folder(folder, root=tmp_path / "locks")
        os._exit(0)
    os.waitpid(pid, 0)
    lock = lock_folder(folder, root=tmp_path / "locks")
    assert lock.held
    lock.release()


def test_folder_lock_seen_from_another_process(folder: Path, tmp_path: Path) -> None:
    mine = lock_folder(folder, root=tmp_path / "locks")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the second process reports what it saw
        other = lock_folder(folder, root=tmp_path / "locks")
        os.write(write_end, f"{other.held},{other.other_pid}".encode())
        os._exit(0)
    os.waitpid(pid, 0)
    os.close(write_end)
    assert os.read(read_end, 100).decode() == f"False,{os.getpid()}"
    mine.release()


# -- restoring -----------------------------------------------------------------------------------

VALID = b"---\n_schema: default\nid: 7\ntitle: >-\n    Why journal?\nanswer: >-\n    One.\\n\\nTwo.\n---\n\n&nbsp;"


def test_restored_article_holds_the_journalled_bytes_and_is_unsaved(folder: Path) -> None:
    from editor.article.article import Article

    path = folder / "psychology" / "plain.md"
    path.write_bytes(VALID)
    buffer = Article.load(path)
    buffer.answer = "One.\n\nTwo.\n\nThree, never saved."
    record_in_dead_process(path, buffer.dumps(), buffer.disk_hash)
    [entry] = pending(folder)
    restored = recovery.restore_article(entry)
    assert restored.is_modified
    assert restored.dumps() == buffer.dumps()
    assert restored.answer.endswith("Three, never saved.")
    restored.save()
    assert path.read_bytes() == buffer.dumps()
    assert not restored.is_modified


def test_restored_article_over_a_changed_disk_file_raises_conflict_on_save(folder: Path) -> None:
    from editor.article.article import Article, ConflictError

    path = folder / "psychology" / "plain.md"
    path.write_bytes(VALID)
    buffer = Article.load(path)
    buffer.answer = "Mine."
    record_in_dead_process(path, buffer.dumps(), buffer.disk_hash)
    theirs = VALID.replace(b"id: 7", b"id: 9")
    path.write_bytes(theirs)
    restored = recovery.restore_article(pending(folder)[0])
    with pytest.raises(ConflictError):
        restored.save()
    assert path.read_bytes() == theirs


def test_lock_files_of_ended_sessions_without_entries_are_pruned(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    record_in_dead_process(path, ARTICLE + b"kept", None)  # a crashed session with an entry
    pid = os.fork()
    if pid == 0:  # pragma: no cover - a session that saved everything, then died
        journal = Journal()
        journal.record(path, ARTICLE + b"gone", None)
        journal.forget(path)
        os._exit(0)
    os.waitpid(pid, 0)
    for lock in (recovery.journal_root() / "sessions").glob("*.lock"):
        os.utime(lock, (time.time() - 120, time.time() - 120))  # young lock files are never pruned
    live = Journal()
    live.record(path, ARTICLE + b"mine", None)
    locks = sorted(p.stem for p in (live.root / "sessions").glob("*.lock"))
    [crashed] = pending(folder)
    assert sorted([crashed.session, live.session]) == locks


def test_a_fifo_in_place_of_the_article_never_blocks_the_journal(tmp_path) -> None:
    import multiprocessing
    import os

    from editor.session.recovery import file_hash

    fifo = tmp_path / "a.md"
    os.mkfifo(fifo)
    child = multiprocessing.get_context("fork").Process(target=lambda: os._exit(0 if file_hash(fifo) is None else 1))
    child.start()
    child.join(10)
    if child.is_alive():
        child.kill()
    assert child.exitcode == 0


def test_a_reverted_buffer_is_kept_beside_the_unsaved_one_and_forgotten_on_its_own(folder: Path) -> None:
    path = folder / "psychology" / "why-journal.md"
    journal = Journal()
    unsaved = journal.record(path, ARTICLE + b"typed", file_hash(path))
    kept = journal.record(path, ARTICLE + b"reverted", file_hash(path), discarded=True)
    assert kept != unsaved and kept.exists() and unsaved.exists()
    assert journal.discarded_text(path) == ARTICLE + b"reverted"
    journal.forget(path)  # the buffer saved or reverted: the reverted text stays
    assert journal.discarded_text(path) == ARTICLE + b"reverted"
    assert [e.discarded for e in journal.entries()] == [True]
    journal.forget(path, discarded=True)  # the tab closed
    assert journal.discarded_text(path) is None and not kept.exists()
    journal.close()
