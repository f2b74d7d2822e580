"""Versions of files: a file's bytes at a commit, in the index or on disk, and which paths a
range of revisions changed.

A side of a comparison is a revision (anything ``git rev-parse`` understands: ``HEAD``,
``main``, ``v1.2``, an object id), ``INDEX`` (the staged version, ``:path``) or ``WORKTREE``
(the file on disk). ``RevRange`` is an old side and a new side:

- no text: HEAD against the work tree (what ``git diff HEAD`` shows, plus untracked files);
- ``REV``: that revision against the work tree;
- ``A..B``: A against B (an empty side means HEAD);
- ``A...B``: the merge base of A and B against B, what a pull request of B into A changes;
- ``RevRange.staged()``: HEAD against the index; ``RevRange.unstaged()``: the index against
  the work tree.

Revisions are resolved to object ids before any other command sees them, and a revision that
starts with ``-`` is refused: no text from a user ever reaches git as an option.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from editor.git.repository import GitError, Repository

HEAD = "HEAD"
INDEX = "(index)"  # not a revision git could mean: it holds spaces and parentheses
WORKTREE = "(work tree)"
_SIDES = (INDEX, WORKTREE)
NEW, MODIFIED, DELETED, RENAMED, CONFLICTED = "new", "modified", "deleted", "renamed", "conflicted"
_KIND_OF_LETTER = {"A": NEW, "C": NEW, "M": MODIFIED, "T": MODIFIED, "D": DELETED, "R": RENAMED, "U": CONFLICTED}


@dataclass(frozen=True)
class RevRange:
    """What a review compares: ``old`` and ``new`` sides, and the text it was written as.

    ``merge_base`` means ``old...new``: the old side is the merge base of the two."""

    old: str = HEAD
    new: str = WORKTREE
    merge_base: bool = False
    text: str = ""

    @classmethod
    def parse(cls, text: str | None) -> "RevRange":
        """A range from ``""``, ``REV``, ``A..B`` or ``A...B``; ValueError for text that is not one."""
        text = (text or "").strip()
        if not text:
            return cls(HEAD, WORKTREE, False, "")
        for dots, merge_base in (("...", True), ("..", False)):
            if dots in text:
                old, _, new = text.partition(dots)
                return cls(_rev(old or HEAD, text), _rev(new or HEAD, text), merge_base, text)
        return cls(_rev(text, text), WORKTREE, False, text)

    @classmethod
    def staged(cls) -> "RevRange":
        return cls(HEAD, INDEX, False, "--staged")

    @classmethod
    def unstaged(cls) -> "RevRange":
        return cls(INDEX, WORKTREE, False, "--unstaged")

    @property
    def label(self) -> str:
        """How the range reads in a report: ``HEAD..(work tree)``, ``main...feature``."""
        return self.text or f"{self.old}..{self.new}"

    def resolve(self, repo: Repository) -> "RevRange":
        """The same range with object ids for its revisions (the merge base for ``A...B``),
        so that the files read later all come from the same commits. GitError for a revision
        the repository does not have."""
        old = self.old if self.old in _SIDES else resolve_revision(repo, self.old)
        new = self.new if self.new in _SIDES else resolve_revision(repo, self.new)
        if self.merge_base:
            found = repo.result("merge-base", old, new, read_only=True)
            if found.code != 0:
                raise GitError(f"{self.old} and {self.new} have no common ancestor, so '{self.text}' compares nothing")
            old = os.fsdecode(found.out).strip()
        return replace(self, old=old, new=new, merge_base=False)


def _rev(rev: str, text: str) -> str:
    rev = rev.strip()
    if not rev or rev.startswith("-") or any(c.isspace() or c == "\0" for c in rev):
        raise ValueError(f"{text!r} is not a revision or a range (REV, A..B or A...B)")
    return rev


def empty_tree(repo: Repository) -> str:
    """The object id of the empty tree (the old side of a repository without commits)."""
    return os.fsdecode(repo.run("hash-object", "-t", "tree", "--stdin", input=b"", read_only=True)).strip()


def resolve_revision(repo: Repository, rev: str) -> str:
    """The commit id a revision names; HEAD before the first commit is the empty tree."""
    found = repo.result("rev-parse", "--verify", "--quiet", _rev(rev, rev) + "^{commit}", read_only=True)
    if found.code == 0:
        return os.fsdecode(found.out).strip()
    if rev == HEAD and repo.result("rev-parse", "--verify", "--quiet", "HEAD", read_only=True).code != 0:
        return empty_tree(repo)
    raise GitError(f"unknown revision {rev!r}: no commit, branch or tag of that name in {repo.root}")


@dataclass(frozen=True)
class Change:
    """One path a range changes (repository-relative). ``letter`` is git's status letter
    (A, C, D, M, R, T, U); ``old_path`` the source of a rename or copy; modes and ids as the
    raw diff gave them (None for untracked files and conflicts)."""

    path: str
    letter: str
    old_path: str | None = None
    score: int | None = None
    untracked: bool = False
    old_mode: str | None = None
    new_mode: str | None = None
    old_oid: str | None = None  # None for a path the old side lacks
    new_oid: str | None = None  # all zeros when git has not hashed the file on disk

    @property
    def kind(self) -> str:
        return _KIND_OF_LETTER.get(self.letter, MODIFIED)

    @property
    def source(self) -> str:
        """Where the old version lives: the rename's source, else the path itself."""
        return self.old_path or self.path


