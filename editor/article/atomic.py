"""Atomic file writes: a crash or a full disk never leaves a half-written article.

The bytes go to a temporary file in the target's own folder, are fsynced, get the target's mode
(and owner, where allowed), and are renamed over the target; then the folder is fsynced so the
rename itself survives a power cut. A symlink is kept: its target is what gets written. Any
failure removes the temporary file, leaves the original untouched and raises ``SaveError`` with a
message that says what happened and at which step.

A file with several hard links cannot be replaced by rename without splitting it from its other
names (they would keep the old text). It is written in place instead, after a backup copy next
to it; if that write fails the original bytes are put back, and if even that fails the backup
is kept and named in the error. The same in-place path is the fallback when the rename itself
is refused because the target is a mount point (a single file bind-mounted into a container).
"""
from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path
from typing import Callable

from editor.article.temp_names import BACKUP_KIND, TEMP_KIND, sibling_name

log = logging.getLogger(__name__)

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "the file is larger than the system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOENT: "the folder no longer exists",
    errno.EIO: "the disk reported an input/output error",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EISDIR: "the path is a folder",
    errno.EBUSY: "the file is busy",
    errno.ETXTBSY: "the file is busy",
    errno.EXDEV: "the file is on another file system than its folder",
}
# Renames refused for these reasons can still be done as an in-place write.
_IN_PLACE_FALLBACK = {errno.EBUSY, errno.EXDEV}
# Longest file name most file systems accept; temp names must stay under it.
_NAME_MAX = 255


class SaveError(OSError):
    """A save failed; the original file is intact and no temporary file is left behind."""

    def __init__(self, path: Path, reason: str, cause: OSError | None = None, intact: bool = True) -> None:
        super().__init__(cause.errno if cause else None, f"Could not save {path}: {reason}")
        self.path = path
        self.reason = reason
        self.intact = intact

    def __str__(self) -> str:
        tail = " The file on disk is unchanged." if self.intact else ""
        return f"Could not save {self.path}: {self.reason}.{tail}"


class ReadOnlyFileError(SaveError):
    """The file is marked read-only (its mode has no write permission); nothing was written."""

    def __init__(self, path: Path, mode: int, cause: OSError | None = None) -> None:
        super().__init__(path, f"permission denied (the file is read-only, mode {mode:04o})", cause)
        self.mode = mode


def describe(exc: OSError) -> str:
    """A plain-words reason for an OSError."""
    reason = _REASONS.get(exc.errno or -1)
    if isinstance(exc, ShortWriteError):
        return f"{reason}: {exc.strerror}"
    return reason or (exc.strerror or str(exc))


class ShortWriteError(OSError):
    """The system accepted fewer bytes than asked and then none at all."""


def resolve_target(path: Path) -> Path:
    """The file a save writes: a symlink's final target, so the link itself is kept."""
    return Path(os.path.realpath(path))


def is_read_only(info: os.stat_result, target: Path) -> bool:
    """True when the file is marked read-only: no write permission for this user, or (for root,
    whom permissions do not stop) no write bit for anyone, as ``chmod a-w`` leaves it."""
    return not os.access(target, os.W_OK) or not stat.S_IMODE(info.st_mode) & 0o222


def write_atomic(path: str | os.PathLike[str], data: bytes, before_replace: Callable[[], None] | None = None,
                 overwrite_read_only: bool = False) -> Path:
    """Replace ``path`` with ``data`` atomically; returns the path actually written.

    ``before_replace`` runs after the new version is written and flushed, just before it
    replaces the file: whatever it raises aborts the save (temporary file removed, original
    intact) and propagates. A read-only file (``is_read_only``) is refused unless
    ``overwrite_read_only``; it then keeps its read-only mode.

    Raises ``SaveError`` (an ``OSError``) when anything fails; the original is then intact.
    """
    target = resolve_target(Path(path))
    try:
        info: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SaveError(target, f"{describe(exc)} (reading the file's details failed)", exc) from exc
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise SaveError(target, "it is not a regular file", None)
    if info is not None and _read_only_mount(target):
        raise SaveError(target, describe(OSError(errno.EROFS, "")), OSError(errno.EROFS, "read-only"))
    if info is not None and not overwrite_read_only and is_read_only(info, target):
        # Renaming over it would work (the folder is writable; root passes any permission), but
        # the owner marked it read-only: a careful editor asks first, as vim's ":w!" does.
        denied = PermissionError(errno.EACCES, "permission denied")
        raise ReadOnlyFileError(target, stat.S_IMODE(info.st_mode), denied)
    if info is not None and info.st_nlink > 1:
        log.warning("%s has %d hard links; writing it in place after a backup", target, info.st_nlink)
        return _write_in_place(target, data, before_replace)
    try:
        _replace_via_temp(target, data, info, before_replace)
    except _RenameRefused:
        return _write_in_place(target, data, before_replace)
    return target


