"""The recovery journal: unsaved buffers survive a crash, a kill -9 or a power cut.

While an article has unsaved edits, its would-be bytes (``article.dumps()``) sit in a journal
entry under the user data folder (platformdirs, so ``XDG_DATA_HOME`` is honoured). Saving or
discarding the buffer deletes the entry. An entry whose owning session is gone outlived a crash:
``pending(folder)`` lists those, and the window offers to restore them.

A session proves it is alive by holding an exclusive ``flock`` on its own lock file for as long
as the process runs. The kernel drops that lock when the process dies however it dies, so a
reused pid can never make a dead session look alive (the pid is recorded for messages and as a
fallback where ``flock`` is unavailable).

Entry layout (JSON, one file per article per session, written atomically):
``{"format": 2, "path", "disk_hash", "saved_at", "pid", "session", "data_b64"}``, and
``"discarded": true`` for the buffer a Revert threw away: kept in a file of its own beside the
unsaved-buffer entry while the article's tab is open, so an undone revert (or a crash right after
one) still has the text.
Format 1 (``{"version": 1, "path", "hash", "time", "pid", "text"}``, the buffer as UTF-8 text)
is still read, so entries left by an older release restore too.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

try:  # flock is POSIX; elsewhere liveness falls back to the recorded pid
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

import platformdirs

from editor.article.article import Article
from editor.article.atomic import write_atomic
from editor.article.disk import read_regular
from editor.article.frontmatter import ArticleError

FORMAT_VERSION = 2
APP_NAME = "article-editor"
_SUFFIX = ".journal"
_DISCARDED = "-discarded"  # in the file name before the suffix: a reverted buffer's entry


def journal_root() -> Path:
    """Where journals live: ``$XDG_DATA_HOME/article-editor/journal`` on Linux."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "journal"


def file_hash(path: Path) -> str | None:
    """sha256 hex of a file's bytes, or None when it cannot be read (deleted, renamed away, or
    not a regular file: a FIFO put in its place must not block the caller)."""
    data = _disk_bytes(path)
    return hashlib.sha256(data).hexdigest() if data is not None else None


def _disk_bytes(path: Path) -> bytes | None:
    try:
        return read_regular(path)
    except ArticleError:
        return None


def _canonical(path: str | os.PathLike[str]) -> Path:
    # Entries are matched by folder, so both sides must agree on symlinks and relative paths.
    return Path(os.path.realpath(os.path.abspath(path)))


def _path_key(path: Path) -> str:
    return hashlib.sha256(os.fsencode(path)).hexdigest()[:20]


@dataclass(frozen=True)
class Entry:
    """One journalled buffer: the bytes the article would have had if it had been saved."""

    path: Path
    data: bytes
    disk_hash: str | None
    saved_at: float
    session: str
    pid: int
    version: int
    file: Path = field(repr=False)
    discarded: bool = False  # the text a Revert threw away, not an unsaved buffer

    @property
    def disk_changed(self) -> bool:
        """The file on disk no longer matches what the buffer was loaded from (or it is gone)."""
        return file_hash(self.path) != self.disk_hash

    @property
    def disk_missing(self) -> bool:
        return not self.path.exists()

    def disk_bytes(self) -> bytes | None:
        return _disk_bytes(self.path)

    @property
    def text(self) -> str:
        """The journalled bytes as text, for showing a diff (never for writing back)."""
        return self.data.decode("utf-8-sig", errors="replace")

    def discard(self) -> None:
        """Forget this entry (after it was restored, or when the user declines it)."""
        try:
            self.file.unlink()
        except FileNotFoundError:
            pass


