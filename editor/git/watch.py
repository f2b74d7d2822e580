"""A cheap fingerprint of a repository's state, to notice git work done outside the app.

A commit, checkout, reset, merge, pull or ``git add`` in a terminal rewrites at least one of:
the index, HEAD, HEAD's reflog, the branch's ref file, ``packed-refs`` or ``FETCH_HEAD``; a
merge or rebase that stops leaves ``MERGE_HEAD`` or a ``rebase-*`` folder. ``fingerprint``
stats those few files (about a dozen ``stat`` calls, no git process), so the window can poll
it every second or so and refresh the status only when it changed. Git replaces these files
by renaming a new one over them, so the inode is part of the fingerprint as well as the mtime
and size.

The app's own reads never change the fingerprint: ``status`` runs with optional locks off, so
it never rewrites the index.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from editor.git.repository import Repository

# Relative to the git dir (per work tree) and to the common dir (shared by linked work trees).
_PER_WORKTREE = ("index", "HEAD", "logs/HEAD", "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD",
                 "rebase-merge", "rebase-apply", "FETCH_HEAD")
_SHARED = ("packed-refs", "FETCH_HEAD", "refs/heads", "refs/remotes", "refs/tags")

Stamp = tuple[int, int, int] | None  # (mtime_ns, size, inode), None when the file is not there


@dataclass(frozen=True)
class Fingerprint:
    """What the watched files looked like; two fingerprints differ when git state changed."""

    stamps: tuple[tuple[str, Stamp], ...]

    def changed_files(self, other: "Fingerprint") -> list[str]:
        """Names of the files that differ between two fingerprints (for logging and tests)."""
        mine, theirs = dict(self.stamps), dict(other.stamps)
        return sorted(name for name in mine.keys() | theirs.keys() if mine.get(name) != theirs.get(name))


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _head_ref(git_dir: Path) -> str | None:
    """``refs/heads/main`` when HEAD names a branch; None when detached or unreadable."""
    try:
        head = (git_dir / "HEAD").read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    return head[5:].strip() if head.startswith("ref: ") else None


def fingerprint(repo: Repository) -> Fingerprint:
    """The current fingerprint of the repository's HEAD, index and refs."""
    stamps = [(f"git:{name}", _stamp(repo.git_dir / name)) for name in _PER_WORKTREE]
    stamps += [(f"common:{name}", _stamp(repo.common_dir / name)) for name in _SHARED]
    ref = _head_ref(repo.git_dir)
    if ref is not None:
        # A commit on a branch rewrites only that branch's file (a folder for "feature/x").
        stamps.append((f"ref:{ref}", _stamp(repo.common_dir / ref)))
    return Fingerprint(tuple(stamps))
