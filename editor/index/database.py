"""The project index on disk: one SQLite database per content folder, and what one file puts in it.

Tables: ``articles`` (one row per file, with its stat, its indexed fields or its load error),
``links`` (one row per article with related links: its ``related_articleN`` mappings, marshalled;
see ``editor.link_store``), ``link_hashes`` (the url hashes an article links to, packed, for
backlinks),
``problems`` (the checks that need only the
file itself, computed while indexing), ``answers`` (the few answers with math, whose pitfalls are
looked for at check time) and ``fts``, an FTS5 table over title, question, keywords
and subject. Columns that hold YAML values (ids, titles, link fields) have no declared type, so
SQLite keeps the int 76278 and the string "76278" apart, as the link checks need.

``scan_chunk`` is what indexing runs over a chunk of files: read, scan, check. Helper processes
send its rows back as marshalled tuples, cheap to send to the process that writes the database.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import marshal
import os
import sqlite3
from array import array
from pathlib import Path
from typing import Any, Callable, Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from editor.index import canonical
from editor.index import link_store
from editor.checks.file_rules import FileRules, RulesCache, file_problem_rows, may_have_pitfalls
from editor.checks.problem import problem
from editor.checks.links import url_key
from editor.article.edit_check import DuplicateKey
from editor.index.reading import READ_ERROR, Unread, read_file
from editor.index.scan import LINE_OFFSET, Scan, scan_split, split_fast
from editor.article.frontmatter import MAX_FRONT_MATTER_CHARS
from editor.article.schema import relation_slot
from editor.index.stored_value import INT64 as _INT64
from editor.index.stored_value import db_value, text_of
from editor.index.words import searchable

SCHEMA_VERSION = 9
DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value);
CREATE TABLE IF NOT EXISTS articles(
    rid INTEGER PRIMARY KEY, path TEXT NOT NULL, mtime_ns INTEGER, size INTEGER,
    fast INTEGER, error TEXT, error_line INTEGER,
    id, id_line INTEGER, title, subject, subject_line INTEGER, url, url_key TEXT, url_hash INTEGER,
    date TEXT, keywords TEXT, question TEXT, file_name TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE INDEX IF NOT EXISTS articles_url ON articles(url_hash);
CREATE TABLE IF NOT EXISTS links(article INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS link_hashes(article INTEGER PRIMARY KEY, hashes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS problems(
    article INTEGER NOT NULL, line INTEGER, field TEXT, code TEXT, message TEXT, fix TEXT);
CREATE INDEX IF NOT EXISTS problems_article ON problems(article);
CREATE TABLE IF NOT EXISTS answers(article INTEGER PRIMARY KEY, line INTEGER, answer TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    title, question, keywords, subject, tokenize='unicode61 remove_diacritics 2', prefix='3');
"""
ARTICLE_COLUMNS = (
    "rid, path, mtime_ns, size, fast, error, error_line, id, id_line, title, subject, subject_line, "
    "url, url_key, url_hash, date, keywords, question, file_name"
)


