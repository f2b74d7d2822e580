"""Saving under faults: whatever fails, the original survives, no temp file stays, the buffer stays
modified and the error says what happened.

Real faults where this machine allows them: a file-size limit (RLIMIT_FSIZE) and an unprivileged
user (fork + setuid 65534) in a child process, a full or read-only tmpfs mounted for the test
(root only). Where mounting is impossible the EROFS/ENOSPC tests inject the errno instead, and
say so in their output. os.replace and os.fsync failures are injected.
"""
from __future__ import annotations

import errno
import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from editor.article import atomic
from editor.article.article import Article, ArticleError, ConflictError
from editor.article.atomic import SaveError, write_atomic

NOBODY = 65534
# Becoming uid 65534 (setgroups, setuid) and handing it files (chown) take root; CI runs as root,
# a writer running the README's test command does not.
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="only root can act as uid 65534")

ARTICLE = (
    "---\n_schema: default\nid: 4101\ndate: 2025-01-15\ntitle: >-\n    How do tides work?\n"
    "subject: Physics\nanswer: >-\n    The moon pulls.\\n\\nThe sea bulges.\n"
    "score: 0.5\n---\n\n&nbsp;"
).encode()


def write_article(folder: Path, name: str = "how-do-tides-work.md", data: bytes = ARTICLE) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def edited(path: Path, extra: str = "A third paragraph, typed before the fault.") -> Article:
    article = Article.load(path)
    article.answer = article.answer + "\n\n" + extra
    assert article.is_modified
    return article


def leftovers(folder: Path, *keep: str) -> list[str]:
    """Names in the folder other than the expected ones (temp or backup files)."""
    return sorted(name for name in os.listdir(folder) if name not in keep)


