"""Live preview rendering off the GUI thread: debounced jobs sent to one shared render process.

``RenderWorker.request(job)`` stamps the job with a new version and writes it (at once after a
pause in typing, else after a short debounce) to ``python -m ui.render_process``, through a
QProcess whose pipes Qt serves from the event loop, so the GUI never blocks on them. All open
articles share that one process (``RenderService``), as ReText's tabs share its converter
process; each worker's jobs carry its client id, and the process renders only the newest job
of each client.

Each result carries the version it was computed for; ``deliver`` drops any result older than
the newest job already sent or shown, so a slow render of outdated text can never overwrite a
newer preview. At most one job per worker is in flight: keys typed while the process renders
coalesce into one job, sent when that render comes back, so a slow 100 KB render never builds a
queue. If the process cannot start (a frozen build without a Python, say), jobs are rendered
in-process instead: slower for huge answers, but the preview still works.
"""
from __future__ import annotations

import itertools
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, QTimer, Signal

from ui.answer.render_process import compute, encode_frame, split_frames

DEBOUNCE_MS = 15
# Long renders stretch the pause a little, so the process is not flooded while typing fast.
MAX_DEBOUNCE_MS = 250


@dataclass
class RenderResult:
    """What the render process computed for one version of the answer."""

    version: int
    view: str
    html: str
    pitfalls: list[tuple] = field(default_factory=list)
    words: int = 0
    seconds: float = 0.0
    error: str | None = None

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> "RenderResult":
        return cls(
            version=int(message["version"]),
            view=str(message.get("view", "answer")),
            html=str(message.get("html", "")),
            pitfalls=list(message.get("pitfalls", [])),
            words=int(message.get("words", 0)),
            seconds=float(message.get("seconds", 0.0)),
            error=message.get("error"),
        )


class RenderService(QObject):
    """The one render process of the application, shared by every open article's worker."""

    _instance: "RenderService | None" = None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clients: dict[int, "RenderWorker"] = {}
        self.process: QProcess | None = None
        self.failed = False  # the process could not start or crashed: render in-process
        self._buffer = bytearray()

    @classmethod
    def shared(cls) -> "RenderService":
        if cls._instance is None:
            cls._instance = cls(QCoreApplication.instance())
        return cls._instance

    def register(self, worker: "RenderWorker") -> None:
        self.clients[worker.client_id] = worker

    def unregister(self, worker: "RenderWorker") -> None:
        self.clients.pop(worker.client_id, None)
        if not self.clients:
            self.stop()  # nothing open: let the process go (the next article starts it again)

    def send(self, job: dict[str, Any]) -> bool:
        """Write a job to the process; False when rendering must happen in this process."""
        if self.failed:
            return False
        if self.process is None:
            self._start()
        assert self.process is not None
        self.process.write(encode_frame(job))
        return True

    def _start(self) -> None:
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        root = str(Path(__file__).resolve().parent.parent)
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (root, env.value("PYTHONPATH")) if p))
        env.insert("PYTHONDONTWRITEBYTECODE", "1")
        process.setProcessEnvironment(env)
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(lambda: sys.stderr.write(
            bytes(process.readAllStandardError()).decode("utf-8", "replace")))
        process.errorOccurred.connect(self._on_error)
        self._buffer.clear()
        process.start(sys.executable, ["-m", "ui.answer.render_process"])
        self.process = process

    def stop(self) -> None:
        """End the process: closing its stdin lets it finish the job at hand and exit."""
        process, self.process = self.process, None
        if process is None:
            return
        process.errorOccurred.disconnect(self._on_error)
        process.readyReadStandardOutput.disconnect(self._read)
        # Closing stdin ends it after the job at hand: an idle process is gone in a few ms, and
        # a busy one is not waited for on the GUI thread.
        process.closeWriteChannel()
        if process.waitForFinished(300):
            process.deleteLater()
            return
        process.finished.connect(process.deleteLater)
        QTimer.singleShot(5000, process, process.kill)

    def _read(self) -> None:
        if self.process is None:
            return
        self._buffer.extend(bytes(self.process.readAllStandardOutput()))
        for message in split_frames(self._buffer):
            worker = self.clients.get(int(message.get("client", 0)))
            if worker is not None:
                worker.receive(RenderResult.from_message(message))

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error in (QProcess.ProcessError.FailedToStart, QProcess.ProcessError.Crashed):
            self.failed = True
            self.process = None
            for worker in list(self.clients.values()):
                worker.process_lost()


