"""Hostile files around loading and saving: FIFOs and devices named ``.md`` never hang a load or
a save, an edit never saves a file the editor would then refuse to open, and a read-only file is
not overwritten (not even by root) unless the writer says so.

Anything that could hang or read without end runs in a forked child under a timeout and an
address-space limit, so a regression fails the test instead of freezing or swapping the machine.
"""
from __future__ import annotations

import os
import pickle
import resource
import signal
import stat
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from editor.article import disk, frontmatter
from editor.article.article import Article, ArticleError, ConflictError
from editor.article.atomic import ReadOnlyFileError, SaveError

ARTICLE = (
    "---\n_schema: default\nid: 7301\ndate: 2025-04-09\ntitle: >-\n    What makes a rainbow?\n"
    "subject: Physics\nanswer: >-\n    Light bends in raindrops.\nscore: 0.5\n---\n\n&nbsp;"
).encode()


def bounded(body: Callable[[], Any], seconds: float = 10.0) -> Any:
    """``body()`` in a forked child with 1 GiB of address space; its result comes back, or for an
    exception ("raised", the names of its classes, its text). Fails the test if the child does not finish in ``seconds``."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        os.close(read_end)
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        try:
            result: Any = ("ok", body())
        except BaseException as exc:  # the parent asserts on it
            result = ("raised", [cls.__name__ for cls in type(exc).__mro__], str(exc))
        os.write(write_end, pickle.dumps(result))
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, _status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.02)
    else:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
        pytest.fail(f"did not finish within {seconds} s")
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    return pickle.loads(b"".join(chunks))


# --- FIFOs and devices ------------------------------------------------------------------------

def test_loading_a_fifo_named_md_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    outcome = bounded(lambda: Article.load(fifo))
    assert outcome[0] == "raised" and "ArticleError" in outcome[1], outcome
    assert str(fifo) in outcome[2] and "named pipe" in outcome[2]


def test_loading_a_symlink_to_dev_zero_is_refused_without_reading_it(tmp_path: Path) -> None:
    link = tmp_path / "zero.md"
    link.symlink_to("/dev/zero")
    outcome = bounded(lambda: Article.load(link))
    assert outcome[0] == "raised" and "ArticleError" in outcome[1], outcome
    assert "character device" in outcome[2]


def test_a_file_that_claims_no_size_is_read_only_up_to_the_limit_plus_one_byte() -> None:
    # /proc files report st_size 0 and then produce bytes: the limit, not the size, stops the read
    with pytest.raises(ArticleError, match="over 16 bytes"):
        disk.read_regular("/proc/self/maps", limit=16)


def test_a_save_after_the_file_became_a_fifo_is_a_conflict_and_does_not_hang(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    article = Article.load(path)
    article.set("score", 0.75)
    path.unlink()
    os.mkfifo(path)

    def save() -> str:
        try:
            article.save()
        except ConflictError as exc:
            return f"conflict: {exc}"
        return "saved"

    outcome = bounded(save)
    assert outcome[0] == "ok" and outcome[1].startswith("conflict:"), outcome
    assert "named pipe" in outcome[1]
    assert stat.S_ISFIFO(os.lstat(path).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.md"]
    assert bounded(article.disk_changed) == ("ok", True)


def test_a_forced_save_over_a_fifo_is_refused_as_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    article = Article.load(path)
    article.set("score", 0.75)
    path.unlink()
    os.mkfifo(path)
    outcome = bounded(lambda: article.save(force=True))
    assert outcome[0] == "raised" and "SaveError" in outcome[1] and "not a regular file" in outcome[2], outcome
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


# --- the loader's limits, before saving --------------------------------------------------------

def test_an_answer_over_the_front_matter_limit_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    article = Article.load(path)
    article.answer = "Light bends in raindrops. " * 81_000  # 2.1 million characters
    with pytest.raises(ArticleError) as caught:
        article.save()
    assert str(path) in str(caught.value)
    assert "cannot open again" in caught.value.message and f"{frontmatter.MAX_FRONT_MATTER_CHARS:,}" in caught.value.message
    assert path.read_bytes() == ARTICLE and article.is_modified
    assert sorted(p.name for p in tmp_path.iterdir()) == ["article.md"]


def test_the_save_limit_is_the_loaders_own_constant(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    article = Article.load(path)
    article.answer = "x" * 400
    monkeypatch.setattr(frontmatter, "MAX_FRONT_MATTER_CHARS", 300)
    with pytest.raises(ArticleError, match="300"):
        article.save()
    monkeypatch.setattr(frontmatter, "MAX_FRONT_MATTER_CHARS", 2_000_000)
    article.save()
    assert Article.load(path).answer == "x" * 400


def test_save_as_a_copy_is_held_to_the_same_limits(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    article = Article.load(path)
    article.set("question", "Why? " * 420_000)
    with pytest.raises(ArticleError, match="cannot open again"):
        article.save(tmp_path / "copy.md")
    assert not (tmp_path / "copy.md").exists()


# --- read-only files ----------------------------------------------------------------------------

def test_a_read_only_file_is_not_overwritten_even_by_root(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    path.chmod(0o444)
    article = Article.load(path)
    article.set("score", 0.25)
    with pytest.raises(ReadOnlyFileError) as caught:
        article.save()
    assert isinstance(caught.value, SaveError)
    assert str(path) in str(caught.value) and "read-only" in str(caught.value) and "0444" in str(caught.value)
    assert path.read_bytes() == ARTICLE and article.is_modified


def test_overwrite_read_only_writes_it_and_keeps_it_read_only(tmp_path: Path) -> None:
    path = tmp_path / "article.md"
    path.write_bytes(ARTICLE)
    path.chmod(0o444)
    article = Article.load(path)
    article.set("score", 0.25)
    article.save(overwrite_read_only=True)
    assert Article.load(path).get("score") == 0.25
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