def run_in_child(body: Callable[[], dict[str, Any]], uid: int | None = None, fsize: int | None = None) -> dict[str, Any]:
    """Run ``body`` in a forked child (optionally as ``uid`` and under a file-size limit); its dict comes back."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_end)
        try:
            if fsize is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
            if uid is not None:
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)
            result = body()
        except BaseException as exc:  # the parent asserts on whatever happened
            result = {"unexpected": f"{type(exc).__name__}: {exc}"}
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 65536):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return json.loads(b"".join(chunks))


def save_outcome(article: Article) -> dict[str, Any]:
    """Try to save; report the error the way the UI would see it."""
    try:
        article.save()
    except SaveError as exc:
        return {"error": type(exc).__name__, "message": str(exc), "errno": exc.errno, "modified": article.is_modified}
    except OSError as exc:
        return {"error": type(exc).__name__, "message": str(exc), "errno": exc.errno, "modified": article.is_modified}
    return {"error": None, "modified": article.is_modified}


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A 0755 folder outside pytest's private (0700) tmp tree, so uid 65534 can reach it."""
    folder = Path(tempfile.mkdtemp(prefix="article-editor-faults-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path | None]:
    """A freshly mounted 256 KiB tmpfs (None where this sandbox cannot mount)."""
    point = tmp_path / "mnt"
    point.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs", str(point)):
        yield None
        return
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


# -- a failed write ----------------------------------------------------------------------------

def test_short_write_keeps_original_and_says_the_disk_is_full(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_article(tmp_path)
    article = edited(path)
    real_write = os.write
    calls = {"n": 0}

    def half_then_nothing(fd: int, data: Any) -> int:
        calls["n"] += 1
        return real_write(fd, bytes(data[: len(data) // 2])) if calls["n"] == 1 else 0

    monkeypatch.setattr(atomic.os, "write", half_then_nothing)
    with pytest.raises(SaveError) as caught:
        article.save()
    monkeypatch.undo()
    message = str(caught.value)
    assert "disk is full" in message and "bytes could be written" in message and str(path) in message
    assert "unchanged" in message
    assert path.read_bytes() == ARTICLE
    assert leftovers(tmp_path, path.name) == []
    assert article.is_modified


def test_file_size_limit_fails_the_save_with_the_original_intact(shared_folder: Path) -> None:
    path = write_article(shared_folder)
    article = edited(path, "x" * 3000)  # the new version needs more than the 2 KB limit
    outcome = run_in_child(lambda: save_outcome(article), fsize=2048)
    assert outcome["error"] == "SaveError", outcome
    assert outcome["errno"] == errno.EFBIG
    assert "larger than the system allows" in outcome["message"]
    assert outcome["modified"] is True
    assert path.read_bytes() == ARTICLE
    assert leftovers(shared_folder, path.name) == []


def test_write_atomic_under_a_file_size_limit_raises_and_leaves_no_temp_file(shared_folder: Path) -> None:
    target = shared_folder / "notes.md"
    target.write_bytes(b"small original")

    def body() -> dict[str, Any]:
        try:
            write_atomic(target, b"y" * 4096)
        except OSError as exc:
            return {"error": type(exc).__name__, "message": str(exc)}
        return {"error": None}

    outcome = run_in_child(body, fsize=2048)
    assert outcome["error"] == "SaveError"
    assert target.read_bytes() == b"small original"
    assert leftovers(shared_folder, "notes.md") == []


def test_full_disk_leaves_original_intact_and_says_so(small_tmpfs: Path | None, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    folder = small_tmpfs or tmp_path
    path = write_article(folder)
    article = edited(path, "z" * 100_000)
    if small_tmpfs is not None:
        # Leave ~60 KiB free on the real disk: the article fits, its 100 KB edit does not.
        (folder / "filler").write_bytes(b"\0" * (256 - 64) * 1024)
    else:
        with capsys.disabled():
            print("\n[no tmpfs mount here: ENOSPC injected into os.write]")
        monkeypatch.setattr(atomic.os, "write", lambda fd, data: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(SaveError) as caught:
        article.save()
    assert caught.value.errno == errno.ENOSPC
    assert "the disk is full" in str(caught.value)
    assert path.read_bytes() == ARTICLE
    assert leftovers(folder, path.name, "filler", "mnt") == []  # "mnt": the mount point, unused
    assert article.is_modified


# -- permissions (as uid 65534; root ignores permissions) --------------------------------------

@needs_root
def test_unwritable_folder_gives_permission_denied_and_keeps_the_file(shared_folder: Path) -> None:
    path = write_article(shared_folder)
    os.chown(path, NOBODY, NOBODY)  # the file is theirs, the folder (root's, 0755) is not
    article = edited(path)
    outcome = run_in_child(lambda: save_outcome(article), uid=NOBODY)
    assert outcome["error"] == "SaveError", outcome
    assert outcome["errno"] == errno.EACCES
    assert "permission denied" in outcome["message"] and "temporary file" in outcome["message"]
    assert outcome["modified"] is True
    assert path.read_bytes() == ARTICLE
    assert leftovers(shared_folder, path.name) == []


@needs_root
def test_read_only_file_in_a_writable_folder_is_not_replaced(shared_folder: Path) -> None:
    os.chown(shared_folder, NOBODY, NOBODY)
    path = write_article(shared_folder)
    os.chown(path, NOBODY, NOBODY)
    path.chmod(0o444)
    article = edited(path)
    outcome = run_in_child(lambda: save_outcome(article), uid=NOBODY)
    assert outcome["errno"] == errno.EACCES, outcome
    assert "read-only" in outcome["message"]
    assert path.read_bytes() == ARTICLE
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert leftovers(shared_folder, path.name) == []


@needs_root
def test_unprivileged_user_saves_normally_in_their_own_folder(shared_folder: Path) -> None:
    os.chown(shared_folder, NOBODY, NOBODY)
    path = write_article(shared_folder)
    os.chown(path, NOBODY, NOBODY)
    article = edited(path)
    outcome = run_in_child(lambda: save_outcome(article), uid=NOBODY)
    assert outcome == {"error": None, "modified": False}
    assert b"typed before the fault" in path.read_bytes()
    assert path.stat().st_uid == NOBODY


# -- read-only file system ---------------------------------------------------------------------

def test_read_only_file_system_keeps_the_file_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "src"
    source.mkdir()
    point = tmp_path / "ro"
    point.mkdir()
    path = write_article(source)
    mounted = _mount("--bind", str(source), str(point)) and _mount("-o", "remount,ro,bind", str(point))
    try:
        if mounted:
            path = point / path.name
        else:
            with capsys.disabled():
                print("\n[cannot mount here: EROFS injected into os.open]")
            real_open = os.open
            monkeypatch.setattr(atomic.os, "open", lambda p, *a, **k: (_ for _ in ()).throw(
                OSError(errno.EROFS, "Read-only file system")) if str(p).endswith(".tmp") else real_open(p, *a, **k))
        article = edited(path)
        with pytest.raises(SaveError) as caught:
            article.save()
        assert caught.value.errno == errno.EROFS
        assert "read-only" in str(caught.value) and str(path) in str(caught.value)
        assert path.read_bytes() == ARTICLE
        assert leftovers(path.parent, path.name) == []
        assert article.is_modified
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)


# -- injected failures of rename and fsync -----------------------------------------------------

@pytest.mark.parametrize("code", [errno.EIO, errno.EACCES, errno.ENOSPC])
def test_failed_rename_keeps_original_and_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    path = write_article(tmp_path)
    article = edited(path)
    monkeypatch.setattr(atomic.os, "replace", lambda *_a: (_ for _ in ()).throw(OSError(code, os.strerror(code))))
    with pytest.raises(SaveError) as caught:
        article.save()
    assert caught.value.errno == code
    assert "replacing the file" in str(caught.value)
    assert path.read_bytes() == ARTICLE
    assert leftovers(tmp_path, path.name) == []
    assert article.is_modified


def test_failed_fsync_keeps_original_and_removes_the_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_article(tmp_path)
    article = edited(path)
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "Input/output error")))
    with pytest.raises(SaveError) as caught:
        article.save()
    assert "input/output error" in str(caught.value) and "flushing" in str(caught.value)
    assert path.read_bytes() == ARTICLE
    assert leftovers(tmp_path, path.name) == []
    assert article.is_modified


def test_rename_refused_on_a_mount_point_falls_back_to_an_in_place_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_article(tmp_path)
    inode = path.stat().st_ino
    article = edited(path)
    monkeypatch.setattr(atomic.os, "replace", lambda *_a: (_ for _ in ()).throw(OSError(errno.EBUSY, "busy")))
    article.save()
    assert b"typed before the fault" in path.read_bytes()
    assert path.stat().st_ino == inode
    assert leftovers(tmp_path, path.name) == []


# -- links, mode, owner, names -----------------------------------------------------------------

def test_symlink_is_kept_and_its_target_written(tmp_path: Path) -> None:
    real = write_article(tmp_path, "real.md")
    link = tmp_path / "link.md"
    link.symlink_to("real.md")
    article = edited(link)
    article.save()
    assert link.is_symlink() and os.readlink(link) == "real.md"
    assert b"typed before the fault" in real.read_bytes()
    assert leftovers(tmp_path, "real.md", "link.md") == []


def test_hard_linked_file_is_written_in_place_so_every_name_sees_the_edit(tmp_path: Path) -> None:
    first = write_article(tmp_path, "first.md")
    second = tmp_path / "second.md"
    os.link(first, second)
    article = edited(first)
    article.save()
    assert second.read_bytes() == first.read_bytes()
    assert b"typed before the fault" in second.read_bytes()
    assert first.stat().st_nlink == 2
    assert leftovers(tmp_path, "first.md", "second.md") == []  # the backup copy is gone again


def test_hard_linked_file_that_cannot_grow_is_put_back_as_it_was(shared_folder: Path) -> None:
    first = write_article(shared_folder, "first.md")
    os.link(first, shared_folder / "second.md")
    article = edited(first, "w" * 3000)
    outcome = run_in_child(lambda: save_outcome(article), fsize=2048)
    assert outcome["error"] == "SaveError", outcome
    assert "in place" in outcome["message"] and "unchanged" in outcome["message"]
    assert first.read_bytes() == ARTICLE
    assert (shared_folder / "second.md").read_bytes() == ARTICLE
    assert leftovers(shared_folder, "first.md", "second.md") == []


def test_hard_linked_shorter_version_is_truncated_to_its_length(tmp_path: Path) -> None:
    first = write_article(tmp_path, "first.md")
    os.link(first, tmp_path / "second.md")
    write_atomic(first, b"short")
    assert (tmp_path / "second.md").read_bytes() == b"short"


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o2755])
def test_file_mode_is_kept(tmp_path: Path, mode: int) -> None:
    path = write_article(tmp_path)
    path.chmod(mode)
    edited(path).save()
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_new_file_gets_the_umask_default_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.md", ARTICLE)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o640


def test_root_saving_another_users_file_keeps_its_owner(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can hand files to another user")  # CI runs as root
    path = write_article(tmp_path)
    os.chown(path, NOBODY, NOBODY)
    edited(path).save()
    assert (path.stat().st_uid, path.stat().st_gid) == (NOBODY, NOBODY)


def test_file_name_near_the_length_limit_saves(tmp_path: Path) -> None:
    path = write_article(tmp_path, "a" * 250 + ".md")
    edited(path).save()
    assert b"typed before the fault" in path.read_bytes()
    assert leftovers(tmp_path, path.name) == []


def test_saving_over_a_folder_is_refused_clearly(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    with pytest.raises(SaveError, match="not a regular file"):
        write_atomic(tmp_path / "folder.md", ARTICLE)


# -- never silently overwrite --------------------------------------------------------------------

def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = write_article(tmp_path)
    article = edited(path)
    newer = ARTICLE.replace(b"score: 0.5", b"score: 0.9")
    path.write_bytes(newer)
    with pytest.raises(ConflictError):
        article.save()
    assert path.read_bytes() == newer
    article.save(force=True)
    assert b"typed before the fault" in path.read_bytes()


def test_save_of_a_deleted_file_is_a_conflict_until_recreated(tmp_path: Path) -> None:
    path = write_article(tmp_path)
    article = edited(path)
    path.unlink()
    with pytest.raises(ConflictError, match="deleted or renamed"):
        article.save()
    assert not path.exists()
    article.save(force=True)
    assert b"typed before the fault" in path.read_bytes()


# -- bad input: a clear ArticleError, and nothing written ---------------------------------------

def _deep(depth: int) -> bytes:
    return b"---\nid: 1\nx: " + b"[" * depth + b"]" * depth + b"\n---\n"


BAD_INPUTS: dict[str, bytes] = {
    "malformed yaml": b"---\nid: 1\ntitle: [unclosed\nsubject: Physics\n---\n",
    "no front matter": b"Just some markdown, no front matter.\n",
    "binary bytes": b"---\nid: \x00\x01\x02\xff\xfe\n---\n",
    "latin-1 bytes": "---\nid: 1\ntitle: Caf\u00e9 cr\u00e8me\n---\n".encode("latin-1"),
    "python tag": b"---\nid: !!python/object/apply:os.system ['touch /tmp/pwned']\n---\n",
    "alias bomb": b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    b"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n---\n",
    "50,000-deep nesting": _deep(50_000),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_raises_a_clear_article_error_and_writes_nothing(tmp_path: Path, name: str) -> None:
    path = write_article(tmp_path, "bad.md", BAD_INPUTS[name])
    before = path.stat()
    with pytest.raises(ArticleError) as caught:
        Article.load(path)
    assert str(path) in str(caught.value)
    assert caught.value.message
    assert path.read_bytes() == BAD_INPUTS[name] and path.stat().st_mtime_ns == before.st_mtime_ns
    assert leftovers(tmp_path, "bad.md") == []
    assert not Path("/tmp/pwned").exists()


def test_a_50_mb_file_is_refused_with_its_size_and_nothing_is_written(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    paragraph = b"Tides rise and fall twice a day.\\n\\n" * 1000
    with open(path, "wb") as handle:
        handle.write(b"---\nid: 1\nanswer: >-\n    ")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(paragraph)
        handle.write(b"\n---\n")
    with pytest.raises(ArticleError) as caught:
        Article.load(path)
    assert str(path) in str(caught.value)
    assert "limit" in caught.value.message
    assert leftovers(tmp_path, "huge.md") == []
