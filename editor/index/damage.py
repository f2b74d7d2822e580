"""A damaged index database: telling one, and discarding it so that it is built again.

The index is a cache of the folder's files, so a database SQLite finds corrupt ("database disk
image is malformed", "file is not a database") is deleted with its write-ahead log and shared
memory, and indexed again, once, with a message. Other errors (a locked database, a full disk)
are not damage: deleting the index would not mend them, and they are raised as they are.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from editor.index.database import writer_lock

# SQLite's primary result codes for a damaged file (the low byte of the extended code).
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
FILES = ("", "-wal", "-shm")


def is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """Whether SQLite raised ``exc`` because the database file is damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:  # raised by Python itself, not by SQLite: only a plain DatabaseError is damage
        return type(exc) is sqlite3.DatabaseError
    return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)


def identity(db_path: Path) -> tuple[int, int] | None:
    """(device, inode) of the database file, to tell later whether it is still the same one."""
    try:
        info = os.stat(db_path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def discard(db_path: Path, seen: tuple[int, int] | None) -> None:
    """Delete a damaged database and its side files, unless the file at ``db_path`` is no longer the
    one that was found damaged (``seen``): another process has already built a new one there."""
    with writer_lock(db_path):  # not while another process is writing the index
        if seen is not None and identity(db_path) not in (seen, None):
            return
        for suffix in FILES:
            Path(str(db_path) + suffix).unlink(missing_ok=True)


def message(db_path: Path, exc: sqlite3.DatabaseError) -> str:
    """What the user is told when the index is rebuilt."""
    return f"the index database {db_path} was damaged ({exc}); it was deleted and built again from the files"
