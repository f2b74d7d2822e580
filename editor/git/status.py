"""The state of every changed path, from ``git status --porcelain=v2 -z --branch``.

Each path gets one ``FileStatus`` with git's two columns kept (``index``: HEAD to the index,
``worktree``: the index to the file) and one ``kind`` for showing it:

- ``conflicted``: an unmerged path (a merge, rebase or cherry-pick stopped on it);
- ``new``: untracked, added to the index, or added with intent (``git add -N``), or a copy;
- ``renamed``: a rename recorded in the index (``orig_path`` is where it came from);
- ``deleted``: removed from the index or from the work tree;
- ``staged``: changed in the index and not changed since in the work tree;
- ``modified``: changed in the work tree (whatever the index holds).

``folder_counts`` gives the counts per kind for every folder above the changed paths, for the
browser's folder and collection rows.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from editor.git.repository import Repository

NEW, MODIFIED, STAGED, DELETED, RENAMED, CONFLICTED = "new", "modified", "staged", "deleted", "renamed", "conflicted"
KINDS = (NEW, MODIFIED, STAGED, DELETED, RENAMED, CONFLICTED)
UNTRACKED = "?"  # the ``index`` column of an untracked path
UNCHANGED = "."


@dataclass(frozen=True)
class FileStatus:
    """One changed path (repository-relative). ``index`` and ``worktree`` are git's X and Y
    letters (``.`` unchanged, ``M``, ``T``, ``A``, ``D``, ``R``, ``C``, ``U``; ``?`` untracked)."""

    path: str
    index: str
    worktree: str
    orig_path: str | None = None
    score: int | None = None  # similarity of a rename or copy, in percent
    conflict: bool = False

    @property
    def kind(self) -> str:
        if self.conflict:
            return CONFLICTED
        x, y = self.index, self.worktree
        if x == UNTRACKED or x in "AC" or y == "A":
            return NEW
        if x == "R":
            return RENAMED
        if x == "D" or y == "D":
            return DELETED
        if y == UNCHANGED:
            return STAGED
        return MODIFIED

    @property
    def staged(self) -> bool:
        """The index differs from HEAD for this path."""
        return not self.conflict and self.index not in (UNCHANGED, UNTRACKED)

    @property
    def unstaged(self) -> bool:
        """The work tree differs from the index (an untracked file counts)."""
        return self.conflict or self.index == UNTRACKED or self.worktree != UNCHANGED

    @property
    def untracked(self) -> bool:
        return self.index == UNTRACKED


@dataclass(frozen=True)
class Branch:
    """``# branch.*`` headers: ``head`` None when detached, ``oid`` None before the first commit."""

    oid: str | None = None
    head: str | None = None
    upstream: str | None = None
    ahead: int | None = None
    behind: int | None = None


@dataclass(frozen=True)
class Status:
    """Every changed path of a work tree, in git's order (tracked by path, then untracked)."""

    branch: Branch = field(default_factory=Branch)
    files: dict[str, FileStatus] = field(default_factory=dict)

    def get(self, path: str) -> FileStatus | None:
        return self.files.get(path)

    def counts(self) -> Counter[str]:
        """How many paths of each kind."""
        return Counter(entry.kind for entry in self.files.values())

    def under(self, prefix: str) -> "Status":
        """The paths below a folder (``"content/learn/"``), relative to it; renames from outside
        keep their ``orig_path`` repository-relative."""
        if not prefix:
            return self
        if not prefix.endswith("/"):
            prefix += "/"
        cut = len(prefix)
        files = {}
        for path, entry in self.files.items():
            if path.startswith(prefix):
                orig = entry.orig_path
                if orig is not None and orig.startswith(prefix):
                    orig = orig[cut:]
                files[path[cut:]] = FileStatus(path[cut:], entry.index, entry.worktree, orig, entry.score, entry.conflict)
        return Status(self.branch, files)


def read_status(repo: Repository, paths: Iterable[str] = (), untracked: bool = True) -> Status:
    """The status of the opened folder (or of ``paths``, repository-relative), untracked files
    listed one by one. Read-only: it never takes the index lock."""
    spec = list(paths) or ([repo.prefix] if repo.prefix else [])
    args = ["status", "--porcelain=v2", "-z", "--branch", "--untracked-files=" + ("all" if untracked else "no")]
    return parse_status(repo.run(*args, *(["--", *spec] if spec else []), read_only=True))


def parse_status(data: bytes) -> Status:
    """A ``Status`` from the bytes of ``git status --porcelain=v2 -z [--branch]``."""
    fields = data.split(b"\0")
    branch: dict[str, str] = {}
    files: dict[str, FileStatus] = {}
    i = 0
    while i < len(fields):
        record = fields[i]
        i += 1
        if not record:
            continue
        kind = record[:1]
        if kind == b"#":
            _, _, header = os.fsdecode(record).partition(" ")
            name, _, value = header.partition(" ")
            branch[name] = value
        elif kind == b"1":
            parts = record.split(b" ", 8)
            _add(files, FileStatus(os.fsdecode(parts[8]), *_xy(parts[1])))
        elif kind == b"2":
            parts = record.split(b" ", 9)
            orig = os.fsdecode(fields[i])  # -z puts the source path in the next field
            i += 1
            score = int(parts[8][1:]) if parts[8][1:].isdigit() else None
            _add(files, FileStatus(os.fsdecode(parts[9]), *_xy(parts[1]), orig_path=orig, score=score))
        elif kind == b"u":
            parts = record.split(b" ", 10)
            _add(files, FileStatus(os.fsdecode(parts[10]), *_xy(parts[1]), conflict=True))
        elif kind == b"?":
            _add(files, FileStatus(os.fsdecode(record[2:]), UNTRACKED, UNTRACKED))
        # "!" (ignored) paths are only listed when asked for, which this module never does.
    return Status(_branch(branch), files)


def _xy(code: bytes) -> tuple[str, str]:
    text = code.decode("ascii")
    return text[0], text[1]


def _add(files: dict[str, FileStatus], entry: FileStatus) -> None:
    files[entry.path] = entry


def _branch(headers: dict[str, str]) -> Branch:
    oid = headers.get("branch.oid")
    head = headers.get("branch.head")
    ahead = behind = None
    counts = headers.get("branch.ab", "").split()
    if len(counts) == 2:
        ahead, behind = int(counts[0].lstrip("+")), int(counts[1].lstrip("-"))
    return Branch(
        oid=None if oid in (None, "(initial)") else oid,
        head=None if head in (None, "(detached)") else head,
        upstream=headers.get("branch.upstream"),
        ahead=ahead,
        behind=behind,
    )


def folder_counts(status: Status) -> dict[str, Counter[str]]:
    """Counts per kind for every folder holding a changed path, at any depth: ``""`` is the
    top, ``"physics"`` a folder, ``"physics/waves"`` one inside it."""
    found: dict[str, Counter[str]] = {"": Counter()}
    for path, entry in status.files.items():
        kind = entry.kind
        found[""][kind] += 1
        end = path.find("/")
        while end != -1:
            found.setdefault(path[:end], Counter())[kind] += 1
            end = path.find("/", end + 1)
    return found
