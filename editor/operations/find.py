"""Find across a project: every match of a ``Search`` in the chosen fields, streamed file by file.

``find`` narrows the files with the index (``candidates``), then reads each candidate from disk
and matches the pattern in its fields for real: the answer as its decoded text, the body, any
string value. The front matter is read by the index's own scanner (``editor.scan``: the site's
canonical layout in one match, other files line by line or by a full safe parse, the same values
either way), so a find costs a file read, not a YAML round trip. Results come in path order as a
generator: a background thread hands each ``FileMatches`` to the window as it is found, and
``cancel()`` stops it between two files.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from editor.article.frontmatter import ArticleError
from editor.index.database import read_file
from editor.operations.candidates import candidate_paths
from editor.operations.fields import BODY, split_body, text_of
from editor.operations.pattern import Search
from editor.operations.selection import select
from editor.index.project import Project
from editor.index.scan import scan_bytes

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
CONTEXT_CHARS = 40  # of the matched line, either side of the match, for the result list
PROGRESS_EVERY = 200  # files between two progress calls


@dataclass(frozen=True)
class Match:
    """One match in one field. ``start``/``end`` index the field's text (the decoded answer,
    the body, a string value); ``line`` and ``column`` (1-based) are in that text; ``file_line``
    is the line in the file: the field's key, or the body's own line."""

    field: str
    start: int
    end: int
    text: str
    line: int
    column: int
    file_line: int | None
    before: str
    after: str
    replacement: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "column": self.column, "file_line": self.file_line,
                "text": self.text, "replacement": self.replacement, "before": self.before, "after": self.after}


@dataclass
class FileMatches:
    """The matches of one file, in field order then text order, and what they were found in:
    the sha256 of the bytes read, each matched field's text and the file's ``_schema``, for the
    plan built from them."""

    path: Path
    relpath: str
    sha256: str
    matches: list[Match]
    texts: dict[str, str] = field(default_factory=dict, repr=False)
    schema: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"path": self.relpath, "matches": [m.to_json() for m in self.matches]}


def matches_in(text: str, key: str, search: Search, first_line: int | None,
               replacement: str | None = None, line_of_text: bool = False) -> list[Match]:
    """Every match of ``search`` in one field's text. ``first_line`` is the file line of the
    field's key (or, with ``line_of_text``, of the text's first line, as for the body)."""
    found = []
    line, line_start, scanned = 1, 0, 0
    for hit in search.compiled.finditer(text):
        start, end = hit.span()
        # Lines are counted incrementally: an answer with hundreds of matches is not recounted.
        breaks = text.count("\n", scanned, start)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", 0, start) + 1
        scanned = start
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[max(line_start, start - CONTEXT_CHARS):start]
        after = text[end:min(line_end, end + CONTEXT_CHARS)]
        where = None if first_line is None else first_line + (line - 1 if line_of_text else 0)
        found.append(Match(key, start, end, hit.group(), line, start - line_start + 1, where, before, after,
                           None if replacement is None else search.replacement(hit, replacement)))
    return found


def find_in_bytes(raw: bytes, path: Path, relpath: str, search: Search, replacement: str | None = None,
                  admits: Callable[[dict[str, Any]], bool] | None = None) -> FileMatches | None:
    """The matches in one file's bytes, or None (no match, not an article, or not ``admits``)."""
    if not search.might_occur(raw):
        return None
    scan = scan_bytes(raw, path)
    if scan.data is None or (admits is not None and not admits(scan.data)):
        return None
    matches: list[Match] = []
    texts: dict[str, str] = {}
    for key in search.fields:
        if key == BODY:
            try:
                first_line, text = split_body(raw)
            except ArticleError:
                continue
            found = matches_in(text, key, search, first_line, replacement, line_of_text=True)
        else:
            value = text_of(scan.data, key)
            if value is None:
                continue
            text = value
            found = matches_in(text, key, search, scan.lines.get(key), replacement)
        if found:
            texts[key] = text
            matches += found
    if not matches:
        return None
    schema = scan.data.get("_schema")
    return FileMatches(path, relpath, hashlib.sha256(raw).hexdigest(), matches, texts,
                       schema if isinstance(schema, str) else None)


def find(project: Project, search: Search, *, replacement: str | None = None, where: str | None = None,
         paths: Iterable[str | os.PathLike[str]] | None = None, progress: ProgressFn | None = None,
         cancel: CancelFn | None = None) -> Iterator[FileMatches]:
    """Every file with a match, in path order, among the articles ``where`` and ``paths`` select
    (all of them by default). With ``replacement`` each match carries what it would become.

    Reads the index as it is: refresh it first (``project.index()``) so that no new match is
    missed. ``progress(done, total)`` counts candidate files; ``cancel()`` returning True ends
    the stream after the current file.
    """
    if replacement is not None:
        search.check_replacement(replacement)
    selection = select(project, where, paths)
    todo = candidate_paths(project.connection(), search, selection.paths)
    admits = selection.admits if selection.filters else None
    folder = str(project.folder)
    total = len(todo)
    if progress:
        progress(0, total)
    for done, relpath in enumerate(todo, 1):
        if cancel is not None and cancel():
            return
        raw, _, _, _error = read_file(folder, relpath, None, None)
        found = None if raw is None else find_in_bytes(
            raw, project.folder / relpath, relpath, search, replacement, admits)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        if found is not None:
            yield found