def _parse_entry(file: Path, raw: bytes) -> Entry | None:
    """Read an entry of any known format; None for a corrupt or unknown one."""
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(doc, dict):
        return None
    try:
        if doc.get("format") == 2:
            return Entry(
                path=Path(doc["path"]),
                data=base64.b64decode(doc["data_b64"], validate=True),
                disk_hash=doc.get("disk_hash"),
                saved_at=float(doc["saved_at"]),
                session=str(doc["session"]),
                pid=int(doc["pid"]),
                version=2,
                file=file,
                discarded=bool(doc.get("discarded", False)),
            )
        if doc.get("version") == 1:
            # Format 1 had no session id: the pid alone said who owned the entry.
            return Entry(
                path=Path(doc["path"]),
                data=str(doc["text"]).encode("utf-8"),
                disk_hash=doc.get("hash"),
                saved_at=float(doc["time"]),
                session="",
                pid=int(doc["pid"]),
                version=1,
                file=file,
            )
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None
    return None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


class Journal:
    """One process's journal session: writes and deletes its own entries, reads everyone's."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else journal_root()
        self.session = uuid.uuid4().hex
        self.pid = os.getpid()
        self._lock_fd: int | None = None
        self._written: set[Path] = set()

    # -- this session ------------------------------------------------------------------------
    def _ensure_started(self) -> None:
        if self._lock_fd is not None and os.getpid() == self.pid:
            return
        if os.getpid() != self.pid:
            # A forked child is a different session: it must not pose as its parent.
            self.__init__(self.root)  # type: ignore[misc]
        (self.root / "sessions").mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(self.root, 0o700)  # buffers may hold unpublished text
        lock_path = self.root / "sessions" / f"{self.session}.lock"
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{self.pid}\n".encode())
        self._lock_fd = fd
        self._prune_dead_sessions()

    def _prune_dead_sessions(self) -> None:
        """Lock files of ended sessions that left no entry behind; without this they pile up."""
        referenced = {entry.session for entry in self.entries()}
        for lock in (self.root / "sessions").glob("*.lock"):
            session = lock.stem
            if session == self.session or session in referenced:
                continue
            try:
                if time.time() - lock.stat().st_mtime < 60:
                    continue  # may be a session between creating its lock file and locking it
            except OSError:
                continue
            probe = Entry(Path(), b"", None, 0.0, session, 0, FORMAT_VERSION, lock)
            if not self._session_alive(probe):
                try:
                    lock.unlink()
                except OSError:
                    pass

    def entry_file(self, path: str | os.PathLike[str], discarded: bool = False) -> Path:
        kind = _DISCARDED if discarded else ""
        return self.root / f"{_path_key(_canonical(path))}-{self.session}{kind}{_SUFFIX}"

    def record(self, path: str | os.PathLike[str], data: bytes, disk_hash: str | None,
               discarded: bool = False) -> Path:
        """Journal the would-be bytes of ``path`` (atomically); replaces this session's last entry.
        ``discarded``: the text a Revert threw away, kept beside the buffer's own entry."""
        self._ensure_started()
        doc: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "path": str(_canonical(path)),
            "disk_hash": disk_hash,
            "saved_at": time.time(),
            "pid": self.pid,
            "session": self.session,
            "data_b64": base64.b64encode(data).decode("ascii"),
        }
        if discarded:
            doc["discarded"] = True
        file = self.entry_file(path, discarded)
        write_atomic(file, json.dumps(doc).encode("utf-8"))
        self._written.add(file)
        return file

    def forget(self, path: str | os.PathLike[str], discarded: bool = False) -> None:
        """The buffer was saved or discarded: its entry is no longer needed (``discarded``: the
        reverted text's entry instead, once nothing can bring that text back)."""
        file = self.entry_file(path, discarded)
        self._written.discard(file)
        try:
            file.unlink()
        except FileNotFoundError:
            pass

    def discarded_text(self, path: str | os.PathLike[str]) -> bytes | None:
        """The bytes this session's last Revert of ``path`` threw away, or None."""
        file = self.entry_file(path, discarded=True)
        try:
            entry = _parse_entry(file, file.read_bytes())
        except OSError:
            return None
        return entry.data if entry is not None else None

    def close(self) -> None:
        """End the session. Entries still here (unsaved buffers) become pending for the next start."""
        if self._lock_fd is None:
            return
        try:
            (self.root / "sessions" / f"{self.session}.lock").unlink()
        except FileNotFoundError:
            pass
        os.close(self._lock_fd)  # releases the flock
        self._lock_fd = None

    # -- everyone's entries --------------------------------------------------------------------
    def _session_alive(self, entry: Entry) -> bool:
        if entry.session == self.session and self._lock_fd is not None:
            return True
        if not entry.session:
            return _pid_alive(entry.pid)  # format 1 knew only the pid
        lock_path = self.root / "sessions" / f"{entry.session}.lock"
        if fcntl is None:
            return lock_path.exists() and _pid_alive(entry.pid)
        try:
            fd = os.open(lock_path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            return False  # the session ended (cleanly or not) and its lock file is gone
        except OSError:
            return _pid_alive(entry.pid)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True  # still held by a running process
        except OSError:
            return _pid_alive(entry.pid)
        finally:
            os.close(fd)  # also drops the lock we may just have taken
        return False

    def entries(self) -> Iterator[Entry]:
        """Every readable entry, whoever owns it. Corrupt files are skipped, never fatal."""
        try:
            files = sorted(self.root.glob(f"*{_SUFFIX}"))
        except OSError:
            return
        for file in files:
            try:
                raw = file.read_bytes()
            except OSError:
                continue
            entry = _parse_entry(file, raw)
            if entry is not None:
                yield entry

    def pending(self, folder: str | os.PathLike[str]) -> list[Entry]:
        """Entries under ``folder`` whose session is gone and whose bytes differ from the disk."""
        base = _canonical(folder)
        found: list[Entry] = []
        for entry in self.entries():
            if entry.path != base and base not in entry.path.parents:
                continue
            if self._session_alive(entry):
                continue
            if entry.disk_bytes() == entry.data:
                continue  # nothing would be restored: the disk already holds these bytes
            found.append(entry)
        # The newest entry per path wins when several crashed sessions journalled the same file.
        newest: dict[Path, Entry] = {}
        for entry in sorted(found, key=lambda e: e.saved_at):
            newest[entry.path] = entry
        return sorted(newest.values(), key=lambda e: str(e.path))

    def stale_duplicates(self, entry: Entry) -> list[Entry]:
        """Older dead entries for the same path, to delete once ``entry`` was handled."""
        return [
            other
            for other in self.entries()
            if other.path == entry.path and other.file != entry.file and not self._session_alive(other)
        ]


_current: Journal | None = None


def current() -> Journal:
    """This process's journal (created on first use, under the current ``journal_root()``)."""
    global _current
    if _current is None or _current.root != journal_root() or _current.pid != os.getpid():
        _current = Journal()
    return _current


def pending(folder: str | os.PathLike[str]) -> list[Entry]:
    """Journalled buffers under ``folder`` that outlived their session, each with ``.path`` and ``.data``."""
    return current().pending(folder)


def restore_article(entry: Entry) -> Article:
    """The article an entry holds, as an unsaved buffer over the file it was journalled against.

    Its bytes are exactly the journalled ones; its baseline is the disk hash recorded in the
    entry, so if the file changed since, saving raises ConflictError instead of overwriting.
    ArticleError if the journalled bytes do not read as an article.
    """
    article = Article.parse(entry.data, entry.path)
    article.rebase(entry.disk_bytes(), entry.disk_hash)
    return article


def describe_entry(entry: Entry) -> dict[str, Any]:
    """A JSON-friendly summary (for scripts and messages)."""
    return {
        "path": str(entry.path),
        "saved_at": entry.saved_at,
        "bytes": len(entry.data),
        "disk_changed": entry.disk_changed,
        "format": entry.version,
        "discarded": entry.discarded,
    }
