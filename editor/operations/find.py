"""Find across a project: every match of a ``Search`` in the chosen fields, streamed file by file.

``find`` narrows the files with the index (``candidates``), then reads each candidate from disk
and matches the pattern in its fields for real: the answer as its decoded text, the body, any
string value. Front matter is read as the index reads it (the site's canonical layout in one
match, other files by ``editor.index.scan``, which falls back to a full safe parse: the same values
either way), so a find costs a file read, not a YAML round trip. Files are read in chunks on
every core (``parallel``) and the results come in path order from a generator: a background
thread hands each ``FileMatches`` to the window as it comes, and ``cancel()`` stops the stream
between two chunks.

With a replacement, each match carries its new text, and each file the reasons the schema would
refuse a field's new text (``refusals``), so a plan is made without reading the file again.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Final, Iterable, Iterator

from editor.article.frontmatter import ArticleError
from editor.article.schema import load_schema
from editor.index import canonical
from editor.index.database import read_file
from editor.index.project import Project
from editor.index.scan import LINE_OFFSET, scan_split, split_fast
from editor.operations.candidates import candidate_paths
from editor.operations.fields import BODY, is_representable, split_body, text_of
from editor.operations.parallel import ordered
from editor.operations.pattern import Search
from editor.operations.selection import ValueFilter, select
from editor.operations.validation import refusal

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
CONTEXT_CHARS = 40  # of the matched line, either side of the match, for the result list
CHUNK_FILES = 250
PARALLEL_MIN_FILES = 3000  # below this, starting a helper process costs more than it saves
UNREPRESENTABLE = "the new answer holds a backslash followed by n, which the site shows as a line break"


@dataclass(slots=True)  # not frozen: a frozen dataclass costs five times as much to make, per match
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
    """The matches of one file, in field order then text order; the sha256 of the bytes they were
    found in; and, with a replacement, (field, line, reason) for each field whose new text the
    file's schema refuses."""

    folder: Path
    relpath: str
    sha256: str
    matches: list[Match]
    refusals: list[tuple[str, int | None, str]] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.folder / self.relpath

    def to_json(self) -> dict[str, Any]:
        return {"path": self.relpath, "matches": [m.to_json() for m in self.matches]}


# A match as find passes it between processes: the fields of ``Match``, in order.
Row = tuple[str, int, int, str, int, int, "int | None", str, str, "str | None"]
_FIELD: Final = 0
_START: Final = 1
_END: Final = 2
_TEXT: Final = 3
_FILE_LINE: Final = 6
_REPLACEMENT: Final = 9


def match_rows(text: str, key: str, search: Search, first_line: int | None,
               replacement: str | None = None, line_of_text: bool = False) -> list[Row]:
    """Every match of ``search`` in one field's text, as rows (``Match(*row)``). ``first_line``
    is the file line of the field's key (or, with ``line_of_text``, of the text's first line, as
    for the body). Rows, not objects: a regex over 35,000 answers makes 300,000 of them, and
    they cross to the process that shows them as marshal data."""
    found: list[Row] = []
    line, line_start, scanned = 1, 0, 0
    expand = search.replacement
    for hit in search.finditer(text):
        start, end = hit.span()
        # Lines are counted as the matches go: an answer with hundreds of them is not recounted.
        breaks = text.count("\n", scanned, start)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", 0, start) + 1
        scanned = start
        line_end = text.find("\n", end, end + CONTEXT_CHARS)
        where = None if first_line is None else first_line + (line - 1 if line_of_text else 0)
        found.append((key, start, end, text[start:end], line, start - line_start + 1, where,
                      text[max(line_start, start - CONTEXT_CHARS):start],
                      text[end:line_end if line_end >= 0 else end + CONTEXT_CHARS],
                      None if replacement is None else expand(hit, replacement)))
    return found


def matches_in(text: str, key: str, search: Search, first_line: int | None,
               replacement: str | None = None, line_of_text: bool = False) -> list[Match]:
    """``match_rows`` as ``Match`` objects."""
    return [Match(*row) for row in match_rows(text, key, search, first_line, replacement, line_of_text)]


def spliced(text: str, rows: list[Row]) -> str:
    """``text`` with each match (a row of that text, in order) replaced by its replacement."""
    pieces, at = [], 0
    for row in rows:
        new = row[_REPLACEMENT]
        pieces += [text[at:row[_START]], row[_TEXT] if new is None else new]
        at = row[_END]
    return "".join(pieces) + text[at:]


Loaded = tuple[dict[str, Any], dict[str, int], "tuple[str, ...] | None"]


def _front_matter(raw: bytes, path: str, links: bool) -> Loaded | None:
    """(values, key lines, match groups) of a file's front matter, or None when it does not load.

    Files in the site's canonical layout are read in one match (``editor.index.canonical``) and, unless
    ``links``, without building their related links (most fields need none): the groups are
    then returned, for ``canonical.links`` to say whether the links would load once a match is
    found. Other files go through the index's scanner, which falls back to a full safe parse."""
    groups = canonical.match_file(raw)
    data = None if groups is None else canonical.header(groups)
    if groups is not None and data is not None:
        if not links:
            return data, canonical.line_template([], LINE_OFFSET), groups
        found = canonical.links(groups)
        if found is not None:
            canonical.add_links(data, found)
            return data, canonical.line_template([link[0] for link in found], LINE_OFFSET), None
    scan = scan_split(raw, path, split_fast(raw))
    return None if scan.data is None else (scan.data, scan.lines, None)


Found = tuple[str, str, list[Row], list[tuple[str, "int | None", str]]]  # relpath, sha256, rows, refusals