class RenderWorker(QObject):
    """One article's renders: debounced, sent to the shared process, fresh results only."""

    rendered = Signal(object)  # RenderResult
    _ids = itertools.count(1)

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS,
                 service: RenderService | None = None) -> None:
        super().__init__(parent)
        self.debounce_ms = debounce_ms
        self.client_id = next(self._ids)
        self.service = service or RenderService.shared()
        self.version = 0  # newest job requested
        self.sent_version = 0  # newest job written to the process
        self.shown_version = 0  # newest result emitted
        self.received_version = 0  # newest result that came back, fresh or not
        self.dropped = 0  # stale results ignored (for tests and the benchmark)
        self._pending: tuple[int, Any] | None = None
        self._last_job: dict[str, Any] | None = None
        self._last_send_at = 0.0
        self._last_seconds = 0.0
        self._timer = QTimer(self, singleShot=True, timeout=self._send)
        self._in_process = False  # render on this thread (the fallback, and the benchmark's baseline)
        self._stopped = False
        self.service.register(self)

    def stop(self) -> None:
        """No more renders for this worker (its article closed)."""
        self._timer.stop()
        self._pending = None
        if not self._stopped:
            self._stopped = True
            self.service.unregister(self)

    # -- jobs ----------------------------------------------------------------------------------
    def request(self, job: dict[str, Any] | Callable[[], dict[str, Any]], immediate: bool = False) -> int:
        """Queue a render of ``job`` (keys as in ``render_process.compute``); returns its version.

        ``job`` may be a function that builds it: it is called when the job is sent, so a burst
        of keystrokes copies the text of a 100 KB answer once, not once a key.
        """
        self.version += 1
        self._pending = (self.version, job)
        if immediate:
            self._timer.start(0)
        elif not self.in_flight and not self._timer.isActive():
            # Leading edge: the first key after a pause renders at once. During a burst the
            # newest text goes out when the scheduled send fires (never pushed back by more keys),
            # or when the render in flight comes back.
            idle_ms = (time.monotonic() - self._last_send_at) * 1000
            pace = min(MAX_DEBOUNCE_MS, max(self.debounce_ms, int(self._last_seconds * 1000)))
            self._timer.start(0 if idle_ms > pace else pace)
        return self.version

    @property
    def in_flight(self) -> bool:
        """True while the process renders a job of ours whose result has not come back."""
        return not self._in_process and not self.service.failed and self.received_version < self.sent_version

    def _send(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None or self._stopped:
            return
        version, make = pending
        job = dict(make() if callable(make) else make, version=version, client=self.client_id)
        self.sent_version = version
        self._last_job = job
        self._last_send_at = time.monotonic()
        if self._in_process or not self.service.send(job):
            self.receive(RenderResult.from_message(compute(job)))

    def receive(self, result: RenderResult) -> None:
        """A result came back (from the process, or rendered here)."""
        self.received_version = max(self.received_version, result.version)
        self.deliver(result)
        if self._pending is not None and not self.in_flight and not self._timer.isActive():
            # Keys typed during that render go out next. A pause of half the render time leaves
            # the CPU to typing on huge answers (a 2-core laptop).
            self._timer.start(min(MAX_DEBOUNCE_MS, int(self._last_seconds * 500)))

    def process_lost(self) -> None:
        """The render process died: re-render what it never answered, in this process."""
        if self._pending is None and self._last_job is not None and self.received_version < self.sent_version:
            self._pending = (self.sent_version, self._last_job)
        if self._pending is not None:
            self._timer.start(0)

    def deliver(self, result: RenderResult) -> bool:
        """Emit ``result`` unless it is stale; True when it was emitted."""
        self._last_seconds = result.seconds
        if result.version < self.sent_version or result.version <= self.shown_version:
            self.dropped += 1
            return False
        self.shown_version = result.version
        self.rendered.emit(result)
        return True
