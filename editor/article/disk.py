"""The article's file on disk: read only if it is a regular file of bounded size, and replaced
only under an advisory lock that makes check-write-rename one step for every save that takes it.

Reading: a FIFO or a character device named ``.md`` would block ``open`` or never reach its end
(``/dev/zero``). The path is stat'ed first (so a device is never even opened), then opened with
``O_NONBLOCK`` and checked again with ``fstat`` (the path may have changed in between), and at
most ``MAX_FILE_BYTES`` + 1 bytes are read, whatever size the file claims.

Saving: ``guarded_write`` takes ``fcntl.flock(LOCK_EX)`` on the article itself, checks that the
file still holds the bytes the article was loaded from, writes the temporary file, checks again
just before the rename, renames, and releases the lock. A short read-modify-write (the CLI's
``set``) can hold the lock from before its read to after its rename (``edit_lock``), so such
edits queue instead of conflicting.

Why a lock on the article and not a lock file beside it: a lock file survives the rename, but it
litters the content folder (``git status``, the index, the browser all see it) and cannot be
removed without a race of its own. A lock on the article's inode does not survive the rename:
the new file is a new inode. So a save that waited for the lock checks, once it holds it, that
the path still names the inode it locked; if not, the file was replaced meanwhile and it locks
the new one (the usual pattern for locking files that are replaced by rename).

The lock is advisory: other editors (vim, a sync client) do not take it. Against them the
second check, just before the rename, narrows the window to microseconds; it cannot close it.

NFS: Linux emulates ``flock`` on NFS with POSIX byte-range locks, so it holds across clients
when the server does locking (NFSv4, or v3 with lockd); on a ``nolock`` mount it is local to the
client. POSIX ``fcntl``/``lockf`` locks are not used: a process loses them when it closes *any*
descriptor of the file, which reading the file for the check would do. Windows has no
``flock`` (``msvcrt.locking`` is a mandatory lock that would also block readers): there the lock
is skipped and only the two checks remain.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from editor.article.atomic import SaveError, resolve_target, write_atomic
from editor.article.frontmatter import ArticleError, ConflictError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: see the module docstring
    fcntl = None  # type: ignore[assignment]

MAX_FILE_BYTES = 8 * 1024 * 1024  # articles are kilobytes; anything this big is not one
LOCK_TIMEOUT = 10.0  # seconds; a save takes milliseconds, so a longer hold is a stuck program
_CHUNK = 1 << 16


class NotRegularFile(ArticleError):
    """The path names a FIFO, a device, a socket or a folder: nothing an article can be."""

    def __init__(self, path: str | Path | None, kind: str) -> None:
        super().__init__(path, None, f"this is {kind}, not a file; an article is a regular file")
        self.kind = kind

    def __reduce__(self):  # pickling (worker processes) with this signature
        return (type(self), (self.path, self.kind))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _not_regular(path: Path, mode: int) -> NotRegularFile:
    return NotRegularFile(path, kind_of(mode))


def open_regular(path: str | os.PathLike[str]) -> int:
    """A read-only descriptor of a regular file; NotRegularFile for anything else, OSError when
    it cannot be opened. Never blocks, whatever the path names."""
    where = Path(path)
    mode = os.stat(where).st_mode
    if not stat.S_ISREG(mode):
        raise _not_regular(where, mode)
    fd = os.open(where, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for a FIFO between the stat and the open
            raise _not_regular(where, mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_fd(fd: int, path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The whole file behind ``fd`` from its start; ArticleError past ``limit`` bytes (reading
    at most ``limit`` + 1 of them)."""
    size = os.fstat(fd).st_size
    if size > limit:
        raise ArticleError(path, None, f"the file is {size:,} bytes; the limit is {limit:,}")
    chunks: list[bytes] = []
    total, offset = 0, 0
    while total <= limit:
        chunk = os.pread(fd, min(_CHUNK, limit + 1 - total), offset)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        offset += len(chunk)
    if total > limit:
        raise ArticleError(path, None, f"the file is over {limit:,} bytes (it grew while read); the limit is {limit:,}")
    return b"".join(chunks)


