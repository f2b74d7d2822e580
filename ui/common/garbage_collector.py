"""Python's cyclic garbage is collected on the GUI thread only, once work runs on other threads.

Python collects cycles in whichever thread allocates when a threshold is crossed. When that is a
worker thread (indexing, say) and the garbage holds a Qt object made on the GUI thread, PySide
destroys the object there. QObject::disconnect then holds Qt's connection lock while it waits for
the GIL, and the GUI thread holds the GIL while it waits for that lock in QObject::connect: the
window freezes for good. The test suite hung that way (py-spy showed the two stacks).

So ``install`` turns automatic collection off, and a timer on the GUI thread collects instead,
generation by generation, with Python's own thresholds (the recipe PyQt applications use).

Two costs of that recipe held the GUI thread far beyond 50 ms with a 35,000-article folder open:

- between two ticks of a slow timer (200 ms), a worker (the project check) allocates hundreds of
  thousands of objects; the first collection after them scanned them all (gen0 up to 64 ms, gen1
  up to 250 ms). The timer now ticks every ``FAST_MS`` while there is garbage to collect, and
  slows down to ``SLOW_MS`` when there is none, so each collection is a small one;
- a full collection looks at every object the program holds (about 270,000: the browser's
  entries and paths, the project's problems): 90-400 ms. So what survives a middle-generation
  collection is frozen (``gc.freeze``): it has lived through two collections and is taken as
  long-lived; collections look only at what was made since. Cycles among frozen objects that
  become garbage later (a closed tab's widgets) are freed by a ``sweep`` (thaw, full collection,
  freeze) at most every ``SWEEP_S`` seconds, while the application is in the background, or
  after ``4 * SWEEP_S`` seconds in any case.
"""
from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer
from PySide6.QtGui import QGuiApplication

FAST_MS = 10
SLOW_MS = 200
SWEEP_S = 300.0
MIDDLE_EVERY = 3  # young collections per middle one (Python's: 10): its survivors are fewer


class GarbageCollector(QObject):
    """Collects on its timer what Python would have collected automatically."""

    def __init__(self, parent: QObject | None) -> None:
        super().__init__(parent)
        self.setObjectName("garbageCollector")
        self.threshold = gc.get_threshold()
        self.last_sweep = time.monotonic()
        gc.disable()
        self.timer = QTimer(self, interval=FAST_MS, timeout=self.check)
        self.timer.start()

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        collected = count0 > self.threshold[0]
        if collected:
            gc.collect(0)
            if count1 >= MIDDLE_EVERY:
                gc.collect(1)
                gc.freeze()  # survivors of two collections: long-lived
                if count2 > self.threshold[2]:
                    gc.collect(2)  # what froze missed: little
        if self._sweep_due():
            self.sweep()
        # Fast while garbage comes in, so that each collection stays small; slow when idle.
        self.timer.setInterval(FAST_MS if collected else min(SLOW_MS, self.timer.interval() * 2))

    def _sweep_due(self) -> bool:
        age = time.monotonic() - self.last_sweep
        if age < SWEEP_S:
            return False
        return age >= 4 * SWEEP_S or QGuiApplication.applicationState() != Qt.ApplicationState.ApplicationActive

    def sweep(self) -> None:
        """Collect everything, frozen objects too (at the full cost), and freeze the survivors."""
        self.last_sweep = time.monotonic()
        gc.unfreeze()
        gc.collect(2)
        gc.freeze()


def install() -> GarbageCollector | None:
    """Start collecting on the GUI thread (once per application); None without an application,
    or when called off the GUI thread."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None
    found = app.findChild(GarbageCollector, "garbageCollector", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else GarbageCollector(app)
