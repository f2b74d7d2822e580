"""Shared test setup: Qt runs offscreen, QtWebEngine's sandbox is off only when running as root,
and the session ends with what the tests left of the window deleted before Qt itself goes."""
from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --disable-background-networking")


def pytest_unconfigure(config) -> None:  # noqa: ARG001 - pytest's hook signature
    """Delete leftover windows (and so their previews' pages) and end the render process while
    the application still exists; the previews' profile then goes with the application, after
    every page, when the interpreter exits. A QtWebEngine profile released before its pages
    is Chromium's "Expect troubles!"."""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        widget.hide()
        widget.deleteLater()
    render_worker = sys.modules.get("ui.answer.render_worker")
    if render_worker is not None and render_worker.RenderService._instance is not None:
        render_worker.RenderService._instance.stop()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    app.processEvents()
