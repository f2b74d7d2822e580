"""Specification: the index is a cache, so a damaged database is deleted and built again from the
files, once, with a message; wherever the damage is first met: opening, indexing, a search, a
lookup or a whole-folder check (issue 15, item 3). Errors that are not damage are left alone.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest

from editor.index import damage
from editor.index import database as index_db
from editor.index.project import Project
from editor.operations.check import check_project
from tests.perf.synth import article_model, write_article

ARTICLES = 400  # enough for a database of some thirty 16 KiB pages


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A folder and the bytes of its complete index database (checkpointed: no -wal left)."""
    tmp = tmp_path_factory.mktemp("damaged")
    root = tmp / "content"
    for i in range(ARTICLES):
        write_article(root, article_model(f"physics/topic-{i}.md", f"Why does topic {i} matter?", id=1000 + i))
    project = Project.open(root, cache=tmp / "cache")
    project.index()
    project.close()
    assert not Path(str(project.db_path) + "-wal").exists()
    return root, project.db_path.read_bytes()


def _damaged(built: tuple[Path, bytes], cache: Path, first_page: int, pages: int) -> Project:
    """A project over the built folder whose database has zeros written over ``pages`` pages."""
    root, good = built
    project = Project(root, cache / "index.sqlite")
    data = bytearray(good)
    start, end = first_page * index_db.PAGE_SIZE, min(len(good), (first_page + pages) * index_db.PAGE_SIZE)
    data[start:end] = bytes(end - start)
    cache.mkdir(parents=True, exist_ok=True)
    project.db_path.write_bytes(bytes(data))
    return project


def _assert_whole(project: Project) -> None:
    """Every entry point answers as from an undamaged index."""
    stats = project.index()
    assert stats.files == ARTICLES and stats.errors == 0
    # The space ends the word: "17" whole, not the prefix of 170-179 it is while being typed.
    assert [r.relpath for r in project.search("topic 17 ")] == ["physics/topic-17.md"]
    assert len(project.listing()) == ARTICLES
    assert project.article_at("physics/topic-3.md").title == "Why does topic 3 matter?"
    assert [p.code for p in check_project(project) if p.severity == "error"] == []


@pytest.mark.parametrize("first_page", [0, 2, 10, 20])
def test_zeros_over_a_few_pages_are_mended_by_building_the_index_again(
        built: tuple[Path, bytes], tmp_path: Path, first_page: int, caplog: pytest.LogCaptureFixture) -> None:
    pages = len(built[1]) // index_db.PAGE_SIZE
    assert pages > first_page + 4
    project = _damaged(built, tmp_path / "cache", first_page, 3)
    with caplog.at_level(logging.WARNING, logger="editor.index.project"):
        _assert_whole(project)
    # These pages hold tables every entry point reads: the damage was met, and mended once.
    assert project.notice.startswith(f"the index database {project.db_path} was damaged (")
    assert project.notice.endswith("it was deleted and built again from the files")
    assert [r.message for r in caplog.records] == [project.notice]
    _assert_whole(Project.open(built[0], cache=tmp_path / "cache"))  # and it stays mended


def test_damage_met_while_indexing_is_reported_in_the_index_statistics(built: tuple[Path, bytes], tmp_path: Path) -> None:
    project = _damaged(built, tmp_path / "cache", 1, len(built[1]) // index_db.PAGE_SIZE)  # all but the header
    stats = project.index()
    assert stats.rebuilt and stats.notice == project.notice and "was damaged" in stats.notice
    assert stats.to_json()["notice"] == stats.notice
    assert (stats.files, stats.added, stats.articles) == (ARTICLES, ARTICLES, ARTICLES)


def test_a_search_in_another_thread_reconnects_to_the_rebuilt_database(built: tuple[Path, bytes], tmp_path: Path) -> None:
    import threading

    project = _damaged(built, tmp_path / "cache", 10, 4)
    results: list[list[str]] = []
    worker = threading.Thread(target=lambda: results.append([r.relpath for r in project.search("topic 5")]))
    project._conn()  # this thread's connection opens the damaged file first
    worker.start()
    worker.join()
    _assert_whole(project)
    assert results == [["physics/topic-5.md"]]


def test_a_database_still_damaged_after_the_rebuild_is_an_error_not_a_loop(
        built: tuple[Path, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _damaged(built, tmp_path / "cache", 1, 40)
    try:
        project._conn().execute("SELECT count(*) FROM articles").fetchall()
    except sqlite3.DatabaseError as exc:
        malformed = exc
    runs: list[int] = []

    def always_damaged(*_args: object) -> None:
        runs.append(1)
        raise malformed

    monkeypatch.setattr(Project, "_index", always_damaged)
    with pytest.raises(sqlite3.DatabaseError, match="malformed"):
        project.index()
    assert len(runs) == 2


def test_a_locked_database_is_not_damage_and_is_never_deleted(built: tuple[Path, bytes], tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    path.write_bytes(built[1])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("BEGIN IMMEDIATE")
    holder.execute("ROLLBACK")
    assert not damage.is_corrupt(locked.value)
    path.write_bytes(b"not a database at all" * 1000)
    with pytest.raises(sqlite3.DatabaseError) as garbage:
        sqlite3.connect(path).execute("SELECT * FROM articles")
    assert damage.is_corrupt(garbage.value)


def test_a_database_another_process_has_already_rebuilt_is_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"damaged")
    seen = damage.identity(path)
    (tmp_path / "new").write_bytes(b"rebuilt by someone else")
    os.replace(tmp_path / "new", path)  # a new file in its place: another inode
    damage.discard(path, seen)
    assert path.read_bytes() == b"rebuilt by someone else"
    damage.discard(path, damage.identity(path))
    assert not path.exists()
