"""Discovery with a second process: the same files, mtimes and sizes (or names) as one process finds."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.index import discovery
from editor.index.discovery import discover


def _tree(root: Path) -> set[str]:
    names = set()
    for index in range(7):
        for rel in (f"subject-{index}/q-{index}.md", f"subject-{index}/deeper/r-{index}.md"):
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_text(f"---\nid: {index}\n---\n" + "x" * index)
            names.add(rel)
    (root / "top.md").write_text("---\nid: 99\n---\n")
    (root / ".git" / "x.md").parent.mkdir()
    (root / ".git" / "x.md").write_text("---\n---\n")
    odd = os.fsencode(str(root / "subject-1")) + b"/odd-\xff.md"  # not UTF-8: still found, as a surrogate
    with open(odd, "wb") as handle:
        handle.write(b"---\nid: 5\n---\n")
    return names | {"top.md", os.fsdecode(b"subject-1/odd-\xff.md")}


def _serial(root: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    with monkeypatch.context() as patch:
        patch.setattr(discovery.threading, "active_count", lambda: 2)  # as if threads ran: no fork
        patch.setattr(discovery.os, "fork", lambda: pytest.fail("forked although threads run"))
        return discover(root)


def test_two_processes_find_exactly_what_one_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _tree(tmp_path)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(discovery.os, "fork", lambda: forks.append(1) or real_fork())
    found = discover(tmp_path)
    assert forks == [1]
    assert set(found) == expected
    assert found == _serial(tmp_path, monkeypatch)
    assert found["subject-3/q-3.md"][1] == (tmp_path / "subject-3/q-3.md").stat().st_size


def test_when_the_second_process_fails_this_one_walks_its_half(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _tree(tmp_path)

    def broken(_fd: int, _data: bytes) -> None:
        raise OSError("pipe closed")

    monkeypatch.setattr(discovery, "_send", broken)  # runs in the child, which then exits 1
    assert set(discover(tmp_path)) == expected


def test_the_names_of_a_cold_index_come_from_two_processes_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _tree(tmp_path)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(discovery.os, "fork", lambda: forks.append(1) or real_fork())
    names = discovery.discover_names(tmp_path)
    assert forks == [1] and names == sorted(expected)
    monkeypatch.setattr(discovery, "_send", lambda _fd, _data: (_ for _ in ()).throw(OSError("pipe closed")))
    assert discovery.discover_names(tmp_path) == sorted(expected)  # the child failed: walked here
