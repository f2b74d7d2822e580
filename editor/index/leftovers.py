"""Temporary files that interrupted saves left in a content folder, and removing the stale ones.

A save killed between writing its temporary file and renaming it (``editor.article.atomic``)
leaves a hidden ``.NAME.XXXXXXXX.tmp`` beside the article; 650 kill -9 left 97 of them. Discovery
collects their names as it walks (it skips hidden files anyway, so they are never indexed or
listed), and opening the project removes those that are
- named as our saves name them (``editor.article.temp_names``),
- older than ``STALE_AFTER_S`` (a save holds its file for milliseconds), and
- not open in any live process (``/proc/*/fd``, where the system has it; elsewhere the age decides).
Nothing else is touched: not a ``.backup`` a failed save kept on purpose, not a file of another
program's that merely ends in ``.tmp``.
"""
from __future__ import annotations

import logging
import os
import stat as stat_module
import time
from pathlib import Path

from editor.article.temp_names import is_temp_name

log = logging.getLogger(__name__)
STALE_AFTER_S = 3600.0
_PROC = "/proc"

FileId = tuple[int, int]  # (st_dev, st_ino)


def remove_stale(folder: Path, relpaths: list[str], now: float | None = None) -> list[str]:
    """Delete the stale temporary files among ``relpaths`` (hidden files discovery met); returns
    the relpaths deleted. Costs nothing when there are none, as in almost every folder."""
    if not relpaths:
        return []
    cutoff = (time.time() if now is None else now) - STALE_AFTER_S
    candidates: dict[FileId, str] = {}
    for relpath in relpaths:
        if not is_temp_name(relpath.rpartition("/")[2]):
            continue
        try:
            info = os.lstat(folder / relpath)
        except OSError:
            continue
        if stat_module.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
            candidates[(info.st_dev, info.st_ino)] = relpath
    if not candidates:
        return []
    held = open_elsewhere(set(candidates))
    removed = []
    for file_id, relpath in sorted(candidates.items(), key=lambda item: item[1]):
        if file_id in held:
            continue
        try:
            os.unlink(folder / relpath)
        except OSError:
            continue
        removed.append(relpath)
    if removed:
        log.info("removed %d stale temporary file(s) of interrupted saves in %s", len(removed), folder)
    return removed


def open_elsewhere(wanted: set[FileId]) -> set[FileId]:
    """Which of the ``wanted`` files a live process holds open, as far as ``/proc`` tells (the
    processes of other users are not visible to an ordinary user; they cannot write our files)."""
    held: set[FileId] = set()
    try:
        pids = [name for name in os.listdir(_PROC) if name.isdigit()]
    except OSError:
        return held  # no /proc: the age alone decides
    for pid in pids:
        fd_dir = f"{_PROC}/{pid}/fd"
        try:
            fds = os.listdir(fd_dir)
        except OSError:
            continue
        for fd in fds:
            try:
                info = os.stat(f"{fd_dir}/{fd}")  # follows the fd's link to the open file itself
            except OSError:
                continue
            file_id = (info.st_dev, info.st_ino)
            if file_id in wanted:
                held.add(file_id)
    return held
