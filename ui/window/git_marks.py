"""The browser's git marks: a letter and a colour per changed article, counts per row above it.

The letters are VS Code's: ``U`` untracked, ``A`` added, ``M`` modified, ``D`` deleted, ``R``
renamed, ``C`` conflicted, and ``S`` for a change that is staged and not changed since (VS Code
lists those as ``M`` under "Staged Changes"; one list needs its own letter). A folder, collection
or heading row counts the letters below it ("physics  (6)  ·  2 M") and takes the colour of the
most pressing one, as VS Code colours a folder.

Only article files are marked: the entries the index lists, and the ``*.md`` files git has that
are gone from the work tree (deleted articles, shown as struck-through rows under their title in
HEAD). Plain Python, run off the GUI thread.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping

from editor.article.article import Article, ArticleError
from editor.git.repository import GitError, Repository
from editor.git.revisions import read_blobs
from editor.git.status import CONFLICTED, DELETED, MODIFIED, NEW, RENAMED, STAGED, FileStatus, Status
from ui.window.browser_listing import Entry, Layout, clean_title

# The most pressing first: a folder row takes the colour of the first kind it holds.
URGENCY = (CONFLICTED, DELETED, MODIFIED, STAGED, RENAMED, NEW)
LETTER_ORDER = "CDMSRAU"
# (light theme, dark theme): VS Code's gitDecoration colours, staged in a blue of its own.
COLOURS: dict[str, tuple[str, str]] = {
    NEW: ("#2e7d32", "#73c991"),
    MODIFIED: ("#9a6700", "#e2c08d"),
    STAGED: ("#1f5fbf", "#6cb6ff"),
    DELETED: ("#c62828", "#f47067"),
    RENAMED: ("#00796b", "#4ec9b0"),
    CONFLICTED: ("#ad1457", "#f06292"),
}
SKIPPED_PARTS = frozenset({"node_modules", ".git"})
MAX_DELETED_TITLES = 500  # HEAD versions read for titles; more deleted rows show file names


@dataclass(frozen=True)
class Mark:
    letter: str
    kind: str
    note: str  # what the letter means, for the tooltip


# One Mark per kind, shared by every file of that kind (a rename names its source: its own).
MARKS = {
    "untracked": Mark("U", NEW, "untracked: new, not added to git"),
    NEW: Mark("A", NEW, "added: new in the index, not committed"),
    MODIFIED: Mark("M", MODIFIED, "modified: changed since the last commit, not staged"),
    STAGED: Mark("S", STAGED, "staged: the change is in the index, ready to commit"),
    DELETED: Mark("D", DELETED, "deleted: git has it, the work tree does not"),
    CONFLICTED: Mark("C", CONFLICTED, "conflicted: a merge stopped here; resolve it and stage the file"),
}


def mark_of(entry: FileStatus) -> Mark:
    kind = entry.kind
    if kind == RENAMED:
        return Mark("R", RENAMED, f"renamed from {entry.orig_path}" if entry.orig_path else "renamed")
    return MARKS["untracked" if kind == NEW and entry.untracked else kind]


@dataclass
class GitMarks:
    """``marks`` by relpath; per node key, the letters below it and its colour's kind;
    ``deleted``: rows for deleted articles the index no longer lists, sorted like entries."""

    marks: dict[str, Mark] = field(default_factory=dict)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    deleted: list[Entry] = field(default_factory=list)

    def summary(self, key: str) -> str:
        """" · 2 M 1 U" for a node key, "" when nothing below it changed."""
        counts = self.counts.get(key)
        if not counts:
            return ""
        return "  ·  " + " ".join(f"{counts[letter]} {letter}" for letter in LETTER_ORDER if counts[letter])


def is_article_path(relpath: str, layout: Layout) -> bool:
    """A path the index would list as an article (``*.md``, nothing hidden, not a template)."""
    parts = relpath.split("/")
    return (relpath.endswith(".md") and not any(p.startswith(".") or p in SKIPPED_PARTS for p in parts)
            and layout.is_content(relpath))


def git_marks(status: Status, entries: Mapping[str, Entry], layout: Layout, root: Path,
              titles: Callable[[list[str]], dict[str, str]] = lambda _paths: {}) -> GitMarks:
    """The marks of ``status`` (paths relative to the project folder) over ``entries`` (by
    relpath); ``titles`` gives the titles of deleted files the index does not list."""
    found = GitMarks()
    gone = []
    for relpath, entry in status.files.items():
        listed = relpath in entries
        if not listed and not (entry.kind == DELETED and is_article_path(relpath, layout)):
            continue
        mark = found.marks[relpath] = mark_of(entry)
        if not listed:
            gone.append(relpath)
        folder = relpath.rpartition("/")[0]
        for place in layout.chain(folder):
            found.counts.setdefault(place.key, Counter())[mark.letter] += 1
            current = found.kinds.get(place.key)
            if current is None or URGENCY.index(mark.kind) < URGENCY.index(current):
                found.kinds[place.key] = mark.kind
    if gone:
        named = titles(gone[:MAX_DELETED_TITLES])
        for relpath in gone:
            folder, _, name = relpath.rpartition("/")
            found.deleted.append(Entry(root / relpath, named.get(relpath) or name, "", folder, relpath, deleted=True))
        found.deleted.sort(key=lambda e: e.order)
    return found


def head_titles(repo: Repository, relpaths: Iterable[str]) -> dict[str, str]:
    """The titles of files (relative to the opened folder) as HEAD has them, read in one batch;
    a file HEAD lacks, or whose front matter is unreadable, is left out."""
    relpaths = list(relpaths)
    try:
        blobs = read_blobs(repo, [("HEAD", repo.prefix + relpath) for relpath in relpaths])
    except GitError:
        return {}
    found = {}
    for relpath, data in zip(relpaths, blobs):
        if data is None:
            continue
        try:
            title = clean_title(Article.parse(data).get("title", None), "")
        except ArticleError:
            continue
        if title:
            found[relpath] = title
    return found