# 16 KiB pages, not SQLite's default 4 KiB: a cold index's writes cost about a quarter less (fewer
# pages to split, log and checkpoint), and lookups are as quick.
PAGE_SIZE = 16384


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating) an index database. It is a cache: a crash may lose its last commits (the next
    index reads those files again), never its consistency."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False, isolation_level=None)
    conn.execute(f"PRAGMA page_size={PAGE_SIZE}")  # only a new, empty database takes it
    conn.execute("PRAGMA journal_mode=WAL")
    # NORMAL, not OFF: under WAL it syncs only at checkpoints, so a power cut can lose the last
    # commits of a built index but not corrupt it. A cold index, which has nothing to lose, fills
    # the database unsynced (see ``unsynced``).
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA temp_store=MEMORY")
    if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        # New, or made by another version of the editor (tables may differ): start again.
        with transaction(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:  # nobody did meanwhile
                conn.execute("DROP TABLE IF EXISTS meta")
                clear(conn)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        _resize_pages(conn)
    return conn


@contextlib.contextmanager
def unsynced(conn: sqlite3.Connection) -> Iterator[None]:
    """``synchronous=OFF`` while a cold index fills an empty database. Its checkpoints' syncs cost
    a fifth of a cold index here (synthetic 35,000-article folder, 6 alternating rounds: NORMAL
    4.68 s, OFF 3.73 s; 17 fdatasync calls, 1.3 s of wall time), and an index cut off by a crash
    has nothing to lose: the next run finishes it, or rebuilds it when SQLite finds it damaged
    (``editor.index.damage``). A built index's updates are synced (``connect``)."""
    conn.execute("PRAGMA synchronous=OFF")
    try:
        yield
    finally:
        conn.execute("PRAGMA synchronous=NORMAL")


def _resize_pages(conn: sqlite3.Connection) -> None:
    """Give a database made with other pages (by an older version) ``PAGE_SIZE`` ones, now that it
    is empty. A database in WAL mode keeps its page size, so it leaves WAL for the while; when
    another connection has it open, it cannot, and the database keeps its pages."""
    if conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE:
        return
    try:
        if conn.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete":
            conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
            conn.execute("VACUUM")
    except sqlite3.OperationalError:
        pass  # busy: the next upgrade or a new cache gets the larger pages
    finally:
        conn.execute("PRAGMA journal_mode=WAL")


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction: committed when the block ends, rolled back when it raises."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextlib.contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Held while a process brings the index at ``path`` up to date: an ``flock`` on a file beside
    it, so two indexers (a window and a CLI run, say) take turns rather than both writing the
    same new files. Without flock (Windows, some network file systems) there is no such turn."""
    fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def stored_path(relpath: str) -> str:
    """A relpath as the index stores it. A file name that is not UTF-8 reaches Python with its odd
    bytes as surrogates, which SQLite cannot store: they are written as ``\\xNN`` escapes."""
    if relpath.isascii():
        return relpath
    try:
        relpath.encode("utf-8")
        return relpath
    except UnicodeEncodeError:
        return relpath.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class FileContext:
    """What indexing the files of one folder shares: the folder and its schema rules."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.rules = RulesCache(folder)


class Batch:
    """Rows for a run of files, ready for ``executemany``; rids are given out from ``next_rid``."""

    def __init__(self, next_rid: int) -> None:
        self.next_rid = next_rid
        self.articles: list[tuple[Any, ...]] = []
        self.fts: list[tuple[Any, ...]] = []
        self.links: list[tuple[Any, ...]] = []
        self.link_hashes: list[tuple[int, bytes]] = []
        self.problems: list[tuple[Any, ...]] = []
        self.answers: list[tuple[Any, ...]] = []
        self.fast = 0

    def add_error(self, relpath: str, mtime_ns: int | None, size: int | None, line: int | None, message: str,
                  code: str = READ_ERROR) -> None:
        """A file that is not an article: its message and problem (``code``) are its entry."""
        rid = self.next_rid
        self.next_rid += 1
        self.articles.append((rid, relpath, mtime_ns, size, 0, message, line) + (None,) * 12)
        self.problems.append((rid, line, "", code, message, None))

    def add(self, relpath: str, mtime_ns: int, size: int, scan: Scan, context: FileContext) -> None:
        """What one scanned file puts in the index."""
        data = scan.data
        if data is None:
            error = scan.error
            self.add_error(relpath, mtime_ns, size, error.line if error else 1,
                           error.message if error else "cannot read the file")
            return
        links = []
        for key in [k for k in data if type(k) is str and k[:15] == "related_article"]:
            value = data[key]
            digits = key[15:]
            # The same as the regex, cheaper; relation_slot decides the long (too big) numbers.
            slot = int(digits) if digits.isdecimal() and len(digits) < 18 else relation_slot(key)
            if slot is not None and type(value) is dict:
                links.append((key, slot, value.get("id"), value.get("title"), value.get("subject"), value.get("url")))
        self._add_loaded(relpath, mtime_ns, size, scan.fast, data, scan.lines,
                         link_store.stored_links(links, scan.lines), context.rules(data.get("_schema")),
                         scan.duplicates)

    def add_canonical(self, relpath: str, mtime_ns: int, size: int, groups: tuple[str, ...],
                      context: FileContext) -> bool:
        """``add`` for a file in the site's canonical layout, from its match (see
        ``editor.canonical``): no Scan, no copy of its key lines, no walk over its keys for links.
        tests/editor/test_index_rows.py checks the rows equal a full parse's. False when a value is
        uncertain."""
        data = canonical.header(groups)
        links = None if data is None else link_store.canonical_links(groups, LINE_OFFSET)
        if data is None or links is None:
            return False
        rules = context.rules(data["_schema"])
        if rules.links_required:  # the checks read the links, and their lines, only when one is required
            found = canonical.links(groups)
            if found is None:
                return False
            canonical.add_links(data, found)
            lines = canonical.line_template([link[0] for link in found], LINE_OFFSET)
        else:
            lines = canonical.line_template([], LINE_OFFSET)  # the header's: no check is on a link
        self._add_loaded(relpath, mtime_ns, size, True, data, lines, links, rules)
        return True

    def _add_loaded(self, relpath: str, mtime_ns: int, size: int, fast: bool, data: dict[str, Any],
                    lines: dict[str, int], links: link_store.Stored, rules: FileRules,
                    duplicates: tuple[DuplicateKey, ...] = ()) -> None:
        """The rows of a loaded file, its related links already as stored (see ``editor.link_store``).
        This runs for every file of a folder, so strings (the common case) are stored inline rather
        than through ``db_value``."""
        rid = self.next_rid
        self.next_rid += 1
        self.fast += fast
        get = data.get
        seo = get("seo")
        title, subject, url, question = get("title"), get("subject"), get("url"), get("question")
        title_text = title if type(title) is str else text_of(title)
        subject_text = subject if type(subject) is str else text_of(subject)
        question = question if type(question) is str else text_of(question)
        keywords = seo.get("page_keywords") if isinstance(seo, dict) else ""
        keywords = keywords if type(keywords) is str else text_of(keywords)
        id_, date, file_name = get("id"), get("date"), get("file_name")
        key = url.strip() if type(url) is str else url_key(url)
        self.articles.append((
            rid, relpath, mtime_ns, size, int(fast), None, None,
            id_ if type(id_) is int and -_INT64 <= id_ < _INT64 else db_value(id_), lines.get("id"),
            title if type(title) is str else db_value(title),
            subject if type(subject) is str else db_value(subject), lines.get("subject"),
            url if type(url) is str else db_value(url), key, None if key is None else link_store.url_hash(key),
            (date.isoformat() if type(date) is dt.date else text_of(date) or None),
            keywords, question, file_name if type(file_name) is str else text_of(file_name),
        ))
        # Questions often repeat the title word for word; indexing them again only costs time.
        # ``searchable`` adds "Newtons" after "Newton's", as a query folds it (editor.index.words).
        self.fts.append((rid, searchable(title_text), "" if question == title_text else searchable(question),
                         searchable(keywords), subject_text))
        stored, hashes = links
        if stored:
            self.links.append((rid, marshal.dumps(stored)))
            if hashes:
                self.link_hashes.append((rid, link_store.pack_hashes(hashes)))
        answer = get("answer")
        if may_have_pitfalls(answer):
            self.answers.append((rid, lines.get("answer"), answer))
        for line, field, code, message, fix in file_problem_rows(relpath, data, lines, rules, duplicates):
            self.problems.append((rid, line, field, code, message, None if fix is None else json.dumps(fix)))

    def add_file(self, context: FileContext, relpath: str, mtime_ns: int | None, size: int | None) -> None:
        """Read, scan and check one file. Never raises for a bad file: its error is the entry.

        ``mtime_ns`` None means the file was listed without a stat: it is stat'ed as it is read.
        """
        self.add_read(context, relpath, *read_file(context.folder, relpath, mtime_ns, size))

    def add_read(self, context: FileContext, relpath: str, raw: bytes | None, mtime_ns: int, size: int,
                 unread: Unread | None) -> None:
        """Scan and check one file ``read_file`` has read (or has not: ``unread``)."""
        stored = stored_path(relpath)
        if raw is None or stored != relpath:
            # Problems are reported on a line: a file that cannot be read at all, on its first.
            code, message = unread or (READ_ERROR, "the file name is not UTF-8 text; rename the file to open it here")
            self.add_error(stored, mtime_ns, size, 1, message, code)
            return
        rid, fast = self.next_rid, self.fast
        try:
            self._add_bytes(context, relpath, raw, mtime_ns, size)
        except (ValueError, OverflowError, RecursionError) as exc:
            # The last net under "one bad file never takes the folder down": whatever a value
            # does past the checks, the file is an error entry and the folder goes on.
            self._forget_from(rid, fast)
            self.add_error(relpath, mtime_ns, size, 1, f"cannot index this file: {exc}")

    def _add_bytes(self, context: FileContext, relpath: str, raw: bytes, mtime_ns: int, size: int) -> None:
        path = context.folder + os.sep + relpath  # os.path.join costs more, for the same path
        if len(raw) > MAX_FRONT_MATTER_CHARS:
            # Its front matter may be over the editor's limit: frontmatter.split decides, as for Article.
            self.add(relpath, mtime_ns, size, scan_split(raw, path, None), context)
            return
        groups = canonical.match_file(raw)
        if groups is not None:
            if not self.add_canonical(relpath, mtime_ns, size, groups, context):
                # A value was uncertain: the line scanner, without matching the whole file again.
                self.add(relpath, mtime_ns, size, scan_split(raw, path, split_fast(raw)), context)
            return
        # A BOM or CRLF line ends: the canonical layout may still be inside.
        yaml_text = split_fast(raw)
        groups = None if yaml_text is None else canonical.match_text(yaml_text)
        if groups is None or not self.add_canonical(relpath, mtime_ns, size, groups, context):
            self.add(relpath, mtime_ns, size, scan_split(raw, path, yaml_text), context)

    def _forget_from(self, rid: int, fast: int) -> None:
        """Drop the rows a file that failed half-way left (rids from ``rid``)."""
        for rows in (self.articles, self.fts, self.links, self.link_hashes, self.problems, self.answers):
            while rows and rows[-1][0] >= rid:
                rows.pop()
        self.next_rid, self.fast = rid, fast

    def rows(self) -> tuple[Any, ...]:
        """What ``write`` inserts: the rows of each table, how many files took the fast path, and
        the batch's ``listing``."""
        return self.articles, self.fts, self.links, self.link_hashes, self.problems, self.answers, self.fast, \
            self.listing()

    def listing(self) -> tuple[bytes, bytes]:
        """The batch's part of a listing digest (see ``project._listing_digest``): its paths as stored,
        a line each, and their mtime_ns and size as 8-byte ints, in file order. The readers make the
        parts, so the writer does not sort and pack every path at the end of a cold index."""
        rows = self.articles
        return ("\n".join([row[1] for row in rows]).encode(),
                array("q", [value for row in rows for value in (row[2], row[3])]).tobytes())

    def dumps(self) -> bytes:
        """The rows as marshal bytes: much cheaper than pickling between processes."""
        return marshal.dumps(self.rows())

    @staticmethod
    def write(conn: sqlite3.Connection, payload: bytes | tuple[Any, ...]) -> tuple[int, int, tuple[bytes, bytes]]:
        """Insert a batch's rows, or their dumped bytes (old rows of its files already deleted);
        returns how many files it holds, how many took the fast path, and its ``listing``."""
        articles, fts, links, link_hashes, problems, answers, fast, listing = (
            marshal.loads(payload) if isinstance(payload, bytes) else payload)
        conn.executemany(f"INSERT INTO articles({ARTICLE_COLUMNS}) VALUES ({','.join('?' * 19)})", articles)
        conn.executemany("INSERT INTO fts(rowid, title, question, keywords, subject) VALUES (?,?,?,?,?)", fts)
        conn.executemany("INSERT INTO links VALUES (?,?)", links)
        conn.executemany("INSERT INTO link_hashes VALUES (?,?)", link_hashes)
        conn.executemany("INSERT INTO problems VALUES (?,?,?,?,?,?)", problems)
        conn.executemany("INSERT INTO answers VALUES (?,?,?)", answers)
        return len(articles), fast, listing


def scan_chunk(args: tuple[str, int, list[tuple[str, int | None, int | None]]]) -> Batch:
    """Index a chunk of (relpath, mtime_ns, size) files of one folder, with rids from ``first_rid``
    (mtime_ns and size None: not stat'ed yet). Helper processes send the batch back dumped; the
    process that owns the database writes it (see ``editor.index_workers``).
    """
    folder, first_rid, files = args
    context = _context(folder)
    batch = Batch(first_rid)
    # The rows hold no reference cycles; collecting while thousands of them are alive costs
    # about a tenth of the time, so the collector waits until the chunk is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # All the chunk's files are read first, then scanned: read back to back, the kernel's
        # open and read paths stay in the processor's caches, and a file costs about half as much
        # to read as between two scans.
        read = [read_file(folder, relpath, mtime, size) for relpath, mtime, size in files]
        for (relpath, _, _), (raw, mtime_ns, size, error) in zip(files, read):
            batch.add_read(context, relpath, raw, mtime_ns, size, error)
        return batch
    finally:
        if collecting:
            gc.enable()


_CONTEXTS: dict[str, FileContext] = {}


def forget_contexts() -> None:
    """Read schemas afresh: called as each index run starts (a folder's schemas may have changed)."""
    _CONTEXTS.clear()


def _context(folder: str) -> FileContext:
    # One per folder and run, so schemas are read once per process, not once per chunk.
    context = _CONTEXTS.get(folder)
    if context is None:
        context = _CONTEXTS[folder] = FileContext(folder)
    return context


def clear(conn: sqlite3.Connection) -> None:
    """Forget every file, in the caller's transaction. Dropping the tables is much faster than
    deleting their rows: the full-text index would take each row's words out one by one."""
    # link_urls was schema 8's table for backlinks: an older index is cleared of it too.
    for table in ("fts", "answers", "problems", "link_urls", "link_hashes", "links", "articles"):
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in DDL.split(";"):
        if statement.strip():
            conn.execute(statement)


def delete_rows(conn: sqlite3.Connection, rids: list[int]) -> None:
    """Forget files (removed, or about to be written again)."""
    for start in range(0, len(rids), 500):
        chunk = [(rid,) for rid in rids[start:start + 500]]
        conn.executemany("DELETE FROM articles WHERE rid = ?", chunk)
        conn.executemany("DELETE FROM fts WHERE rowid = ?", chunk)
        conn.executemany("DELETE FROM links WHERE article = ?", chunk)
        conn.executemany("DELETE FROM link_hashes WHERE article = ?", chunk)
        conn.executemany("DELETE FROM problems WHERE article = ?", chunk)
        conn.executemany("DELETE FROM answers WHERE article = ?", chunk)


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


ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]
