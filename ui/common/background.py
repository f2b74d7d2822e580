"""The one way to run slow work off the GUI thread and hand its result back on the GUI thread.

Modelled on Anki's ``CollectionOp(...).success(...)``::

    BackgroundOp(project.index).with_progress(bar.update).success(done).run(key="index")

The function runs on a QThreadPool. Results, failures and progress reach the callbacks through a
queued signal, so callbacks always run on the GUI thread. Ops started with the same ``key`` carry a
version number: when a newer op with that key has started, an older one's result is stale and is
dropped instead of overwriting the newer state (the preview and the checks rely on this).
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal

from ui.common import garbage_collector

T = TypeVar("T")

# The latest version started per key; only that version's result is delivered.
_latest: dict[str, int] = {}
# Running ops, kept alive until their result has been delivered.
_running: set["BackgroundOp[Any]"] = set()
# Progress reports closer together than this are dropped (35k files would flood the event loop).
_PROGRESS_INTERVAL = 0.05


class _Relay(QObject):
    """Lives on the GUI thread; signals emitted from the worker are queued to it."""

    finished = Signal(object, object)  # result, exception
    progressed = Signal(object)  # tuple of progress arguments


class _Runnable(QRunnable):
    def __init__(self, op: "BackgroundOp[Any]") -> None:
        super().__init__()
        self.op = op

    def run(self) -> None:
        self.op._execute()


class BackgroundOp(Generic[T]):
    """``fn(*args, **kwargs)`` on a worker thread; ``success``/``failure`` on the GUI thread."""

    def __init__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> None:
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._on_success: Callable[[T], Any] | None = None
        self._on_failure: Callable[[BaseException], Any] | None = None
        self._on_progress: Callable[..., Any] | None = None
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._owner: QObject | None = None
        self.key: str | None = None
        self.version = 0
        self.done = False
        # The relay belongs to the application (C++ ownership) and is deleted with deleteLater on
        # the GUI thread after delivery: if Python's last reference to this op were dropped on the
        # worker thread, a Python-owned relay would be destroyed there, which crashes Qt.
        self._relay = _Relay(QCoreApplication.instance())
        self._relay.finished.connect(self._deliver)
        self._relay.progressed.connect(self._deliver_progress)

    def success(self, callback: Callable[[T], Any]) -> "BackgroundOp[T]":
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], Any]) -> "BackgroundOp[T]":
        self._on_failure = callback
        return self

    def with_progress(self, callback: Callable[..., Any]) -> "BackgroundOp[T]":
        """Also pass ``progress=`` (a thread-safe reporter) and ``cancel=`` (a predicate) to fn."""
        self._on_progress = callback
        self._kwargs = {**self._kwargs, "progress": self.report, "cancel": self.is_cancelled}
        return self

    def run(
        self, key: str | None = None, pool: QThreadPool | None = None, owner: QObject | None = None
    ) -> "BackgroundOp[T]":
        """Start the op; a later op with the same key makes this one's result stale. When
        ``owner`` (the widget that wants the result) is destroyed first, the result is dropped."""
        if owner is not None:
            self._owner = owner
            owner.destroyed.connect(self.cancel)
        garbage_collector.install()  # from now on work runs off the GUI thread: see that module
        self.key = key
        if key is not None:
            self.version = _latest[key] = _latest.get(key, 0) + 1
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))
        return self

    # -- worker side ---------------------------------------------------------------------------
    def report(self, *args: Any) -> None:
        """Thread-safe progress report; throttled except for the last step (done == total)."""
        now = time.monotonic()
        final = len(args) >= 2 and args[0] == args[1]
        if final or now - self._last_report >= _PROGRESS_INTERVAL:
            self._last_report = now
            self._relay.progressed.emit(args)

    def is_cancelled(self) -> bool:
        return self._cancel.is_set() or self.is_stale

    def cancel(self) -> None:
        """Ask the function to stop (it must poll ``cancel``); its result will be dropped."""
        self._cancel.set()

    @property
    def is_stale(self) -> bool:
        return self.key is not None and _latest.get(self.key) != self.version

    def _execute(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - delivered to the failure callback
            self._relay.finished.emit(None, exc)
        else:
            self._relay.finished.emit(result, None)

    # -- GUI side ------------------------------------------------------------------------------
    def _deliver(self, result: Any, error: BaseException | None) -> None:
        self.done = True
        _running.discard(self)
        on_success, on_failure = self._on_success, self._on_failure
        self._release()
        if self._cancel.is_set() or self.is_stale:
            return
        if any(not _alive(cb) for cb in (on_success, on_failure)):
            return  # the widget that asked is gone (closed tab)
        if error is not None:
            if on_failure is not None:
                on_failure(error)
            else:
                raise error
        elif on_success is not None:
            on_success(result)

    def _release(self) -> None:
        """Drop, here on the GUI thread, everything of this op that touches Qt.

        The worker thread may hold the op's last reference (the pool deletes its runnable after
        ``run`` returns, which can be after delivery). Freeing a Python slot connected to a widget
        there makes PySide disconnect it on that thread: QObject::disconnect holds Qt's connection
        lock while it waits for the GIL, and the GUI thread holds the GIL while it waits for that
        lock. The test suite hung that way (py-spy: ``QThreadPoolThread`` in
        ``Shiboken::Object::destroy`` -> ``QObject::disconnect`` -> ``GilState::acquire``).
        """
        if self._owner is not None:
            if shiboken6.isValid(self._owner):
                self._owner.destroyed.disconnect(self.cancel)
            self._owner = None
        self._relay.finished.disconnect(self._deliver)
        self._relay.progressed.disconnect(self._deliver_progress)
        self._relay.deleteLater()
        self._on_success = self._on_failure = self._on_progress = None
        self._fn, self._args, self._kwargs = _released, (), {}

    def _deliver_progress(self, args: tuple[Any, ...]) -> None:
        if self._on_progress is not None and not self.done and not self.is_cancelled():
            self._on_progress(*args)


def _released(*_args: Any, **_kwargs: Any) -> None:
    """Stands in for an op's function once its result has been delivered."""


def _alive(callback: Callable[..., Any] | None) -> bool:
    """False when ``callback`` is a method of a QObject whose C++ side was deleted."""
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


def cancel_all() -> None:
    """Cancel every running op (the window is closing)."""
    for op in list(_running):
        op.cancel()
