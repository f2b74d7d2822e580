"""Python's cyclic garbage is collected on the GUI thread only, once work runs on other threads.

Python collects cycles in whichever thread allocates when a threshold is crossed. When that is a
worker thread (indexing, say) and the garbage holds a Qt object made on the GUI thread, PySide
destroys the object there. QObject::disconnect then holds Qt's connection lock while it waits for
the GIL, and the GUI thread holds the GIL while it waits for that lock in QObject::connect: the
window freezes for good. The test suite hung that way (py-spy showed the two stacks).

So ``install`` turns automatic collection off, and a timer on the GUI thread collects instead,
generation by generation, with Python's own thresholds (the recipe PyQt applications use).
"""
from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer

INTERVAL_MS = 200


class GarbageCollector(QObject):
    """Collects on its timer what Python would have collected automatically."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("garbageCollector")
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=INTERVAL_MS, timeout=self.check)
        self.timer.start()

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        if count0 > self.threshold[0]:
            gc.collect(0)
            if count1 > self.threshold[1]:
                gc.collect(1)
                if count2 > self.threshold[2]:
                    gc.collect(2)


def install() -> GarbageCollector | None:
    """Start collecting on the GUI thread (once per application); None without an application,
    or when called off the GUI thread."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        return None
    found = app.findChild(GarbageCollector, "garbageCollector", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else GarbageCollector(app)
