"""Specification: the temporary files interrupted saves leave beside articles are removed when the
project opens (by name, age, and only when no live process holds them) and are never indexed or
listed (issue 15, item 11)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor.article import atomic
from editor.article.temp_names import is_temp_name
from editor.index.leftovers import STALE_AFTER_S, remove_stale
from editor.index.project import Project
from tests.perf.synth import article_model, render, write_article

ROOT = Path(__file__).resolve().parents[3]


def _interrupted_save(path: Path) -> Path:
    """What a save killed between writing its temporary file and renaming it leaves: run
    ``write_atomic`` in a child process that dies at the rename, and return the file left."""
    script = ("import os, sys\nfrom editor.article import atomic\n"
              "atomic.os.replace = lambda *args: os._exit(9)\n"
              "atomic.write_atomic(sys.argv[1], b'---\\nid: 2\\ntitle: Half saved\\n---\\n')\n")
    before = set(path.parent.iterdir())
    child = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.returncode == 9
    (left,) = set(path.parent.iterdir()) - before
    return left


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_the_pattern_is_the_one_atomic_saves_name_their_temporary_files_with(tmp_path: Path) -> None:
    for name in ("how-do-tides-work.md", "é" * 120 + ".md", "x" * 250 + ".md"):  # long names are cut
        target = tmp_path / name
        fd, temp = atomic._create_temp(target, "tmp", 0o600)
        os.close(fd)
        assert is_temp_name(temp.name), temp.name
        fd, backup = atomic._create_temp(target, "backup", 0o600)
        os.close(fd)
        assert not is_temp_name(backup.name)  # kept on purpose by a failed in-place save
    for name in (".notes.tmp", ".a.md.0123abcz.tmp", "a.md.0123abcd.tmp", ".a.md.0123abcd.tmp.md"):
        assert not is_temp_name(name), name


def test_stale_temporary_files_of_interrupted_saves_go_when_the_project_opens(tmp_path: Path) -> None:
    root = tmp_path / "content"
    article = write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", id=101))
    stale = _interrupted_save(article)
    fresh = _interrupted_save(article)
    backup = article.parent / f".{article.name}.0123abcd.backup"
    unrelated = article.parent / ".notes.tmp"
    for path in (backup, unrelated):
        path.write_bytes(b"keep me")
    for path in (stale, backup, unrelated):
        _age(path, STALE_AFTER_S + 60)
    stats = Project.open(root).index()
    assert stats.leftovers_removed == 1
    assert not stale.exists()
    assert fresh.exists() and backup.exists() and unrelated.exists()
    project = Project.open(root)
    assert [path for path, _, _ in project.listing()] == ["physics/how-do-tides-work.md"]  # never listed
    assert project.search("half") == []


def test_a_temporary_file_a_live_process_holds_open_is_kept_however_old(tmp_path: Path) -> None:
    root = tmp_path / "content"
    article = write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", id=101))
    held = _interrupted_save(article)
    _age(held, STALE_AFTER_S * 5)
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nf = open(sys.argv[1], 'rb')\n"
                               "print('open', flush=True)\ntime.sleep(60)\n", str(held)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        assert Project.open(root).index().leftovers_removed == 0 and held.exists()
    finally:
        holder.kill()
        holder.wait()
    assert remove_stale(root, [str(held.relative_to(root))]) == [str(held.relative_to(root))]
    assert not held.exists()


def test_leftovers_are_found_in_every_folder_of_a_large_cold_index(tmp_path: Path) -> None:
    root = tmp_path / "content"
    for i in range(40):  # several top-level folders: discovery shares the walk with a child process
        (root / f"subject-{i}").mkdir(parents=True)
        article = root / f"subject-{i}" / "a.md"
        article.write_bytes(render(article_model(f"subject-{i}/a.md", f"Article {i}", id=i + 1)))
        leftover = article.parent / f".a.md.{i:08x}.tmp"
        leftover.write_bytes(b"partial")
        _age(leftover, STALE_AFTER_S + 1)
    stats = Project.open(root).index()
    assert (stats.files, stats.leftovers_removed) == (40, 40)
    assert not list(root.rglob("*.tmp"))
