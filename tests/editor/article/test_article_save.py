"""Saving: atomic, minimal, refuses to overwrite newer disk content, keeps mode and symlinks."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from editor.article.article import Article, ConflictError
from editor.article.atomic import SaveError
from tests.locations import FIXTURES

SOURCE = FIXTURES / "articles" / "lf.md"


@pytest.fixture
def article_path(tmp_path: Path) -> Path:
    path = tmp_path / "how-does-compound-interest-grow-a-savings-balance.md"
    path.write_bytes(SOURCE.read_bytes())
    return path


def test_saving_an_unmodified_article_writes_nothing(article_path: Path) -> None:
    os.utime(article_path, (1_000_000, 1_000_000))
    Article.load(article_path).save()
    assert article_path.stat().st_mtime == 1_000_000


def test_save_writes_the_edit_and_clears_modified(article_path: Path) -> None:
    article = Article.load(article_path)
    article.set("title", "A better title")
    article.save()
    assert not article.is_modified
    assert Article.load(article_path).get("title") == "A better title"
    assert sorted(p.name for p in article_path.parent.iterdir()) == [article_path.name]


def test_save_refuses_to_overwrite_a_file_changed_on_disk(article_path: Path) -> None:
    article = Article.load(article_path)
    article.set("title", "Mine")
    article_path.write_bytes(article_path.read_bytes().replace(b"score: -1.0", b"score: 2.0"))
    with pytest.raises(ConflictError) as info:
        article.save()
    assert str(article_path) in str(info.value)
    assert b"score: 2.0" in article_path.read_bytes()
    article.save(force=True)
    assert Article.load(article_path).get("title") == "Mine"


def test_save_notices_a_deleted_file(article_path: Path) -> None:
    article = Article.load(article_path)
    article.set("title", "Mine")
    article_path.unlink()
    with pytest.raises(ConflictError):
        article.save()
    article.save(force=True)
    assert article_path.exists()


def test_save_keeps_the_file_mode(article_path: Path) -> None:
    article_path.chmod(0o640)
    article = Article.load(article_path)
    article.set("score", 1.5)
    article.save()
    assert stat.S_IMODE(article_path.stat().st_mode) == 0o640


def test_save_through_a_symlink_writes_the_target_and_keeps_the_link(article_path: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.md"
    link.symlink_to(article_path)
    article = Article.load(link)
    article.set("score", 3.0)
    article.save()
    assert link.is_symlink()
    assert Article.load(article_path).get("score") == 3.0


def test_save_as_writes_a_new_file_and_follows_it(article_path: Path, tmp_path: Path) -> None:
    article = Article.load(article_path)
    article.set("id", 5)
    copy = tmp_path / "copy.md"
    article.save(copy)
    assert article.path == copy and Article.load(copy).get("id") == 5
    assert Article.load(article_path).get("id") == 90417


def test_failed_replace_leaves_original_and_no_temp_file(article_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = article_path.read_bytes()
    article = Article.load(article_path)
    article.set("title", "Will not land")

    def refuse(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(SaveError) as info:
        article.save()
    assert "disk is full" in str(info.value)
    assert article_path.read_bytes() == original
    assert sorted(p.name for p in article_path.parent.iterdir()) == [article_path.name]
    assert article.is_modified


def test_rebase_makes_recovered_text_unsaved_over_the_disk_version(article_path: Path) -> None:
    disk = article_path.read_bytes()
    recovered = Article.parse(disk.replace(b"score: -1.0", b"score: 4.0"), article_path)
    recovered.rebase(disk, Article.load(article_path).disk_hash)
    assert recovered.is_modified
    recovered.save()
    assert Article.load(article_path).get("score") == 4.0


def test_rebase_onto_an_outdated_baseline_still_raises_conflict(article_path: Path) -> None:
    disk = article_path.read_bytes()
    recovered = Article.parse(disk.replace(b"score: -1.0", b"score: 4.0"), article_path)
    recovered.rebase(disk, "0" * 64)
    with pytest.raises(ConflictError):
        recovered.save()