def read_regular(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ArticleError (naming the file)
    for anything else, including a file that cannot be read."""
    where = Path(path)
    try:
        fd = open_regular(where)
    except ArticleError:
        raise
    except OSError as exc:
        raise ArticleError(where, None, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        return read_fd(fd, where, limit)
    except OSError as exc:
        raise ArticleError(where, None, f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


# --- the save lock ------------------------------------------------------------------------------

@dataclass
class Locked:
    """A held save lock: ``fd`` is the locked file, which the path named when the lock was taken."""

    path: Path
    fd: int | None  # None: the file does not exist (nothing to lock)

    def current(self) -> bytes | None:
        """What the locked file holds now, or None when the path is gone. ConflictError when the
        path no longer names the locked file (a writer that ignores the lock renamed over it)."""
        if self.fd is None:
            if os.path.lexists(self.path):
                raise ConflictError(self.path, None, "the file was created on disk meanwhile")
            return None
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return None
        then = os.fstat(self.fd)
        if (now.st_dev, now.st_ino) != (then.st_dev, then.st_ino):
            raise ConflictError(self.path, None, "the file changed on disk since it was opened (it was replaced)")
        return read_fd(self.fd, self.path)


def _flock(fd: int, path: Path, deadline: float) -> None:
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                busy = OSError(errno.EWOULDBLOCK, "locked")
                raise SaveError(path, f"another program is saving this file (it has held its lock for over "
                                      f"{LOCK_TIMEOUT:g} s); try again", busy) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.05)
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                return  # a file system without locks (some FUSE and NFS nolock mounts): the checks remain
            raise


def _acquire(path: Path) -> Locked:
    deadline = time.monotonic() + LOCK_TIMEOUT
    while True:
        try:
            fd = open_regular(path)
        except FileNotFoundError:
            return Locked(path, None)
        if fcntl is None:  # pragma: no cover - Windows
            return Locked(path, fd)
        try:
            _flock(fd, path, deadline)
            try:
                now = os.stat(path)
            except FileNotFoundError:
                os.close(fd)
                return Locked(path, None)
            then = os.fstat(fd)
        except BaseException:
            os.close(fd)
            raise
        if (now.st_dev, now.st_ino) == (then.st_dev, then.st_ino):
            return Locked(path, fd)
        os.close(fd)  # replaced while we waited: lock the file the path names now


def _check(locked: Locked, expected: str, shown: Path) -> None:
    """ConflictError unless the locked file still holds the bytes whose sha256 is ``expected``."""
    try:
        current = locked.current()
    except ConflictError as exc:
        raise ConflictError(shown, None, exc.message) from None
    except ArticleError as exc:  # grew past the limit
        raise ConflictError(shown, None, f"the file changed on disk since it was opened ({exc.message})") from None
    except OSError:
        return  # unreadable: the write itself will say what is wrong
    if current is None:
        raise ConflictError(shown, None, "the file was deleted or renamed on disk since it was opened")
    if sha256(current) != expected:
        raise ConflictError(shown, None, "the file changed on disk since it was opened")


@contextmanager
def edit_lock(path: str | os.PathLike[str]) -> Iterator[Locked]:
    """Hold the save lock of ``path`` (its symlink's target) for a whole read-modify-write: read
    the file inside, and pass the lock to the save (``guarded_write(..., held=...)``). Keep it
    short: every other save of the file waits for it."""
    try:
        locked = _acquire(resolve_target(Path(path)))
    except NotRegularFile as exc:
        raise NotRegularFile(Path(path), exc.kind) from None  # named as given, not as its symlink's target
    try:
        yield locked
    finally:
        if locked.fd is not None:
            os.close(locked.fd)


def guarded_write(path: str | os.PathLike[str], data: bytes, expected: str | None = None,
                  overwrite_read_only: bool = False, held: Locked | None = None) -> Path:
    """``write_atomic`` under the save lock. With ``expected`` (the sha256 of the bytes the
    article was loaded from) the file must still hold those bytes, checked once the lock is held
    and again just before the rename; otherwise ConflictError, and nothing is written.
    ``held``: the lock of this same file, already taken by ``edit_lock`` (flock is not
    re-entrant: taking it again through another descriptor would wait for ourselves)."""
    shown = Path(path)
    if held is not None and held.path == resolve_target(shown):
        return _write_locked(shown, data, expected, overwrite_read_only, held)
    try:
        locked = _acquire(resolve_target(shown))
    except NotRegularFile as exc:
        if expected is not None:
            raise ConflictError(shown, None, f"the file on disk was replaced by {exc.kind}") from None
        return write_atomic(shown, data, overwrite_read_only=overwrite_read_only)  # refuses it, saying why
    try:
        return _write_locked(shown, data, expected, overwrite_read_only, locked)
    finally:
        if locked.fd is not None:
            os.close(locked.fd)  # closing the only descriptor of this open file releases the flock


def _write_locked(shown: Path, data: bytes, expected: str | None, overwrite_read_only: bool, locked: Locked) -> Path:
    check: Callable[[], None] | None = None
    if expected is not None:
        _check(locked, expected, shown)
        check = lambda: _check(locked, expected, shown)  # noqa: E731
    return write_atomic(shown, data, before_replace=check, overwrite_read_only=overwrite_read_only)
