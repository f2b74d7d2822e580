"""A content folder opened as a project: its article files, their index, search and lookups.

``Project.open(folder)`` finds the article files (``**/*.md``, skipping hidden folders,
``node_modules`` and ``.git``). ``index()`` brings the SQLite index (one database per folder under
the user cache dir, which honours ``XDG_CACHE_HOME``) up to date: only files whose mtime or size
changed are read again, added files are read, removed ones forgotten. Files of a large folder
are read on every core (``editor.index_workers``): helper processes read, this process writes the
database and reads too whenever it has nothing to write.
"""
from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

from editor.index import database as index_db
from editor.index import workers as index_workers
from editor.index import damage
from editor.index import link_store
from editor.checks.problem import Problem
from editor.index.discovery import discover, discover_names
from editor.index.freshness import digest, fingerprint, listing_digest
from editor.index.leftovers import remove_stale
from editor.index.refresh import refresh_files
from editor.index.results import IndexStats, SearchResult
from editor.index.database import CancelFn, ProgressFn
from editor.checks.links import ArticleRef, Link, url_key
from editor.index.stored_value import text_of

log = logging.getLogger(__name__)
T = TypeVar("T")
PARALLEL_MIN_FILES = 1500  # below this, starting worker processes costs more than it saves
CHUNK_FILES = 200
COMMIT_FILES = 5000  # written files between commits: searches see the index grow while it is built


@dataclass(frozen=True)
class ArticleInfo:
    """What the index knows about one file; ``error`` is set when it did not load."""

    path: Path
    relpath: str
    id: Any
    title: Any
    subject: Any
    url: Any
    url_key: str | None
    date: str | None
    keywords: str
    question: str
    file_name: str
    error: str | None
    error_line: int | None
    links: tuple[Link, ...] = field(default=())


