"""The write-ahead journal of bulk operations: every file's old and new bytes, on disk first.

Before a bulk operation writes any article, the journal holds what it will write and what it
replaces, fsynced. A crash, a kill -9 or a full disk part-way through then leaves every file
holding either its old or its new bytes (each write is atomic), and the journal says which is
which by their hashes, so the operation can be finished (``redo``) or undone (``undo``) later,
by the window or by ``article-editor undo``.

Layout, one folder per content folder under the user data folder (``$XDG_DATA_HOME`` on Linux),
and in it one folder per operation, named so that they sort by time::

    bulk/<folder name>-<hash>/20250102-153000-1a2b3c/
        data.bin       each file's old and new bytes, zlib-compressed, one after the other
        manifest.json  {"format", "folder", "title", "created", "files": [{"path", "old", "new"}]}
                       where old and new are [offset, length, sha256, size] in data.bin
        status.json    {"state", "updated", "note"}: applying, applied, incomplete, reversed
        lock           flock'ed while a process writes the operation's files

An operation folder is written under a hidden name and renamed into place once data.bin and the
manifest are on disk, so a listed operation is always complete. The most recent ``KEEP`` are kept.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
import uuid
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

try:  # flock is POSIX; without it nothing stops two processes writing one operation at once
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

import platformdirs

from editor.article.atomic import fsync_folder, describe, write_atomic

FORMAT = 1
KEEP = 20
APPLYING, APPLIED, INCOMPLETE, REVERSED = "applying", "applied", "incomplete", "reversed"
OLD, NEW, CHANGED, MISSING = "old", "new", "changed", "missing"


class JournalError(OSError):
    """The journal could not be written (nothing was changed) or read; the message says why."""


class Busy(JournalError):
    """Another process is writing this operation's files right now."""


