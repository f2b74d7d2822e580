"""Atomic file writes: a crash or a full disk never leaves a half-written article.

The bytes go to a temporary file in the target's own folder, are fsynced, get the target's mode,
and are renamed over the target; then the folder is fsynced so the rename itself survives a power
cut. A symlink is kept: its target is what gets written. Any failure removes the temporary file,
leaves the original untouched and raises ``SaveError`` with a message that says what happened.
"""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "the file is larger than the system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the folder no longer exists",
}


class SaveError(OSError):
    """A save failed; the original file is intact and no temporary file is left behind."""

    def __init__(self, path: Path, reason: str, cause: OSError | None = None) -> None:
        super().__init__(cause.errno if cause else None, f"Could not save {path}: {reason}")
        self.path = path
        self.reason = reason

    def __str__(self) -> str:
        return f"Could not save {self.path}: {self.reason}. The file on disk is unchanged."


def describe(exc: OSError) -> str:
    """A plain-words reason for an OSError."""
    reason = _REASONS.get(exc.errno or -1)
    return reason or (exc.strerror or str(exc))


def resolve_target(path: Path) -> Path:
    """The file a save writes: a symlink's final target, so the link itself is kept."""
    return Path(os.path.realpath(path))


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``path`` with ``data`` atomically; returns the path actually written."""
    target = resolve_target(Path(path))
    folder = target.parent
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise SaveError(target, describe(exc), exc) from exc
    tmp_name: str | None = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "short write")
                view = view[written:]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as exc:
        raise SaveError(target, describe(exc), exc) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return target


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
