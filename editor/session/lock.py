"""One window per content folder: a second window or process opening it gets a clear notice.

Two editors on the same folder would silently overwrite each other's saves and journal entries.
The first opener takes an exclusive ``flock`` on a lock file named after the folder, under the
user cache folder, and writes its pid there. The kernel releases the lock when that process dies,
even by kill -9, so a stale file never blocks anyone; a second opener (another process, or another
window in the same process, because flock locks belong to an open file) fails to lock and reads
the holder's pid for the notice. The folder still opens: the notice warns, it does not forbid.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

import platformdirs

APP_NAME = "article-editor"


def lock_root() -> Path:
    """Where folder locks live: ``$XDG_CACHE_HOME/article-editor/locks`` on Linux."""
    return platformdirs.user_cache_path(APP_NAME, appauthor=False) / "locks"


def _lock_file(folder: Path, root: Path) -> Path:
    key = hashlib.sha256(os.fsencode(folder)).hexdigest()[:24]
    return root / f"{key}.lock"


@dataclass
class FolderLock:
    """The outcome of opening a folder: held by us, or by another editor (``other_pid``)."""

    folder: Path
    lock_path: Path
    other_pid: int | None = None
    _fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    @property
    def notice(self) -> str | None:
        """The message to show when another editor has this folder open; None when we hold it."""
        if self.held:
            return None
        who = f"process {self.other_pid}" if self.other_pid else "another process"
        return (
            f"{self.folder} is already open in another Article Editor window ({who}). "
            "Edits made in both can overwrite each other: save and close the other window first."
        )

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)  # no pid left behind for a later reader to misreport
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None


def lock_folder(folder: str | os.PathLike[str], root: Path | None = None) -> FolderLock:
    """Try to take the folder's lock. Never raises for a busy folder: check ``.notice``."""
    canonical = Path(os.path.realpath(os.path.abspath(folder)))
    base = Path(root) if root is not None else lock_root()
    lock_path = _lock_file(canonical, base)
    try:
        base.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        # A cache folder we cannot write must not stop the editor: act as if we hold the lock.
        return FolderLock(canonical, lock_path, None, _fd=os.open(os.devnull, os.O_RDONLY))
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = _read_pid(fd)
            os.close(fd)
            return FolderLock(canonical, lock_path, other_pid=other)
        except OSError:
            pass  # a file system without flock: no protection, but no false alarm either
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return FolderLock(canonical, lock_path, _fd=fd)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None
