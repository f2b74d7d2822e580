"""Reading a folder's files for the index on every core, with no more processes than cores.

The process that owns the database writes every chunk of files; whenever it has nothing to
write, it reads a chunk itself. Helper processes (one fewer than the processes asked for) take
chunks from a shared counter and send back their rows. Before, a pool of one reader per core ran
beside the writer: three processes on two cores, and the writer's idle moments went unused.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import threading
import traceback
from typing import Any, Callable

from editor.index import database as index_db

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

Task = tuple[str, int, list[tuple[str, int | None, int | None]]]


def run(tasks: list[Task], processes: int, write: Callable[[Any], bool]) -> None:
    """Index every chunk in ``tasks`` and pass each result (``index_db.Batch`` rows or their
    dumped bytes) to ``write``, which returns False to stop early (cancel)."""
    if processes <= 1 or len(tasks) <= 1:
        for task in tasks:
            if not write(index_db.scan_chunk(task).rows()):
                return
        return
    # fork starts fastest but is unsafe once threads run (the GUI indexes from a thread).
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context: Any = multiprocessing.get_context(method)
    counter = context.Value("i", 0)
    results = context.Queue()
    _widen(results)
    helpers = [context.Process(target=_helper, args=(tasks, counter, results), daemon=True)
               for _ in range(min(processes, len(tasks)) - 1)]
    for helper in helpers:
        helper.start()
    running = len(helpers)
    finished = False
    # Chunks are written in task order, so rids only ever grow. A chunk with lower rids than the
    # last one makes the full-text index flush its pending words into one more segment (and lands
    # in the middle of the tables): with two processes every third chunk came early, and writing
    # cost about a third more.
    pending: dict[int, Any] = {}  # chunks read before an earlier one was, by task index
    written = 0

    def put(index: int, payload: Any) -> bool:
        nonlocal written
        pending[index] = payload
        while written in pending:
            if not write(pending.pop(written)):
                return False
            written += 1
        return True

    try:
        while True:
            try:
                message = results.get_nowait()  # helpers' chunks first: their queue stays short
            except queue.Empty:
                index = _take(counter, len(tasks))
                if index is not None:
                    if not put(index, index_db.scan_chunk(tasks[index]).rows()):
                        return
                    continue
                if not running:
                    if pending:  # cannot happen: every chunk taken was read and sent
                        raise RuntimeError(f"indexing lost the chunks before {min(pending)}")
                    finished = True
                    return
                message = results.get()
            if message is None:
                running -= 1
            elif isinstance(message, str):
                raise RuntimeError(f"an indexing process failed:\n{message}")
            elif not put(*message):
                return
    finally:
        with counter.get_lock():
            counter.value = len(tasks)  # helpers take no more chunks
        for helper in helpers:
            if not finished:
                helper.terminate()  # it may be blocked sending rows nobody will read
            helper.join()
        results.close()


PIPE_BYTES = 1 << 20  # Linux lets any process make a pipe this big (fs.pipe-max-size)


def _widen(results: Any) -> None:
    """Let the pipe behind a queue hold several chunks' rows (a chunk's are about 250 KB at 200
    files). A helper's feeder thread then writes a chunk in one go, and the writer reads it in one
    go, rather than 64 KB at a time, each piece waiting for the helper's busy thread to let go of
    the GIL: at 35,000 files the writer waited half as long. Where pipes cannot be resized, they
    stay as they are."""
    resize = getattr(fcntl, "F_SETPIPE_SZ", None)
    if resize is not None:
        with contextlib.suppress(OSError, AttributeError):
            fcntl.fcntl(results._writer.fileno(), resize, PIPE_BYTES)


def _take(counter: Any, total: int) -> int | None:
    with counter.get_lock():
        index = counter.value
        if index >= total:
            return None
        counter.value = index + 1
        return int(index)


def _helper(tasks: list[Task], counter: Any, results: Any) -> None:
    index_db.worker_init()
    try:
        while (index := _take(counter, len(tasks))) is not None:
            results.put((index, index_db.scan_chunk(tasks[index]).dumps()))
    except BaseException:  # noqa: BLE001 - reported to the writer, which raises it
        results.put(traceback.format_exc())
    results.put(None)
