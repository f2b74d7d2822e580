"""``--screenshot``: wait until the window has loaded, save it as a PNG, quit.

"Loaded" means the index is built, the open article's tab exists and its preview has rendered
(the answer pane says so through ``is_rendered()`` or a ``rendered`` signal when it has one).
With the review window asked for (``--review``), the picture is of that window once it shows an
article's review.
A timeout still writes the picture, with a warning, so scripted runs never hang.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

POLL_MS = 100
SETTLE_MS = 400  # let layouts, fonts and the preview's paint finish after "ready"


def review_window(window: Any) -> Any:
    """The review window, when it was asked for and is open; else None."""
    features = getattr(window, "review", None)
    shown = getattr(features, "review_window", None)
    return shown if shown is not None and shown.isVisible() else None


def is_loaded(window: Any, review: bool = False) -> bool:
    if not window.index_ready and window.index_error is None:
        return False
    if review:
        shown = review_window(window)
        if shown is not None and shown.size() != window.size():
            shown.resize(window.size())  # the picture has the size asked for (--size)
        return shown is not None and shown.review is not None
    tab = window.current_tab()
    pane = getattr(tab, "answer_pane", None)
    if pane is None:
        return True
    ready = getattr(pane, "is_rendered", None)
    if callable(ready):
        return bool(ready())
    # The preview shows the version of the last render result once it has painted it.
    result = getattr(pane, "last_result", None)
    preview = getattr(pane, "preview", None)
    return result is not None and getattr(preview, "version", 0) >= getattr(result, "version", 1)


def take_when_loaded(window: Any, out: Path, timeout_ms: int, review: bool = False) -> None:
    deadline = time.monotonic() + timeout_ms / 1000

    def poll() -> None:
        if is_loaded(window, review) or time.monotonic() > deadline:
            if not is_loaded(window, review):
                print("article-editor: screenshot taken before everything loaded (timeout)", file=sys.stderr)
            QTimer.singleShot(SETTLE_MS, shoot)
        else:
            QTimer.singleShot(POLL_MS, poll)

    def shoot() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        shown = review_window(window) if review else None
        if not (shown or window).grab().save(str(out), "PNG"):
            print(f"article-editor: could not write {out}", file=sys.stderr)
            QApplication.exit(1)
            return
        window.shutdown()  # ends the preview's render process cleanly
        QApplication.exit(0)

    QTimer.singleShot(POLL_MS, poll)