def find_in_bytes(raw: bytes, folder: Path, relpath: str, search: Search, replacement: str | None = None,
                  filters: tuple[ValueFilter, ...] = (), links: bool = False) -> FileMatches | None:
    """The matches in one file's bytes, or None (no match, not an article, or a value ``filters``
    turn down). ``links``: the fields or the filters read related links."""
    found = _find_rows(raw, folder, relpath, search, replacement, filters, links)
    return None if found is None else _file_matches(folder, found)


def _file_matches(folder: Path, found: Found) -> FileMatches:
    relpath, sha256, rows, refusals = found
    return FileMatches(folder, relpath, sha256, [Match(*row) for row in rows], refusals)


def _find_rows(raw: bytes, folder: Path, relpath: str, search: Search, replacement: str | None,
               filters: tuple[ValueFilter, ...], links: bool, loads: bool = False) -> Found | None:
    """``find_in_bytes`` as a ``Found`` row. ``loads``: the index read these very bytes as an
    article (same mtime and size), so the links of a canonical file need no second look."""
    if not search.might_occur(raw):
        return None
    loaded = _front_matter(raw, os.path.join(folder, relpath), links)
    if loaded is None:
        return None
    data, lines, groups = loaded
    if filters and not all(f.admits(data) for f in filters):
        return None
    rows: list[Row] = []
    texts: dict[str, str] = {}
    for key in search.fields:
        if key == BODY:
            try:
                first_line, text = split_body(raw)
            except ArticleError:
                continue
            found = match_rows(text, key, search, first_line, replacement, line_of_text=True)
        else:
            value = text_of(data, key)
            if value is None:
                continue
            text = value
            found = match_rows(text, key, search, lines.get(key), replacement)
        if found:
            texts[key] = text
            rows += found
    if not rows:
        return None
    if groups is not None and not loads and canonical.links(groups) is None:
        # A related link's value is uncertain: the full reader decides (the same values, or none).
        return _find_rows(raw, folder, relpath, search, replacement, filters, True)
    refusals = [] if replacement is None else _refusals(folder, data, texts, rows)
    return relpath, hashlib.sha256(raw).hexdigest(), rows, refusals


def _refusals(folder: Path, data: dict[str, Any], texts: dict[str, str],
              rows: list[Row]) -> list[tuple[str, int | None, str]]:
    """Why each field's text with every replacement made cannot be written, if it cannot."""
    name = data.get("_schema")
    schema = load_schema(name if isinstance(name, str) else "default", folder)
    found = []
    for key, text in texts.items():
        mine = [row for row in rows if row[_FIELD] == key]
        if all(row[_REPLACEMENT] == row[_TEXT] for row in mine):
            continue
        new = spliced(text, mine)
        reason = UNREPRESENTABLE if not is_representable(key, new) else None if key == BODY else refusal(schema, key, new)
        if reason is not None:
            found.append((key, mine[0][_FILE_LINE], reason))
    return found


# folder, [(relpath, (mtime_ns, size) as indexed)], search, replacement, value filters, links
Task = tuple[str, "list[tuple[str, tuple[int, int] | None]]", Search, "str | None", "tuple[ValueFilter, ...]", bool]


def find_chunk(task: Task) -> bytes:
    """The matches of a chunk of files, as marshal data of ``Found`` tuples: what helper
    processes send back (several times cheaper to send than pickled objects)."""
    folder, files, search, replacement, filters, links = task
    root = Path(folder)
    out = []
    for relpath, indexed in files:
        raw, mtime_ns, size, _error = read_file(folder, relpath, None, None)
        loads = indexed is not None and indexed == (mtime_ns, size)
        found = None if raw is None else _find_rows(raw, root, relpath, search, replacement, filters, links, loads)
        if found is not None:
            out.append(found)
    return marshal.dumps(out)


def find(project: Project, search: Search, *, replacement: str | None = None, where: str | None = None,
         paths: Iterable[str | os.PathLike[str]] | None = None, progress: ProgressFn | None = None,
         cancel: CancelFn | None = None, processes: int | None = None) -> Iterator[FileMatches]:
    """Every file with a match, in path order, among the articles ``where`` and ``paths`` select
    (all of them by default). With ``replacement`` each match carries what it would become.

    Reads the index as it is: refresh it first (``project.index()``) so that no new match is
    missed. ``progress(done, total)`` counts candidate files; ``cancel()`` returning True ends
    the stream. ``processes`` defaults to the cores, for more than ``PARALLEL_MIN_FILES`` files.
    """
    if replacement is not None:
        search.check_replacement(replacement)
    selection = select(project, where, paths)
    todo = candidate_paths(project.connection(), search, selection.paths)
    links = any(key.startswith("related_article") for key in [*search.fields, *(f.key for f in selection.filters)])
    folder = str(project.folder)
    stats = {path: (mtime, size) for path, mtime, size in project.connection().execute(
        "SELECT path, mtime_ns, size FROM articles WHERE error IS NULL")}
    files = [(path, stats.get(path)) for path in todo]
    tasks: list[Task] = [(folder, files[i:i + CHUNK_FILES], search, replacement, selection.filters, links)
                         for i in range(0, len(files), CHUNK_FILES)]
    if processes is None and len(todo) < PARALLEL_MIN_FILES:
        processes = 1
    total, done = len(todo), 0
    if progress:
        progress(0, total)
    chunks = ordered(tasks, find_chunk, processes)
    try:
        for task, chunk in zip(tasks, chunks):
            for found in marshal.loads(chunk):
                yield _file_matches(project.folder, found)
            done += len(task[1])
            if progress:
                progress(done, total)
            if cancel is not None and cancel():
                return
    finally:
        chunks.close()  # stops the helper processes when the caller stops early
