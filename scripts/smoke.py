"""Smoke test on the real X11 platform: start the app, open an article, see it rendered, quit.

    xvfb-run -a .venv/bin/python scripts/smoke.py      (what .ci/run does)
    .venv/bin/python scripts/smoke.py                  (on a desktop's own display)

The test suite runs Qt offscreen, which needs none of the xcb libraries a desktop needs, so it
cannot see a missing one; this runs the window through the app's own entry point
(``ui.app.main``) with ``QT_QPA_PLATFORM=xcb``. It exits 0 once the window is shown on the X
server, the article's tab is open and the preview (QtWebEngine's render process) shows its
rendered answer; otherwise it exits non-zero: 1 with a message after a timeout, or Qt's own abort
when the platform plugin cannot load (a missing libxcb-*), before any window exists.

Settings, index, journals and locks go to a temporary folder, never the user's.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = "physics/what-does-newtons-second-law-state.md"
TIMEOUT_S = 90
POLL_MS = 100
# Elements rendered from the answer's markdown carry their source line.
RENDERED_BLOCKS_JS = "document.querySelectorAll('[data-source-line]').length"


def main() -> int:
    os.environ["QT_QPA_PLATFORM"] = "xcb"  # the real platform, never a fallback
    scratch = tempfile.TemporaryDirectory(prefix="article-editor-smoke-")
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(Path(scratch.name) / name.lower())
    os.environ["ARTICLE_EDITOR_SETTINGS"] = str(Path(scratch.name) / "settings.ini")

    from editor.resources import SAMPLE_CONTENT
    from ui import app as entry

    verdict: dict[str, object] = {"code": 1, "why": f"nothing happened within {TIMEOUT_S} s"}
    create_window = entry.create_window

    def create_and_watch(*args, **kwargs):
        # The entry point builds the window; watch it from its first event loop turn.
        window = create_window(*args, **kwargs)
        watch(window, verdict)
        return window

    entry.create_window = create_and_watch
    started = time.monotonic()
    code = entry.main([str(SAMPLE_CONTENT), "--open", ARTICLE])
    if verdict["code"] == 0:
        print(f"smoke: {verdict['why']} in {time.monotonic() - started:.1f} s")
    else:
        print(f"smoke: FAILED: {verdict['why']}", file=sys.stderr)
    scratch.cleanup()
    return int(verdict["code"]) or code


def watch(window, verdict: dict[str, object]) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from ui.window.screenshot import is_loaded

    deadline = time.monotonic() + TIMEOUT_S
    answers: list[object] = []

    def finish(code: int, why: str) -> None:
        verdict.update(code=code, why=why)
        window.close()
        QApplication.exit(code)

    def poll() -> None:
        if time.monotonic() > deadline:
            state = (f"platform {QGuiApplication.platformName()}, shown {window.isVisible()}, "
                     f"index ready {window.index_ready}, error {window.index_error}, tab {window.current_tab()}")
            finish(1, f"the article was not shown with its rendered preview within {TIMEOUT_S} s ({state})")
            return
        handle = window.windowHandle()
        shown = window.isVisible() and handle is not None and handle.isExposed()
        if shown and is_loaded(window) and not answers:
            window.current_tab().answer_pane.preview.run_app_js(RENDERED_BLOCKS_JS, answers.append)
        if answers and isinstance(answers[0], (int, float)) and answers[0] > 0:
            finish(0, f"window shown on {QGuiApplication.platformName()}, {ARTICLE} open, "
                      f"its preview shows {int(answers[0])} rendered blocks")
            return
        if answers:
            answers.clear()  # asked too early: ask again
        QTimer.singleShot(POLL_MS, poll)

    QTimer.singleShot(POLL_MS, poll)


if __name__ == "__main__":
    sys.exit(main())