def changed_paths(repo: Repository, rev_range: RevRange, paths: Iterable[str] = ()) -> list[Change]:
    """Every path the range changes below the opened folder (or ``paths``), renames found.
    When the new side is the work tree, untracked files (not ignored) count as new.

    Plumbing commands (``diff-tree``, ``diff-index``, ``diff-files``) do the work: the user's
    diff settings cannot change what they print, and unlike ``git diff`` they never rewrite
    the index. A file whose bytes are unchanged but whose stat data is stale (touched, or
    checked out again) is hashed as git would, and left out."""
    resolved = rev_range.resolve(repo)
    spec = list(paths) or ([repo.prefix] if repo.prefix else [])
    tail = ["--", *spec] if spec else []
    raw = ["-z", "--no-abbrev", "--ignore-submodules"]
    if resolved.new == INDEX:
        args = ["diff-index", *raw, "-M", "--cached", resolved.old]
    elif resolved.new == WORKTREE:
        args = ["diff-files", *raw] if resolved.old == INDEX else ["diff-index", *raw, "-M", resolved.old]
    elif resolved.old == INDEX:
        raise ValueError("the index can only be compared with HEAD, a commit or the work tree")
    else:
        args = ["diff-tree", "-r", *raw, "-M", resolved.old, resolved.new]
    changes = parse_raw(repo.run(*args, *tail, read_only=True))
    if resolved.new == WORKTREE:
        changes = _drop_stat_only(repo, changes)
    if resolved.new in _SIDES:
        changes = _mark_conflicts(repo, changes, tail)
    if resolved.new == WORKTREE:
        listed = repo.run("ls-files", "-z", "--others", "--exclude-standard", *tail, read_only=True)
        changes += [Change(os.fsdecode(p), "A", untracked=True) for p in listed.split(b"\0") if p]
    return changes


def _drop_stat_only(repo: Repository, changes: list[Change]) -> list[Change]:
    """Leave out modified files whose bytes hash to the old side's blob (only their stat data
    changed): plumbing reports them with an unknown new id instead of looking inside."""
    unsure = [c for c in changes if c.letter == "M" and c.new_oid is not None and not c.new_oid.strip("0")
              and c.old_mode == c.new_mode and c.old_oid]
    if not unsure:
        return changes
    plain = [c.path for c in unsure if "\n" not in c.path]
    hashes = dict(zip(plain, os.fsdecode(repo.run(
        "hash-object", "--stdin-paths", input=os.fsencode("".join(p + "\n" for p in plain)), read_only=True)).split()))
    for change in unsure:
        if change.path not in hashes:  # --stdin-paths reads names by line
            hashes[change.path] = os.fsdecode(repo.run("hash-object", "--", change.path, read_only=True)).strip()
    same = {c.path for c in unsure if hashes.get(c.path) == c.old_oid}
    return [c for c in changes if c.path not in same]


