"""The project index on disk: one SQLite database per content folder, and what one file puts in it.

Tables: ``articles`` (one row per file, with its stat, its indexed fields or its load error),
``links`` (one row per ``related_articleN`` mapping), ``problems`` (the checks that need only the
file itself, computed while indexing) and ``fts``, an FTS5 table over title, question, keywords
and subject. Columns that hold YAML values (ids, titles, link fields) have no declared type, so
SQLite keeps the int 76278 and the string "76278" apart, as the link checks need.

``index_file`` is what a worker process runs per file: read, scan, check. It returns plain
tuples, cheap to send back to the process that writes the database.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import reprlib
import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterable

from editor.checks import RulesCache, file_problems, pitfall_finder, problem
from editor.links import url_key
from editor.scan import Scan, scan_bytes
from editor.schema import relation_slot

SCHEMA_VERSION = 3
DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS articles(
    rid INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, mtime_ns INTEGER, size INTEGER,
    fast INTEGER, error TEXT, error_line INTEGER,
    id, id_line INTEGER, title, subject, subject_line INTEGER, subject_key TEXT, url, url_key TEXT,
    date TEXT, keywords TEXT, question TEXT, file_name TEXT);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url_key);
CREATE INDEX IF NOT EXISTS articles_subject ON articles(subject_key);
CREATE TABLE IF NOT EXISTS links(
    article INTEGER NOT NULL, slot INTEGER, key TEXT, id, title, subject, url, url_key TEXT, line INTEGER);
CREATE INDEX IF NOT EXISTS links_article ON links(article);
CREATE INDEX IF NOT EXISTS links_url ON links(url_key);
CREATE TABLE IF NOT EXISTS problems(
    article INTEGER NOT NULL, line INTEGER, field TEXT, code TEXT, message TEXT, fix TEXT);
CREATE INDEX IF NOT EXISTS problems_article ON problems(article);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, question, keywords, subject, tokenize='unicode61 remove_diacritics 2', prefix='3');
"""
ARTICLE_COLUMNS = (
    "rid, path, mtime_ns, size, fast, error, error_line, id, id_line, title, subject, subject_line, "
    "subject_key, url, url_key, date, keywords, question, file_name"
)
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 3, 200, 200

# One file's contribution: (article row without rid, link rows, problem rows).
Entry = tuple[tuple[Any, ...], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating) an index database; it is a cache, so durability is traded for speed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.executescript(DDL)
    return conn


def db_value(value: Any) -> Any:
    """A YAML value as stored: str, int, float and None as they are; anything else as tagged text.

    The tag keeps a date or a list from ever equalling a string, and reprlib keeps alias bombs small.
    """
    if value is None or type(value) in (str, int, float):
        return value
    return f"\x00{type(value).__name__}:{_REPR.repr(value)}"


def text_of(value: Any) -> str:
    """A value as searchable, printable text."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


def subject_key(subject: Any) -> str:
    """How ``subject:`` filters compare subjects: lowercase letters and digits only."""
    return _NOT_ALNUM.sub("", text_of(subject).lower())


class FileContext:
    """What indexing the files of one folder shares: the folder, schema rules, the pitfall finder."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.rules = RulesCache(folder)
        self.find_pitfalls = pitfall_finder()