def cache_dir() -> Path:
    """Where index databases live: the user cache dir (``XDG_CACHE_HOME`` on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("article-editor", appauthor=False)) / "index"


def subjects_in(conn: sqlite3.Connection) -> list[str]:
    """Every subject spelling of the loaded articles, sorted case-insensitively."""
    rows = conn.execute("SELECT DISTINCT subject FROM articles WHERE error IS NULL AND subject IS NOT NULL")
    return sorted((s for (s,) in rows if isinstance(s, str) and s.strip()), key=lambda s: (s.casefold(), s))


class Project:
    """A content folder and its index. Safe to query from several threads."""

    def __init__(self, folder: Path, db_path: Path) -> None:
        self.folder = folder
        self.db_path = db_path
        self._local = threading.local()
        self._index_lock = threading.Lock()
        # Bumped when a damaged database is discarded: every thread's connection to it is renewed.
        self._generation = 0
        self._seen: tuple[int, int] | None = None  # the database file the connections opened
        self.notice = ""  # the last rebuild's message (see IndexStats.notice)
        self._subjects: list[str] | None = None

    @classmethod
    def open(cls, folder: str | os.PathLike[str], cache: str | os.PathLike[str] | None = None) -> "Project":
        """Open a folder; its index is created or checked here, and refreshed by ``index()``."""
        root = Path(folder).resolve()
        if not root.is_dir():
            raise NotADirectoryError(f"{root}: not a folder")
        name_hash = hashlib.sha1(str(root).encode()).hexdigest()[:16]
        db_path = Path(cache) if cache is not None else cache_dir()
        project = cls(root, db_path / f"{root.name[:40]}-{name_hash}.sqlite")
        project._conn()  # fail early, and rebuild a corrupt cache
        return project

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and self._local.generation != self._generation:
            conn.close()  # a connection to a database since discarded as damaged
            conn = None
        if conn is None:
            try:
                conn = index_db.connect(self.db_path)
            except sqlite3.DatabaseError as exc:
                if not damage.is_corrupt(exc):
                    raise
                self._discard(exc)
                conn = index_db.connect(self.db_path)
            self._seen = damage.identity(self.db_path)
            self._local.conn, self._local.generation = conn, self._generation
        return conn

    def connection(self) -> sqlite3.Connection:
        """This thread's connection to the index, for the read-only queries of ``editor.query``
        and the operations that narrow their files with it."""
        return self._conn()

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def _discard(self, exc: sqlite3.DatabaseError) -> None:
        """Delete the damaged database (the index is a cache); the next connection makes a new one."""
        self.notice = damage.message(self.db_path, exc)
        log.warning("%s", self.notice)
        self.close()
        damage.discard(self.db_path, self._seen)
        self._generation += 1

    def _read(self, query: Callable[[sqlite3.Connection], T]) -> T:
        """``query(connection)``; when it finds the database damaged, the index is rebuilt (once)
        and the query asked again."""
        generation = self._generation
        try:
            return query(self._conn())
        except sqlite3.DatabaseError as exc:
            if not damage.is_corrupt(exc):
                raise
            with self._index_lock:
                if self._generation == generation:  # no other thread has rebuilt it meanwhile
                    self._discard(exc)
                    self._index(None, None, None)
        return query(self._conn())

    # --- indexing ------------------------------------------------------------------------------

    def index(
        self,
        progress: ProgressFn | None = None,
        cancel: CancelFn | None = None,
        workers: int | None = None,
    ) -> IndexStats:
        """Bring the index up to date with the folder; returns what was done.

        ``progress(done, total)`` is called as files are read; ``cancel()`` returning True stops
        early, keeping what was indexed so far (the next call carries on).
        """
        with self._index_lock:
            try:
                stats = self._index(progress, cancel, workers)
            except sqlite3.DatabaseError as exc:
                if not damage.is_corrupt(exc):
                    raise
                self._discard(exc)
                stats = self._index(progress, cancel, workers)  # once: damaged again, it raises
                stats.rebuilt, stats.notice = True, self.notice
            self._subjects = subjects_in(self._conn())
            return stats

    def _index(self, progress: ProgressFn | None, cancel: CancelFn | None, workers: int | None) -> IndexStats:
        """Written files are committed every ``COMMIT_FILES``: searches see the index grow, and the
        write-ahead log is checkpointed as it goes rather than all at the end. Until the last
        chunk is in, the stored listing digest is cleared, so an interrupted run (cancelled, or a
        crash) is finished by the next one, file by file."""
        started = time.perf_counter()
        conn = self._conn()
        stats = IndexStats(database=str(self.db_path))
        code = fingerprint(self.folder)
        index_db.forget_contexts()
        with index_db.writer_lock(self.db_path):  # one indexer per database, across processes
            if self._meta(conn, "fingerprint") != code:
                stats.rebuilt = True
                with index_db.transaction(conn):
                    index_db.clear(conn)
                    self._set_meta(conn, "fingerprint", code)
            if conn.execute("SELECT 1 FROM articles LIMIT 1").fetchone() is None:
                self._index_cold(conn, stats, progress, cancel, workers)
            else:
                self._index_changes(conn, stats, progress, cancel, workers)
        return self._finish(conn, stats, started)

    def _index_changes(self, conn: sqlite3.Connection, stats: IndexStats, progress: ProgressFn | None,
                       cancel: CancelFn | None, workers: int | None) -> None:
        """Read the files added or changed since the last index again, and forget removed ones."""
        leftovers: list[str] = []
        on_disk = discover(self.folder, leftovers)
        stats.leftovers_removed = len(remove_stale(self.folder, leftovers))
        stats.files = len(on_disk)
        listing = listing_digest(on_disk)
        if self._meta(conn, "listing") == listing:
            stats.unchanged = stats.files  # the common reopen: no need to compare file by file
            if progress:
                progress(0, 0)
            return
        known = {path: (rid, mtime, size) for rid, path, mtime, size in
                 conn.execute("SELECT rid, path, mtime_ns, size FROM articles")}
        listed = {index_db.stored_path(path): path for path in on_disk}  # the same but for odd names
        removed = [rid for path, (rid, _, _) in known.items() if path not in listed]
        todo: list[tuple[str, int | None, int | None]] = []
        stale: list[int] = []
        for key, path in listed.items():
            mtime, size = on_disk[path]
            old = known.get(key)
            if old is None:
                stats.added += 1
            elif old[1] != mtime or old[2] != size:
                stats.updated += 1
                stale.append(old[0])
            else:
                continue
            todo.append((path, mtime, size))
        stats.removed = len(removed)
        stats.unchanged = stats.files - len(todo)
        with index_db.transaction(conn):
            index_db.delete_rows(conn, removed + stale)
            self._set_meta(conn, "listing", None)
        todo.sort()
        self._scan_into(conn, todo, stats, progress, cancel, workers)
        if not stats.cancelled:
            with index_db.transaction(conn):
                self._set_meta(conn, "listing", listing)

    def _index_cold(self, conn: sqlite3.Connection, stats: IndexStats, progress: ProgressFn | None,
                    cancel: CancelFn | None, workers: int | None) -> None:
        """Fill an empty index. Files are listed by name only; their readers stat them as they
        read them, and the listing digest is then made from what was stored."""
        leftovers: list[str] = []
        names = discover_names(self.folder, leftovers)
        stats.leftovers_removed = len(remove_stale(self.folder, leftovers))
        stats.files = stats.added = len(names)
        with index_db.transaction(conn):
            self._set_meta(conn, "listing", None)
        with index_db.unsynced(conn):
            listing = self._scan_into(conn, [(name, None, None) for name in names], stats, progress, cancel, workers)
        if not stats.cancelled:
            with index_db.transaction(conn):
                self._set_meta(conn, "listing", digest(listing))

    def _finish(self, conn: sqlite3.Connection, stats: IndexStats, started: float) -> IndexStats:
        counts = conn.execute("SELECT count(*), count(error) FROM articles").fetchone()
        stats.articles, stats.errors = counts[0] - counts[1], counts[1]
        stats.seconds = round(time.perf_counter() - started, 3)
        stats.database_bytes = sum(
            Path(str(self.db_path) + s).stat().st_size for s in ("", "-wal") if Path(str(self.db_path) + s).exists()
        )
        return stats

    def _scan_into(self, conn: sqlite3.Connection, todo: list[tuple[str, int | None, int | None]], stats: IndexStats,
                   progress: ProgressFn | None, cancel: CancelFn | None, workers: int | None) -> list[tuple[bytes, bytes]]:
        """Index the files in ``todo``; returns the ``listing`` parts of the batches written, in
        the order of ``todo`` (see ``freshness.digest``)."""
        total = len(todo)
        parts: list[tuple[bytes, bytes]] = []  # batches are written in task order (index_workers.run)
        if progress:
            progress(0, total)
        if not total:
            return []
        first_rid = (conn.execute("SELECT max(rid) FROM articles").fetchone()[0] or 0) + 1
        tasks = [(str(self.folder), first_rid + i, todo[i:i + CHUNK_FILES]) for i in range(0, total, CHUNK_FILES)]
        processes = workers if workers is not None else (os.cpu_count() or 1)
        if total < PARALLEL_MIN_FILES:
            processes = 1
        stats.workers = processes if processes > 1 else 0
        done = committed = 0

        def write(payload: Any) -> bool:
            nonlocal done, committed
            if not conn.in_transaction:
                conn.execute("BEGIN IMMEDIATE")
            files, fast, listing = index_db.Batch.write(conn, payload)
            parts.append(listing)
            done += files
            if done - committed >= COMMIT_FILES:
                # Not every chunk: full-text search writes a new segment at each commit.
                conn.execute("COMMIT")
                committed = done
            stats.fast += fast
            stats.fallback += files - fast
            if progress:
                progress(done, total)
            stats.cancelled = bool(cancel and cancel())
            return not stats.cancelled

        try:
            index_workers.run(tasks, processes, write)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
        return parts

    @staticmethod
    def _meta(conn: sqlite3.Connection, key: str) -> Any:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @staticmethod
    def _set_meta(conn: sqlite3.Connection, key: str, value: Any) -> None:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def refresh_files(self, paths: list[str | os.PathLike[str]]) -> int:
        """Read these saved files into the index again, without listing the folder (``refresh``)."""
        with self._index_lock, index_db.writer_lock(self.db_path):
            read = refresh_files(self._conn(), str(self.folder), [self.relpath(path) for path in paths])
            self._subjects = subjects_in(self._conn())
            return read

    # --- lookups -------------------------------------------------------------------------------

    def relpath(self, path: str | os.PathLike[str]) -> str:
        """``path`` (absolute, or relative to the folder) as the index names it."""
        candidate = Path(path)
        if candidate.is_absolute():
            try:
                candidate = candidate.resolve().relative_to(self.folder)
            except ValueError:
                return candidate.as_posix()
        return candidate.as_posix()

    def _info(self, conn: sqlite3.Connection, row: tuple[Any, ...]) -> ArticleInfo:
        (rid, path, error, error_line, id_, title, subject, url, ukey, date, keywords, question, file_name) = row
        found = conn.execute("SELECT data FROM links WHERE article = ?", (rid,)).fetchone()
        links = tuple(Link(path, *link) for link in link_store.link_rows(found[0])) if found else ()
        return ArticleInfo(self.folder / path, path, id_, title, subject, url, ukey, date, keywords or "",
                           question or "", file_name or "", error, error_line, links)

    _INFO_SQL = ("SELECT rid, path, error, error_line, id, title, subject, url, url_key, date, keywords, question, "
                 "file_name FROM articles ")

    def _article(self, where: str, params: tuple[Any, ...]) -> ArticleInfo | None:
        def query(conn: sqlite3.Connection) -> ArticleInfo | None:
            row = conn.execute(self._INFO_SQL + where, params).fetchone()
            return self._info(conn, row) if row else None
        return self._read(query)

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return self._read(lambda conn: conn.execute(sql, params).fetchall())

    def article_at(self, path: str | os.PathLike[str]) -> ArticleInfo | None:
        """The indexed article of a file, or None when the index does not have it."""
        return self._article("WHERE path = ?", (self.relpath(path),))

    def by_url(self, url: str) -> ArticleInfo | None:
        """The article a link with this url resolves to: the first in path order with that url."""
        key = url_key(url)
        if key is None:
            return None
        return self._article("WHERE url_hash = ? AND url_key = ? ORDER BY path LIMIT 1", (link_store.url_hash(key), key))

    def subjects(self) -> list[str]:
        """Every subject spelling, sorted case-insensitively; kept from the last index or refresh
        (the form asks on every tab shown; the table scan takes 20-50 ms at 35,000 files)."""
        found = self._subjects
        if found is None:
            found = self._subjects = self._read(subjects_in)
        return list(found)

    def next_free_id(self) -> int:
        """One more than the highest numeric id in the folder (ids written as digit strings count)."""
        highest = 0
        for (value,) in self._rows("SELECT id FROM articles WHERE id IS NOT NULL"):
            if isinstance(value, str) and value.strip().isdigit() and len(value) < 4000:  # int() refuses longer
                value = int(value.strip())
            if isinstance(value, int):
                highest = max(highest, value)
        return highest + 1

    def records(self) -> list[tuple[Any, ...]]:
        """(path, id, title, subject, url, date, keywords, question) of every loaded article, by path."""
        return self._rows("SELECT path, id, title, subject, url, date, keywords, question FROM articles "
                          "WHERE error IS NULL ORDER BY path")

    def listing(self) -> list[tuple[str, Any, Any]]:
        """(relpath, title, url) of every indexed file, by path; a file that failed to load has
        None for both. What a list of the folder needs, without its links."""
        return self._rows("SELECT path, title, url FROM articles ORDER BY path")

    def article_count(self) -> int:
        """How many files the index holds (articles and files that failed to load)."""
        return int(self._rows("SELECT count(*) FROM articles")[0][0])

    def stored_problems(self) -> list[Problem]:
        return self._read(index_db.stored_problems)

    def math_answers(self) -> list[tuple[str, int | None, str]]:
        """(path, line, answer) of the answers that hold a dollar sign, for the pitfall checks."""
        return self._rows(
            "SELECT a.path, m.line, m.answer FROM answers m JOIN articles a ON a.rid = m.article ORDER BY a.path")

    def field_rows(self, name: str) -> list[tuple[str, Any, int | None]]:
        """(path, value, line) of an indexed field (``id`` or ``subject``) for every loaded article."""
        if name not in ("id", "subject"):
            raise ValueError(name)
        return self._rows(f"SELECT path, {name}, {name}_line FROM articles WHERE error IS NULL ORDER BY path")

    def link_graph(self) -> tuple[list[ArticleRef], list[Link]]:
        """Every loaded article and every related link, in path (and slot) order."""
        articles = list(map(ArticleRef._make, self._rows(
            "SELECT path, id, title, subject, url, url_key FROM articles WHERE error IS NULL ORDER BY path")))
        links = [Link(path, *link) for path, data in self._rows(
            "SELECT a.path, l.data FROM links l JOIN articles a ON a.rid = l.article ORDER BY a.path")
            for link in link_store.link_rows(data)]
        return articles, links

    def links_to(self, key: str) -> list[Link]:
        """Links whose url is ``key`` (already stripped), in path order."""
        rows = self._rows(
            "SELECT a.path, l.data FROM links l JOIN articles a ON a.rid = l.article "
            "WHERE l.article IN (SELECT article FROM link_hashes WHERE instr(hashes, ?)) ORDER BY a.path",
            (link_store.pack_hashes([link_store.url_hash(key)]),))
        return [Link(path, *link) for path, data in rows for link in link_store.link_rows(data) if link[6] == key]

    def backlinks(self, target: str) -> list[Link]:
        """Links from other articles (or the same one) that resolve to ``target``: a url or a path."""
        article = self.article_at(target)
        url = article.url_key if article is not None else url_key(target) if target.startswith("/") else None
        if not url:
            return []
        resolved = self.by_url(url)
        if resolved is None or (article is not None and resolved.relpath != article.relpath):
            return []  # a later article with the same url: links resolve to the first one
        return self.links_to(url)

    def resolve(self, url: Any) -> ArticleInfo | None:
        """The article a link with this url points to, or None when it is broken."""
        key = url_key(url)
        return self.by_url(key) if key else None

    # --- search --------------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20, fuzzy: bool = False) -> list[SearchResult]:
        """Ranked matches for search-as-you-type; see ``editor.index.query`` for the syntax and
        ``fuzzy`` (words typed with a letter missing, when nothing matches as typed)."""
        from editor.index.query import run_search

        rows = self._read(lambda conn: run_search(conn, query, limit, fuzzy=fuzzy))
        return [
            SearchResult(self.folder / path, path, id_, text_of(title), text_of(subject),
                         text_of(url), date, question or "")
            for path, id_, title, subject, url, date, question in rows
        ]