def _mark_conflicts(repo: Repository, changes: list[Change], tail: list[str]) -> list[Change]:
    """Unmerged paths as conflicted changes: against HEAD git reports them as plainly modified."""
    out = repo.run("ls-files", "-z", "--unmerged", *tail, read_only=True)
    unmerged = {os.fsdecode(record.partition(b"\t")[2]) for record in out.split(b"\0") if record}
    if not unmerged:
        return changes
    listed = {c.path for c in changes}
    marked = [Change(c.path, "U") if c.path in unmerged else c for c in changes]
    unique = list({c.path: c for c in marked}.values())  # diff-files lists each stage of a conflict
    return unique + [Change(path, "U") for path in sorted(unmerged - listed)]


def parse_raw(data: bytes) -> list[Change]:
    """Changes from the raw ``-z`` output of ``diff-tree``, ``diff-index`` and ``diff-files``:
    ``:old-mode new-mode old-id new-id STATUS\0path\0``, with a second path for a rename or
    copy (``R086\0source\0path\0``)."""
    fields = data.split(b"\0")
    found: list[Change] = []
    i = 0
    while i < len(fields) - 1:
        record = fields[i]
        if not record.startswith(b":"):
            i += 1
            continue
        old_mode, new_mode, old_oid, new_oid, status = record[1:].decode("ascii").split(" ")
        letter, score = status[0], int(status[1:]) if status[1:].isdigit() else None
        if letter in "RC":
            old_path, path = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            i += 3
        else:
            old_path, path = None, os.fsdecode(fields[i + 1])
            i += 2
        found.append(Change(path, letter, old_path, score, False, old_mode, new_mode,
                            None if not old_oid.strip("0") else old_oid, new_oid))
    return found


def _object_name(side: str, path: str) -> str:
    # ":0:" names stage 0 outright: ":1:x.md" would be stage 1 of "x.md", not the file "1:x.md".
    return f":0:{path}" if side == INDEX else f"{side}:{path}"


def read_blob(repo: Repository, side: str, path: str) -> bytes | None:
    """A file's bytes on one side (repository-relative path); None when it is not there."""
    return read_blobs(repo, [(side, path)])[0]


def read_blobs(repo: Repository, wanted: Sequence[tuple[str, str]]) -> list[bytes | None]:
    """The bytes of many (side, path) pairs, None for each that is not there. Versions in git
    come from one ``git cat-file --batch``, however many there are."""
    found: list[bytes | None] = [None] * len(wanted)
    batch: list[int] = []
    for i, (side, path) in enumerate(wanted):
        if side == WORKTREE:
            found[i] = _read_file(repo, path)
        elif "\n" in path or "\n" in side:
            found[i] = _cat_one(repo, _object_name(side, path))  # --batch reads names by line
        else:
            batch.append(i)
    if batch:
        names = "".join(_object_name(*wanted[i]) + "\n" for i in batch)
        out = repo.run("cat-file", "--batch", input=os.fsencode(names), read_only=True)
        for i, blob in zip(batch, _parse_batch(out, len(batch))):
            found[i] = blob
    return found


def _read_file(repo: Repository, path: str) -> bytes | None:
    target = repo.file(path)
    if target.is_symlink():
        return os.fsencode(os.readlink(target))  # git stores a link as its target, and so do we
    try:
        return target.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _cat_one(repo: Repository, name: str) -> bytes | None:
    kind = repo.result("cat-file", "-t", name, read_only=True)
    if kind.code != 0 or kind.out.strip() != b"blob":
        return None
    return repo.run("cat-file", "blob", name, read_only=True)


def _parse_batch(out: bytes, count: int) -> list[bytes | None]:
    """Objects from ``cat-file --batch`` output: ``<oid> <type> <size>\\n<bytes>\\n`` or
    ``<name> missing\\n`` (also ``ambiguous``) per name asked for."""
    found: list[bytes | None] = []
    pos = 0
    for _ in range(count):
        end = out.index(b"\n", pos)
        header = out[pos:end].rsplit(b" ", 2)
        pos = end + 1
        if len(header) == 3 and header[2].isdigit():
            size = int(header[2])
            found.append(out[pos:pos + size] if header[1] == b"blob" else None)
            pos += size + 1
        else:
            found.append(None)  # missing or ambiguous: the header has no size, and no body follows
    return found