def entry_of(relpath: str, mtime_ns: int, size: int, scan: Scan, context: FileContext) -> Entry:
    """What one scanned file puts in the index."""
    if scan.data is None:
        error = scan.error
        line = error.line if error is not None else 1
        message = error.message if error is not None else "cannot read the file"
        row = (relpath, mtime_ns, size, 0, message, line) + (None,) * 12
        return row, [], [(line, "", "yaml-error", message, None)]
    data, lines = scan.data, scan.lines
    seo = data.get("seo")
    keywords = seo.get("page_keywords") if isinstance(seo, dict) else None
    row = (
        relpath, mtime_ns, size, int(scan.fast), None, None,
        db_value(data.get("id")), lines.get("id"), db_value(data.get("title")), db_value(data.get("subject")),
        lines.get("subject"), subject_key(data.get("subject")), db_value(data.get("url")), url_key(data.get("url")),
        text_of(data.get("date")) or None, text_of(keywords), text_of(data.get("question")), text_of(data.get("file_name")),
    )
    links = []
    for key, value in data.items():
        slot = relation_slot(key) if isinstance(key, str) and key.startswith("related_article") else None
        if slot is None or not isinstance(value, dict):
            continue
        links.append((
            slot, key, db_value(value.get("id")), db_value(value.get("title")), db_value(value.get("subject")),
            db_value(value.get("url")), url_key(value.get("url")), lines.get(key),
        ))
    problems = [
        (p.line, p.field, p.code, p.message, json.dumps(p.fix) if p.fix is not None else None)
        for p in file_problems(relpath, data, lines, context.rules(data.get("_schema")), context.find_pitfalls)
    ]
    return row, links, problems


def index_file(context: FileContext, relpath: str, mtime_ns: int, size: int) -> Entry:
    """Read, scan and check one file. Never raises for a bad file: its error is the entry."""
    path = os.path.join(context.folder, relpath)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        return (relpath, mtime_ns, size, 0, message, None) + (None,) * 12, [], [(None, "", "yaml-error", message, None)]
    scan = scan_bytes(raw, path)
    return entry_of(relpath, mtime_ns, size, scan, context)


def write_entries(conn: sqlite3.Connection, entries: Iterable[Entry], next_rid: int) -> int:
    """Insert entries (their old rows already deleted); returns the next free rid."""
    articles, fts, links, problems = [], [], [], []
    for row, link_rows, problem_rows in entries:
        rid = next_rid
        next_rid += 1
        articles.append((rid,) + row)
        if row[4] is None:  # no error: searchable
            fts.append((rid, text_of(row[8]), row[16], row[15], text_of(row[9])))
        links.extend((rid,) + link for link in link_rows)
        problems.extend((rid,) + p for p in problem_rows)
    conn.executemany(f"INSERT INTO articles({ARTICLE_COLUMNS}) VALUES ({','.join('?' * 19)})", articles)
    conn.executemany("INSERT INTO fts(rowid, title, question, keywords, subject) VALUES (?,?,?,?,?)", fts)
    conn.executemany("INSERT INTO links VALUES (?,?,?,?,?,?,?,?,?)", links)
    conn.executemany("INSERT INTO problems VALUES (?,?,?,?,?,?)", problems)
    return next_rid


def delete_rows(conn: sqlite3.Connection, rids: list[int]) -> None:
    """Forget files (removed, or about to be written again)."""
    for start in range(0, len(rids), 500):
        chunk = [(rid,) for rid in rids[start:start + 500]]
        conn.executemany("DELETE FROM articles WHERE rid = ?", chunk)
        conn.executemany("DELETE FROM fts WHERE rowid = ?", chunk)
        conn.executemany("DELETE FROM links WHERE article = ?", chunk)
        conn.executemany("DELETE FROM problems WHERE article = ?", chunk)


def stored_problems(conn: sqlite3.Connection) -> list[Any]:
    """The per-file problems kept in the index, as ``checks.Problem``."""
    rows = conn.execute(
        "SELECT a.path, p.line, p.field, p.code, p.message, p.fix FROM problems p JOIN articles a ON a.rid = p.article"
    )
    return [
        problem(path, line, field, code, message, json.loads(fix) if fix else None)
        for path, line, field, code, message, fix in rows
    ]


def worker_init() -> None:
    """Worker processes leave Ctrl-C to the parent, which cancels them."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def index_chunk(args: tuple[str, list[tuple[str, int, int]]]) -> list[Entry]:
    """A worker process's task: index a chunk of (relpath, mtime_ns, size) files of one folder."""
    folder, files = args
    context = FileContext(folder)
    return [index_file(context, relpath, mtime, size) for relpath, mtime, size in files]


ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
