"""Finding a content folder's article files: every ``**/*.md``, skipping hidden files and folders,
``node_modules`` and ``.git``; symlinked files count (the reader refuses those whose target is
outside the folder), symlinked folders are not followed. Hidden ``*.tmp`` files met on the way are
collected for ``editor.index.leftovers``, which removes the stale ones an interrupted save left.

A warm reopen is mostly this walk: one ``stat`` per file, which the kernel spends most of the time
on. Where forking is safe (no other threads in the process), a child process walks every other
top-level folder while this one walks the rest, so the two cores share it. A cold index lists
names only (its readers stat each file as they open it), and shares the walk the same way.
"""
from __future__ import annotations

import marshal
import os
import stat as stat_module
import threading
from pathlib import Path

SKIPPED_FOLDERS = frozenset({"node_modules", ".git"})
Found = dict[str, tuple[int, int]]
Folders = list[tuple[str, str]]  # (directory, relpath prefix) still to walk


def discover(folder: Path, hidden_temps: list[str] | None = None) -> Found:
    """relpath -> (mtime_ns, size) of every article file under ``folder``; the relpaths of hidden
    ``*.tmp`` files are added to ``hidden_temps`` when it is given."""
    return _discover(folder, True, hidden_temps)


def discover_names(folder: Path, hidden_temps: list[str] | None = None) -> list[str]:
    """The relpaths of every article file under ``folder``, sorted, without a stat call per
    file: a cold index has the file's reader stat it (see ``index_db.Batch.add_file``)."""
    return sorted(_discover(folder, False, hidden_temps))


def _discover(folder: Path, stat: bool, hidden_temps: list[str] | None) -> Found:
    """``discover``; with ``stat`` False, every file's (mtime_ns, size) is (0, 0)."""
    found: Found = {}
    folders: Folders = []
    temps: list[str] = []
    try:
        entries = list(os.scandir(str(folder)))
    except OSError:
        return found
    _take(entries, "", found, stat, folders, temps)
    if len(folders) < 2 or threading.active_count() != 1 or not hasattr(os, "fork"):
        _walk(folders, found, stat, temps)
        if hidden_temps is not None:
            hidden_temps.extend(temps)
        return found
    mine, theirs = folders[0::2], folders[1::2]
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: walk its half, send what it found, leave without any clean-up
        status = 1
        try:
            os.close(read_fd)
            half: Found = {}
            half_temps: list[str] = []
            _walk(theirs, half, stat, half_temps)
            _send(write_fd, marshal.dumps((half, half_temps)))
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    _walk(mine, found, stat, temps)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status == 0 and data:
        half, half_temps = marshal.loads(data)
        found.update(half)
        temps += half_temps
    else:  # the child failed: walk its half here
        _walk(theirs, found, stat, temps)
    if hidden_temps is not None:
        hidden_temps.extend(temps)
    return found


def _send(fd: int, data: bytes) -> None:
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(data)


def _walk(folders: Folders, found: Found, stat: bool, temps: list[str]) -> None:
    stack = list(folders)
    while stack:
        directory, prefix = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        _take(entries, prefix, found, stat, stack, temps)


def _take(entries: list[os.DirEntry[str]], prefix: str, found: Found, stat: bool, folders: Folders,
          temps: list[str]) -> None:
    """Put the article files among ``entries`` in ``found``, their folders on ``folders`` and the
    hidden ``*.tmp`` files in ``temps``."""
    for entry in entries:
        name = entry.name
        if name[0] == "." or name in SKIPPED_FOLDERS:
            if name[-4:] == ".tmp":
                temps.append(prefix + name)
            continue
        try:
            if stat and name[-3:] == ".md":
                # Most entries: stat once (following links, as is_file does) and decide by it.
                info = entry.stat()
                if stat_module.S_ISREG(info.st_mode):
                    found[prefix + name] = (info.st_mtime_ns, info.st_size)
                    continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((entry.path, prefix + name + "/"))
            elif not stat and name.endswith(".md") and entry.is_file():
                found[prefix + name] = (0, 0)
        except OSError:
            continue