def journal_root(folder: Path) -> Path:
    """Where the operations of a content folder are journaled."""
    base = platformdirs.user_data_path("article-editor", appauthor=False) / "bulk"
    resolved = Path(folder).resolve()
    return base / f"{resolved.name[:40]}-{hashlib.sha1(str(resolved).encode()).hexdigest()[:16]}"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _lock(path: Path, title: str) -> int:
    """An open descriptor holding the flock on ``path``; ``Busy`` when someone else holds it.
    The kernel lets go of it however the process ends, so a killed apply never leaves it taken."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise Busy(f"another process is writing the files of the bulk operation {title!r}") from None
    return fd


@dataclass(frozen=True)
class Blob:
    offset: int
    length: int
    sha256: str
    size: int


@dataclass(frozen=True)
class Entry:
    """One journaled file: its project-relative path and its old and new bytes in data.bin."""

    relpath: str
    old: Blob
    new: Blob


@dataclass
class Operation:
    """One journaled bulk operation."""

    dir: Path
    folder: Path
    title: str
    created: float
    entries: list[Entry]
    _held: int | None = field(default=None, repr=False, compare=False)  # the lock, taken by its Writer

    @property
    def id(self) -> str:
        return self.dir.name

    def _read(self, blob: Blob) -> bytes:
        try:
            with open(self.dir / "data.bin", "rb") as handle:
                handle.seek(blob.offset)
                data = zlib.decompress(handle.read(blob.length))
        except (OSError, zlib.error) as exc:
            raise JournalError(f"{self.dir / 'data.bin'}: a journaled version is damaged or gone ({exc})") from None
        if _sha256(data) != blob.sha256:
            raise JournalError(f"{self.dir / 'data.bin'}: a journaled version is damaged")
        return data

    def old_bytes(self, entry: Entry) -> bytes:
        return self._read(entry.old)

    def new_bytes(self, entry: Entry) -> bytes:
        return self._read(entry.new)

    @property
    def status(self) -> dict[str, Any]:
        try:
            status = json.loads((self.dir / "status.json").read_bytes())
            return status if isinstance(status, dict) else {"state": APPLYING}
        except (OSError, ValueError):
            return {"state": APPLYING}  # written ahead, then the process died before saying more

    @property
    def state(self) -> str:
        state = self.status.get("state", APPLYING)
        if state == APPLYING and not self.busy():
            return INCOMPLETE  # nobody is applying it: it was interrupted
        return str(state)

    def set_state(self, state: str, note: str = "") -> None:
        """Record the operation's state; a full disk may refuse even this, which leaves it
        reading as interrupted, and every file's hash still tells where it stands."""
        data = json.dumps({"state": state, "updated": time.time(), "note": note}).encode()
        with contextlib.suppress(OSError):
            write_atomic(self.dir / "status.json", data)

    def file_state(self, entry: Entry) -> str:
        """Whether the file now holds the operation's old or new bytes, other bytes, or is gone."""
        try:
            current = _sha256((self.folder / entry.relpath).read_bytes())
        except FileNotFoundError:
            return MISSING
        except OSError:
            return CHANGED
        return NEW if current == entry.new.sha256 else OLD if current == entry.old.sha256 else CHANGED

    def busy(self) -> bool:
        """Whether someone holds the operation's lock (is writing its files now)."""
        if self._held is not None:
            return True
        try:
            os.close(_lock(self.dir / "lock", self.title))
            return False
        except Busy:
            return True

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the operation's lock while writing its files (``Busy`` when another process has
        it). A new operation comes with it held since before it was journaled."""
        fd, self._held = self._held, None
        if fd is None:
            fd = _lock(self.dir / "lock", self.title)
        try:
            yield
        finally:
            os.close(fd)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "created": self.created, "state": self.state,
                "files": len(self.entries)}


class Writer:
    """Builds one operation's journal: ``add`` each file's old and new bytes, then ``commit``."""

    def __init__(self, root: Path, folder: Path, title: str) -> None:
        self.root, self.folder, self.title = root, folder, title
        nanoseconds = time.time_ns()
        self.created = nanoseconds / 1e9
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(self.created))
        # Names sort by time, to the nanosecond: two operations in one second keep their order.
        self.name = f"{stamp}-{nanoseconds % 10**9:09d}-{uuid.uuid4().hex[:4]}"
        self.dir = root / f".{self.name}.partial"
        self.entries: list[Entry] = []
        self._offset = 0
        self._lock: int | None = None
        try:
            self.dir.mkdir(parents=True)
            self._lock = _lock(self.dir / "lock", title)
            self._data = open(self.dir / "data.bin", "wb")
        except OSError as exc:
            self.abandon()
            raise JournalError(f"cannot write the bulk journal in {root}: {describe(exc)}; nothing was changed") from exc

    def _blob(self, data: bytes) -> Blob:
        packed = zlib.compress(data, 1)
        self._data.write(packed)
        blob = Blob(self._offset, len(packed), _sha256(data), len(data))
        self._offset += len(packed)
        return blob

    def add(self, relpath: str, old: bytes, new: bytes) -> None:
        try:
            self.entries.append(Entry(relpath, self._blob(old), self._blob(new)))
        except OSError as exc:
            self.abandon()
            raise JournalError(f"cannot write the bulk journal in {self.root}: {describe(exc)}; nothing was changed") from exc

    def commit(self) -> Operation:
        """Put the journal on disk (fsynced) and in place; only then may any file be written."""
        manifest = {"format": FORMAT, "folder": str(self.folder), "title": self.title, "created": self.created,
                    "files": [{"path": e.relpath, "old": _blob_json(e.old), "new": _blob_json(e.new)}
                              for e in self.entries]}
        final = self.root / self.name
        try:
            self._data.flush()
            os.fsync(self._data.fileno())
            self._data.close()
            write_atomic(self.dir / "manifest.json", json.dumps(manifest).encode())
            write_atomic(self.dir / "status.json", json.dumps({"state": APPLYING, "updated": time.time()}).encode())
            os.rename(self.dir, final)
            fsync_folder(self.root)
        except OSError as exc:
            self.abandon()
            raise JournalError(f"cannot write the bulk journal in {self.root}: {describe(exc)}; nothing was changed") from exc
        held, self._lock = self._lock, None
        return Operation(final, self.folder, self.title, self.created, list(self.entries), held)

    def abandon(self) -> None:
        """Forget a journal that will not be used (no file was written from it)."""
        data = getattr(self, "_data", None)
        if data is not None:
            with contextlib.suppress(OSError):
                data.close()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None
        shutil.rmtree(self.dir, ignore_errors=True)


def _blob_json(blob: Blob) -> list[Any]:
    return [blob.offset, blob.length, blob.sha256, blob.size]


class Journal:
    """The bulk operations of one content folder."""

    def __init__(self, folder: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> None:
        self.folder = Path(folder).resolve()
        self.root = Path(root) if root is not None else journal_root(self.folder)

    def writer(self, title: str) -> Writer:
        self._prune()
        return Writer(self.root, self.folder, title)

    def operations(self) -> list[Operation]:
        """Every journaled operation, newest first (a damaged one is left out)."""
        try:
            names = sorted((p.name for p in self.root.iterdir() if not p.name.startswith(".")), reverse=True)
        except OSError:
            return []
        found = []
        for name in names:
            operation = self._load(self.root / name)
            if operation is not None:
                found.append(operation)
        return sorted(found, key=lambda op: (op.created, op.id), reverse=True)

    def latest(self) -> Operation | None:
        operations = self.operations()
        return operations[0] if operations else None

    def _load(self, path: Path) -> Operation | None:
        try:
            manifest = json.loads((path / "manifest.json").read_bytes())
            entries = [Entry(f["path"], Blob(*f["old"]), Blob(*f["new"])) for f in manifest["files"]]
            return Operation(path, self.folder, str(manifest["title"]), float(manifest["created"]), entries)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _prune(self) -> None:
        """Keep the ``KEEP`` newest operations; remove half-written journals nobody is writing."""
        try:
            children = list(self.root.iterdir())
        except OSError:
            return
        for path in children:
            if path.name.startswith(".") and path.name.endswith(".partial"):
                if time.time() - path.stat().st_mtime > 3600:
                    shutil.rmtree(path, ignore_errors=True)
        for operation in self.operations()[KEEP - 1:]:
            if not operation.busy():
                shutil.rmtree(operation.dir, ignore_errors=True)
