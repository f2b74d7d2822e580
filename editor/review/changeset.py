"""The articles a range of revisions changes, each with both of its versions.

``load_changeset`` asks git which paths changed below the opened folder (``editor.git``:
renames found, untracked files new when the work tree is a side), keeps the article files
(``*.md`` outside hidden folders and ``node_modules``, as the project's discovery does), and
reads every old and new version in one ``git cat-file --batch``. A path whose two versions
hold the same bytes (only its mode changed) is left out: nothing in it is there to review; a
rename keeps its place even with the same bytes, since the article's address changed.

Paths in a change set are relative to the opened folder, as the project's are.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from editor.git.repository import Repository
from editor.git.revisions import Change, RevRange, changed_paths, read_blobs
from editor.review.version import MISSING, Version, load_version

SKIPPED_FOLDERS = frozenset({"node_modules"})
NEW, DELETED = "new", "deleted"


@dataclass(frozen=True)
class ArticleChange:
    """One changed article: ``path`` relative to the folder (the new path of a rename),
    ``status`` new, modified, deleted, renamed or conflicted, and both versions."""

    path: str
    status: str
    old: Version
    new: Version
    old_path: str | None = None  # where a renamed article came from (relative to the folder)
    repo_path: str = ""

    @property
    def old_relpath(self) -> str:
        return self.old_path or self.path


@dataclass(frozen=True)
class ChangeSet:
    """The changed articles of one range, in path order; ``rev_range`` has object ids."""

    folder: Path
    rev_range: RevRange
    label: str
    articles: tuple[ArticleChange, ...]

    def get(self, path: str) -> ArticleChange | None:
        return next((a for a in self.articles if a.path == path), None)


def is_article_path(relpath: str) -> bool:
    """An article file as the project's discovery finds them: ``*.md`` outside hidden folders."""
    parts = relpath.split("/")
    return (relpath.endswith(".md") and not any(p.startswith(".") or p in SKIPPED_FOLDERS for p in parts[:-1])
            and not parts[-1].startswith("."))


def load_changeset(repo: Repository, rev_range: RevRange | None = None, paths: list[str] | None = None) -> ChangeSet:
    """Every changed article of the range (the work tree against HEAD by default), with both
    versions read. ``paths`` (relative to the folder) limits it to those articles."""
    wanted = rev_range or RevRange()
    resolved = wanted.resolve(repo)
    spec = [repo.prefix + p for p in paths] if paths else []
    changes = [c for c in changed_paths(repo, resolved, spec) if _in_folder(repo, c)]
    requests = [side for change in changes for side in ((resolved.old, change.source), (resolved.new, change.path))]
    needed = _needed(changes)
    found = iter(read_blobs(repo, [request for request, flag in zip(requests, needed) if flag]))
    versions = [next(found) if flag else None for flag in needed]
    articles = []
    for i, change in enumerate(changes):
        old_data, new_data = versions[2 * i], versions[2 * i + 1]
        if old_data == new_data and change.old_path is None:
            continue  # only the mode changed, or only the stat data: nothing to review
        relpath = repo.folder_path(change.path) or change.path
        old_path = None
        if change.old_path is not None:
            old_path = repo.folder_path(change.old_path) or change.old_path
        articles.append(ArticleChange(
            relpath, change.kind, _load(old_data, old_path or relpath), _load(new_data, relpath), old_path, change.path,
        ))
    articles.sort(key=lambda a: a.path)
    return ChangeSet(repo.folder, resolved, wanted.label, tuple(articles))


def _in_folder(repo: Repository, change: Change) -> bool:
    relpath = repo.folder_path(change.path)
    return relpath is not None and is_article_path(relpath)


def _needed(changes: list[Change]) -> list[bool]:
    """Which (old, new) versions exist to be read: a new file has no old one, a deleted file no new one."""
    flags = []
    for change in changes:
        flags += [change.kind != NEW or change.letter == "C", change.kind != DELETED]
    return flags


def _load(data: bytes | None, relpath: str) -> Version:
    return MISSING if data is None else load_version(data, relpath)