class _RenameRefused(Exception):
    """The rename failed in a way an in-place write can work around (temp file already removed)."""


def _replace_via_temp(target: Path, data: bytes, info: os.stat_result | None,
                      before_replace: Callable[[], None] | None) -> None:
    folder = target.parent
    step = "creating a temporary file in the folder"
    tmp: Path | None = None
    try:
        fd, tmp = _create_temp(target, TEMP_KIND, 0o600 if info is not None else 0o666)
        try:
            step = "writing the new version"
            _write_all(fd, data)
            if info is not None:
                step = "copying the file's permissions"
                os.fchmod(fd, stat.S_IMODE(info.st_mode))
                _keep_owner(fd, info)
            step = "flushing the new version to disk"
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        step = "replacing the file with the new version"
        try:
            os.replace(tmp, target)
        except OSError as exc:
            if exc.errno in _IN_PLACE_FALLBACK and info is not None:
                _unlink_quietly(tmp)
                tmp = None
                raise _RenameRefused() from exc
            raise
        tmp = None
        fsync_folder(folder)
    except OSError as exc:
        raise SaveError(target, f"{describe(exc)} ({step} failed)", exc) from exc
    finally:
        if tmp is not None:
            _unlink_quietly(tmp)


def _write_in_place(target: Path, data: bytes, before_replace: Callable[[], None] | None = None) -> Path:
    """Overwrite ``target`` itself (keeping its inode and so its other hard links), after a backup."""
    step = "reading the current version"
    backup: Path | None = None
    try:
        original = target.read_bytes()
        step = "writing a backup copy next to the file"
        fd, backup = _create_temp(target, BACKUP_KIND, 0o600)
        try:
            _write_all(fd, original)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if backup is not None:
            _unlink_quietly(backup)
        raise SaveError(target, f"{describe(exc)} ({step} failed)", exc) from exc
    if before_replace is not None:
        try:
            before_replace()
        except BaseException:
            _unlink_quietly(backup)
            raise

    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        _unlink_quietly(backup)
        raise SaveError(target, f"{describe(exc)} (opening the file for writing failed)", exc) from exc
    try:
        try:
            # No truncation first: until the new bytes are all down, the old ones stay readable.
            _write_all(fd, data, offset=0)
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        except OSError as exc:
            if _restore(fd, original):
                _unlink_quietly(backup)
                raise SaveError(target, f"{describe(exc)} (writing the file in place failed)", exc) from exc
            raise SaveError(
                target,
                f"{describe(exc)} (writing the file in place failed, and so did putting the old text back; "
                f"the previous version is kept in {backup})",
                exc,
                intact=False,
            ) from exc
    finally:
        os.close(fd)
    _unlink_quietly(backup)
    fsync_folder(target.parent)
    return target


def _restore(fd: int, original: bytes) -> bool:
    try:
        _write_all(fd, original, offset=0)
        os.ftruncate(fd, len(original))
        os.fsync(fd)
        return True
    except OSError:
        return False


def _create_temp(target: Path, kind: str, mode: int) -> tuple[int, Path]:
    """A new file next to ``target``, named so that it is hidden and never collides."""
    # Keep the temp name within NAME_MAX even for a target whose own name is near the limit.
    stem = os.fsencode(target.name)[: _NAME_MAX - 32].decode("utf-8", "ignore")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    for _attempt in range(100):
        candidate = target.parent / sibling_name(stem, kind)
        try:
            return os.open(candidate, flags, mode), candidate
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "no free temporary file name")


def _write_all(fd: int, data: bytes, offset: int | None = None) -> None:
    """Write every byte or raise: a short write (disk full, file size limit) is an error, not success."""
    view = memoryview(data)
    total = len(data)
    position = offset
    while view:
        written = os.pwrite(fd, view, position) if position is not None else os.write(fd, view)
        if written <= 0:
            done = total - len(view)
            raise ShortWriteError(errno.ENOSPC, f"only {done:,} of {total:,} bytes could be written")
        view = view[written:]
        if position is not None:
            position += written


def _keep_owner(fd: int, info: os.stat_result) -> None:
    # Root (or a group member) saving someone else's file must not make the file root's.
    if (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid()):
        return
    try:
        os.fchown(fd, info.st_uid, info.st_gid)
    except OSError:
        pass  # an ordinary user cannot give files away; the new file is theirs, as with any editor


def _unlink_quietly(path: Path | None) -> None:
    if path is None:
        return
    try:
        os.unlink(path)
    except OSError:
        pass


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


def fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename or a new file in it) to disk, where the system can."""
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
