"""Work over a folder's files on every core, with the results in order, as a generator.

``ordered(tasks, work)`` yields ``work(task)`` for each task in task order. This process works on
the first task before any helper starts (so the first result comes as soon as one task is done)
and then takes tasks from a shared counter like the helpers, one fewer than the processes asked
for, which send their results back through a queue. Results that arrive early wait in memory for
the ones before them. Closing the generator (the caller stops, or cancels) stops the helpers.

Like ``editor.index.workers``: helpers fork where that is safe (no other threads in the process)
and are spawned otherwise (the window searches from a thread). ``work`` must be a module-level
function and its tasks and results picklable, marshal-friendly ones preferably.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import traceback
from typing import Any, Callable, Generator, TypeVar

T = TypeVar("T")
R = TypeVar("R")


def ordered(tasks: list[T], work: Callable[[T], R], processes: int | None = None) -> Generator[R, None, None]:
    """``work(task)`` of each task, in order, over ``processes`` processes (default: the cores)."""
    processes = processes if processes is not None else (os.cpu_count() or 1)
    if processes <= 1 or len(tasks) <= 2:
        for task in tasks:
            yield work(task)
        return
    yield work(tasks[0])
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    context: Any = multiprocessing.get_context(method)
    counter = context.Value("i", 1)
    results = context.Queue()
    helpers = [context.Process(target=_helper, args=(tasks, work, counter, results), daemon=True)
               for _ in range(min(processes, len(tasks) - 1) - 1)]
    for helper in helpers:
        helper.start()
    running = len(helpers)
    pending: dict[int, Any] = {}
    wanted = 1
    try:
        while wanted < len(tasks):
            if wanted in pending:
                yield pending.pop(wanted)
                wanted += 1
                continue
            try:
                message = results.get_nowait()  # helpers' results first: their queue stays short
            except queue.Empty:
                index = _take(counter, len(tasks))
                if index is not None:
                    pending[index] = work(tasks[index])
                    continue
                if not running:
                    raise RuntimeError(f"a helper process lost task {wanted}")
                message = _wait(results, helpers)
            if message is None:
                running -= 1
            elif isinstance(message, str):
                raise RuntimeError(f"a helper process failed:\n{message}")
            else:
                pending[message[0]] = message[1]
    finally:
        with counter.get_lock():
            counter.value = len(tasks)  # helpers take no more tasks
        for helper in helpers:
            if wanted < len(tasks):
                helper.terminate()  # it may be blocked sending a result nobody will read
            helper.join()
        results.close()


def _wait(results: Any, helpers: list[Any]) -> Any:
    """The next message from the helpers; RuntimeError when they all died without one (killed)."""
    while True:
        try:
            return results.get(timeout=1.0)
        except queue.Empty:
            if not any(helper.is_alive() for helper in helpers):
                try:
                    return results.get(timeout=0.1)
                except queue.Empty:
                    raise RuntimeError("the helper processes ended without their results") from None


def _take(counter: Any, total: int) -> int | None:
    with counter.get_lock():
        index = counter.value
        if index >= total:
            return None
        counter.value = index + 1
        return int(index)


def _helper(tasks: list[Any], work: Callable[[Any], Any], counter: Any, results: Any) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the helpers
    try:
        while (index := _take(counter, len(tasks))) is not None:
            results.put((index, work(tasks[index])))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        results.put(traceback.format_exc())
    results.put(None)
