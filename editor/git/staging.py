"""Changing what the next commit holds: stage, unstage, discard, write one blob, commit.

All through git's own commands, so the user's configuration and hooks apply: ``commit`` is a
plain ``git commit -F -`` (identity from git config, ``pre-commit`` and ``commit-msg`` hooks run,
signing if the user set it up). Nothing here pushes or pulls.

``discard`` returns every file's bytes from before, so the caller can journal the discard and
undo it. ``stage_bytes`` puts given bytes in the index for one path without touching the file
on disk: ``editor.review.staging`` uses it to stage one field of an article and leave the rest.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

from editor.git.repository import GitError, Repository
from editor.git.revisions import resolve_revision

COMMIT_TIMEOUT = 600.0  # hooks may run linters or tests; the user chose them
_REGULAR = "100644"


@dataclass(frozen=True)
class Discarded:
    """One path's work-tree bytes before and after a discard (None: no file)."""

    path: str
    before: bytes | None
    after: bytes | None


@dataclass(frozen=True)
class IndexEntry:
    """One path's stage-0 entry in the index: file mode and blob id."""

    mode: str
    oid: str


def _paths(paths: Iterable[str]) -> list[str]:
    listed = list(dict.fromkeys(paths))
    if not listed:
        raise ValueError("no paths given")
    return listed


def stage(repo: Repository, paths: Iterable[str]) -> None:
    """Stage the work tree's version of each path (a deleted file stages its deletion)."""
    repo.run("add", "-A", "--", *_paths(paths))


def has_commits(repo: Repository) -> bool:
    return repo.result("rev-parse", "--verify", "--quiet", "HEAD^{commit}", read_only=True).code == 0


def unstage(repo: Repository, paths: Iterable[str]) -> None:
    """Give each path its HEAD version in the index again (or none, if HEAD lacks it); the
    work tree is left alone. For a staged rename, pass both the old and the new path."""
    listed = _paths(paths)
    if has_commits(repo):
        repo.run("reset", "-q", "HEAD", "--", *listed)
    else:
        repo.run("rm", "--cached", "-q", "-r", "--ignore-unmatch", "--", *listed)


def _listed(repo: Repository, args: list[str], paths: list[str]) -> set[str]:
    out = repo.run(*args, "--", *paths, read_only=True)
    return {os.fsdecode(p) for p in out.split(b"\0") if p}


def discard(repo: Repository, paths: Iterable[str], staged: bool = False) -> list[Discarded]:
    """Throw away changes to each path, returning the bytes that were on disk before.

    Without ``staged`` the file gets its index version back (a file git does not track is
    deleted). With ``staged`` both index and file get HEAD's version (a file HEAD lacks is
    removed from the index and deleted)."""
    listed = _paths(paths)
    before = {path: _file_bytes(repo, path) for path in listed}
    if staged:
        # Before the first commit HEAD has nothing: every path is removed from the index.
        known = _listed(repo, ["ls-tree", "-r", "-z", "--name-only", "HEAD"], listed) if has_commits(repo) else set()
        source = ["HEAD"]
    else:
        known = _listed(repo, ["ls-files", "-z", "--cached"], listed)
        source = []
    tracked = [path for path in listed if path in known]
    if tracked:
        repo.run("checkout", "-q", *source, "--", *tracked)
    for path in listed:
        if path in known:
            continue
        if staged:
            repo.run("rm", "--cached", "-q", "--ignore-unmatch", "--", path)
        target = repo.file(path)
        if target.is_file() or target.is_symlink():
            target.unlink()
    return [Discarded(path, before[path], _file_bytes(repo, path)) for path in listed]


def _file_bytes(repo: Repository, path: str) -> bytes | None:
    target = repo.file(path)
    try:
        return os.fsencode(os.readlink(target)) if target.is_symlink() else target.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def index_entry(repo: Repository, path: str) -> IndexEntry | None:
    """The path's stage-0 index entry, or None (untracked, or in conflict)."""
    out = repo.run("ls-files", "-z", "--stage", "--", path, read_only=True)
    for record in out.split(b"\0"):
        info, _, name = record.partition(b"\t")
        fields = info.split()
        if len(fields) == 3 and fields[2] == b"0" and os.fsdecode(name) == path:
            return IndexEntry(fields[0].decode("ascii"), fields[1].decode("ascii"))
    return None


def stage_bytes(repo: Repository, path: str, data: bytes, mode: str | None = None) -> str:
    """Make ``data`` the staged version of ``path`` (the file on disk is not touched); returns
    the blob id. The bytes are stored as given (no clean filter or line-end conversion): they
    are meant to be an index version already. The mode stays what the index has."""
    oid = os.fsdecode(repo.run("hash-object", "-w", "--stdin", "--no-filters", input=data)).strip()
    if mode is None:
        entry = index_entry(repo, path)
        mode = entry.mode if entry is not None else _REGULAR
    repo.run("update-index", "--add", "--cacheinfo", f"{mode},{oid},{path}")
    return oid


def commit(repo: Repository, message: str, amend: bool = False, timeout: float = COMMIT_TIMEOUT) -> str:
    """Commit the index with ``message`` through ``git commit -F -``; returns the new commit id.

    GitError quotes git (and the hooks) when it refuses: nothing staged, no identity, a hook
    that failed."""
    if not message.strip():
        raise ValueError("the commit message is empty")
    args = ["commit", "-q", "-F", "-"] + (["--amend"] if amend else [])
    result = repo.result(*args, input=message.encode("utf-8"), timeout=timeout)
    if result.code != 0:
        raise GitError(f"git commit did not commit: {result.message or 'it gave no reason'}")
    return resolve_revision(repo, "HEAD")
