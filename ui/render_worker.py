"""Live preview rendering off the GUI thread: debounced jobs sent to a render process.

``RenderWorker.request(job)`` stamps the job with a new version and writes it (at once after a
pause in typing, else after a short debounce) to ``python -m ui.render_process`` through a QProcess, whose pipes Qt serves from the
event loop, so the GUI never blocks on them. Each result carries the version it was computed for;
``deliver`` drops any result older than the newest job already sent or shown, so a slow render
of outdated text can never overwrite a newer preview. At most one job is in flight: keys typed
while the process renders coalesce into one job, sent when that render comes back, so a slow
100 KB render never builds a queue.

If the process cannot start (a frozen build without a Python, say), jobs are rendered in-process
on a timer: slower for huge answers, but the preview still works.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from ui.render_process import compute, encode_frame, split_frames

DEBOUNCE_MS = 15
# Long renders stretch the pause a little, so the process is not flooded while typing fast.
MAX_DEBOUNCE_MS = 150


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


class RenderWorker(QObject):
    """Debounces render jobs, runs them in a separate process, and emits fresh results only."""

    rendered = Signal(object)  # RenderResult

    def __init__(self, parent: QObject | None = None, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.debounce_ms = debounce_ms
        self.version = 0  # newest job requested
        self.sent_version = 0  # newest job written to the process
        self.shown_version = 0  # newest result emitted
        self.received_version = 0  # newest result that came back, fresh or not
        self.dropped = 0  # stale results ignored (for tests and the benchmark)
        self._pending: tuple[int, Any] | None = None
        self._buffer = bytearray()
        self._last_job: dict[str, Any] | None = None
        self._last_send_at = 0.0
        self._last_seconds = 0.0
        self._timer = QTimer(self, singleShot=True, timeout=self._send)
        self._process: QProcess | None = None
        self._in_process = False
        self._start_process()

    # -- process -------------------------------------------------------------------------------
    def _start_process(self) -> None:
        process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        root = str(Path(__file__).resolve().parent.parent)
        env.insert("PYTHONPATH", os.pathsep.join(p for p in (root, env.value("PYTHONPATH")) if p))
        env.insert("PYTHONDONTWRITEBYTECODE", "1")
        process.setProcessEnvironment(env)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._read)
        process.readyReadStandardError.connect(lambda: sys.stderr.write(
            bytes(process.readAllStandardError()).decode("utf-8", "replace")))
        process.errorOccurred.connect(self._on_error)
        process.start(sys.executable, ["-m", "ui.render_process"])
        self._process = process

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error in (QProcess.ProcessError.FailedToStart, QProcess.ProcessError.Crashed):
            self._in_process = True
            self._process = None
            if self._pending is None and self._last_job is not None and self.received_version < self.sent_version:
                self._pending = (self.sent_version, self._last_job)  # the lost process never answered it
            if self._pending is not None:
                self._timer.start(0)

    def stop(self) -> None:
        """End the render process (closing its stdin lets it exit on its own)."""
        self._timer.stop()
        process, self._process = self._process, None
        if process is not None:
            process.errorOccurred.disconnect(self._on_error)
            process.closeWriteChannel()
            if not process.waitForFinished(1000):
                process.kill()
                process.waitForFinished(1000)

    # -- jobs ----------------------------------------------------------------------------------
    def request(self, job: dict[str, Any] | Callable[[], dict[str, Any]], immediate: bool = False) -> int:
        """Queue a render of ``job`` (keys as in ``render_process.compute``); returns its version.

        ``job`` may be a function that builds it: it is called once the debounce has passed, so
        a burst of keystrokes copies the text of a 100 KB answer once, not once a key.
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
        """True while the process is rendering a job whose result has not come back."""
        return self._process is not None and not self._in_process and self.received_version < self.sent_version

    def _send(self) -> None:
        pending, self._pending = self._pending, None
        if pending is None:
            return
        version, make = pending
        job = dict(make() if callable(make) else make, version=version)
        self.sent_version = version
        self._last_job = job
        self._last_send_at = time.monotonic()
        if self._process is not None and not self._in_process:
            self._process.write(encode_frame(job))
        else:
            self.deliver(RenderResult.from_message(compute(job)))

    def _read(self) -> None:
        if self._process is None:
            return
        self._buffer.extend(bytes(self._process.readAllStandardOutput()))
        for message in split_frames(self._buffer):
            result = RenderResult.from_message(message)
            self.received_version = max(self.received_version, result.version)
            self.deliver(result)
        if self._pending is not None and not self.in_flight and not self._timer.isActive():
            # Keys typed during that render go out next, at most one job in flight. A pause of
            # half the render time leaves the CPU to typing on huge answers (a 2-core laptop).
            self._timer.start(min(MAX_DEBOUNCE_MS, int(self._last_seconds * 500)))

    def deliver(self, result: RenderResult) -> bool:
        """Emit ``result`` unless it is stale; True when it was emitted."""
        self._last_seconds = result.seconds
        if result.version < self.sent_version or result.version <= self.shown_version:
            self.dropped += 1
            return False
        self.shown_version = result.version
        self.rendered.emit(result)
        return True
