"""Reading one article file for the index, whatever the folder holds.

The index reads what the editor would open, and no more:
- at most the editor's own size limit (``editor.article.disk.MAX_FILE_BYTES``) plus one byte,
  to tell a file over it: a 3 GB ``.md`` is an error entry after its stat, not 3 GB of memory;
- regular files only, opened without blocking (a FIFO or a device named ``.md`` never hangs), in
  the words ``Article.load`` uses (``editor.article.disk``). Not through ``disk.read_regular``
  itself: it stats the path before opening it, a system call per file the index does not need
  (discovery has stat'ed it, or ``fstat`` does);
- a symlink only when its target is inside the folder. A link to ``/etc/passwd`` is not made a
  searchable article; it is an info entry saying why.

Plain ``os`` calls: the io stack's objects cost more than reading a small file. The guards cost
nothing on an ordinary file: ``O_NOFOLLOW`` only fails on a link, the size is known from the
listing or the ``fstat`` made anyway.
"""
from __future__ import annotations

import errno
import os
import stat as stat_module

from editor.article.disk import MAX_FILE_BYTES, NotRegularFile, kind_of

Unread = tuple[str, str]  # (problem code, message) of a file that is not read
READ_ERROR = "yaml-error"  # the code every file that does not load has
OUTSIDE_LINK = "link-outside-folder"

_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
          | getattr(os, "O_CLOEXEC", 0))
# What open() says when O_NOFOLLOW meets a symlink: ELOOP on Linux and macOS, EMLINK on FreeBSD.
_LINK_ERRNOS = frozenset({errno.ELOOP, errno.EMLINK})
_CHUNK = 1 << 16


class _NotRead(Exception):
    """A file the index does not read, and why (``Unread``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.unread: Unread = (code, message)


def too_big_message(size: int | None) -> str:
    """What an error entry says of a file over the limit (as ``Article.load`` does)."""
    if size is None:
        return f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes"
    return f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}"


def read_file(folder: str, relpath: str, mtime_ns: int | None, size: int | None
              ) -> tuple[bytes | None, int, int, Unread | None]:
    """A file's bytes, mtime and size (stat'ed when ``mtime_ns`` is None), and None; or None, what
    is known of its stat, and why it was not read. ``folder`` is resolved (no links in it)."""
    path = folder + os.sep + relpath
    try:
        return (*_read(folder, path, mtime_ns, size), None)
    except _NotRead as refused:
        unread = refused.unread
    except OSError as exc:
        unread = (READ_ERROR, f"cannot read the file: {exc.strerror or exc}")
    if mtime_ns is None or size is None:
        try:
            info = os.stat(path)
            mtime_ns, size = info.st_mtime_ns, info.st_size
        except OSError:
            mtime_ns, size = -1, -1  # gone: the next index notices it
    return None, mtime_ns, size, unread


def _read(folder: str, path: str, mtime_ns: int | None, size: int | None) -> tuple[bytes, int, int]:
    """A file's bytes, mtime and size (from fstat when not listed); _NotRead or OSError if not."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        if exc.errno not in _LINK_ERRNOS or not os.path.islink(path):
            raise
        fd = os.open(_link_target(folder, path), _FLAGS)
    try:
        if mtime_ns is None or size is None:
            info = os.fstat(fd)
            if not stat_module.S_ISREG(info.st_mode):
                raise _NotRead(READ_ERROR, NotRegularFile(path, kind_of(info.st_mode)).message)
            mtime_ns, size = info.st_mtime_ns, info.st_size
        if size > MAX_FILE_BYTES:
            raise _NotRead(READ_ERROR, too_big_message(size))
        data = os.read(fd, size + 1)
        if len(data) == size:  # the common case: exactly the size it was listed with
            return data, mtime_ns, size
        # A short read, or the file changed since it was listed: read on, never past the limit.
        chunks = [data]
        total = len(data)
        while chunks[-1] and total <= MAX_FILE_BYTES:
            chunks.append(os.read(fd, min(_CHUNK, MAX_FILE_BYTES + 1 - total)))
            total += len(chunks[-1])
        if total > MAX_FILE_BYTES:
            raise _NotRead(READ_ERROR, too_big_message(None))
        return b"".join(chunks), mtime_ns, size
    finally:
        os.close(fd)


def _link_target(folder: str, path: str) -> str:
    """The file a symlink inside the folder leads to; _NotRead when it leads outside."""
    target = os.path.realpath(path)
    if not target.startswith(folder + os.sep):
        raise _NotRead(OUTSIDE_LINK, f"this is a link to a file outside the project folder ({target}); "
                                     "it is not indexed")
    return target
