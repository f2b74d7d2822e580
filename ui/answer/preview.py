"""The answer preview, ``answerPreview``: a QWebEngineView locked down to show, never to fetch or run.

- Page JavaScript is off. The app's own scripts (content updates, scroll sync) run through
  ``runJavaScript`` in the ApplicationWorld, which the setting does not disable.
- A request interceptor blocks every request except the project's files, the app's resources and
  ``data:`` URLs, so an image in an answer can never call out to the network.
- Links open in the system browser, after a confirm (``LinkConfirm.ask``, stubbable).
- Updates within one view replace the body in place, so the scroll position stays put; a new
  document (another view) restores it after loading.
- No Python code of the preview runs once its view is being destroyed. QtWebEngine calls every
  pending ``runJavaScript`` callback, with an empty value, while it deletes the page, and the page
  goes after the view's own destructor has run (it is the view's child): a callback that emitted
  ``updated`` there read the signal from freed memory (PySide raised "TypeError: only accepts 0
  argument(s)" with an empty signal name). Every callback is guarded, and ``teardown`` (the pane
  calls it when its tab closes) stops updates and scroll sync before the view is deleted.
"""
from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Callable, Iterable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMessageBox, QWidget

from editor.resources import ROOT as RESOURCES_ROOT

APP_WORLD = QWebEngineScript.ScriptWorldId.ApplicationWorld
ZOOM_STEPS = (0.5, 0.67, 0.75, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
# After one side scrolls the other, ignore the echo for this long.
_SYNC_QUIET_S = 0.25
_BODY_RE = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)

# Scroll sync runs in the ApplicationWorld; the page's own scripts stay off.
_SCROLL_TO_LINE_JS = """
(function(line) {
  var els = document.querySelectorAll('[data-source-line]');
  if (!els.length) return;
  var before = null, after = null;
  for (var i = 0; i < els.length; i++) {
    var l = parseInt(els[i].getAttribute('data-source-line'));
    if (l <= line) before = [l, els[i]]; else { after = [l, els[i]]; break; }
  }
  var top = function(e) { return e.getBoundingClientRect().top + window.scrollY; };
  var y = 0;
  if (before && after && after[0] > before[0]) {
    y = top(before[1]) + (top(after[1]) - top(before[1])) * (line - before[0]) / (after[0] - before[0]);
  } else if (before) { y = top(before[1]); }
  window.scrollTo(window.scrollX, Math.max(0, y - 8));
})(%s)
"""
_LINE_AT_TOP_JS = """
(function() {
  var els = document.querySelectorAll('[data-source-line]');
  var before = null, after = null;
  for (var i = 0; i < els.length; i++) {
    var r = els[i].getBoundingClientRect();
    if (r.top <= 8) before = [parseInt(els[i].getAttribute('data-source-line')), r.top];
    else { after = [parseInt(els[i].getAttribute('data-source-line')), r.top]; break; }
  }
  if (!before) return 0;
  if (!after || after[1] === before[1]) return before[0];
  return before[0] + (after[0] - before[0]) * (8 - before[1]) / (after[1] - before[1]);
})()
"""


class LinkConfirm:
    """Asks before a link from the preview leaves the app for the system browser."""

    @classmethod
    def ask(cls, parent: QWidget | None, url: QUrl) -> bool:
        answer = QMessageBox.question(
            parent,
            "Open link",
            f"Open this link in your browser?\n\n{url.toDisplayString()}",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Open


class PreviewInterceptor(QWebEngineUrlRequestInterceptor):
    """Allows ``data:`` and files under the allowed folders; blocks everything else and records it."""

    def __init__(self, roots: Iterable[Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.roots: list[Path] = []
        self.set_roots(roots)
        self.blocked: list[str] = []

    def set_roots(self, roots: Iterable[Path]) -> None:
        self.roots = [Path(r).resolve() for r in roots if r]

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme().lower()
        if scheme in ("data", "about"):
            return True
        if scheme != "file":
            return False
        try:
            path = Path(url.toLocalFile()).resolve()
        except (OSError, RuntimeError):
            return False
        return any(path == root or root in path.parents for root in self.roots)

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:  # noqa: N802 - Qt's name
        url = info.requestUrl()
        if not self.allows(url):
            self.blocked.append(url.toString())
            info.block(True)


class PreviewPage(QWebEnginePage):
    """Keeps navigation inside the preview: clicked links are handed to ``linkClicked``."""

    linkClicked = Signal(QUrl)

    def acceptNavigationRequest(self, url: QUrl, nav_type: QWebEnginePage.NavigationType,  # noqa: N802
                                is_main_frame: bool) -> bool:
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            current = self.url()
            strip = QUrl.UrlFormattingOption.RemoveFragment
            if url.hasFragment() and url.adjusted(strip) == current.adjusted(strip):
                return True  # an in-page anchor such as a footnote
            self.linkClicked.emit(url)
            return False
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeFormSubmitted:
            return False
        return url.scheme() in ("data", "about", "file")

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:  # noqa: N802
        # A link with target=_blank: catch its URL with a throwaway page and treat it as a click.
        catcher = _LinkCatcher(self.profile(), self)
        catcher.caught.connect(self.linkClicked)
        return catcher


class _LinkCatcher(QWebEnginePage):
    caught = Signal(QUrl)

    def acceptNavigationRequest(self, url: QUrl, _nav_type, _is_main_frame) -> bool:  # noqa: N802
        self.caught.emit(url)
        self.deleteLater()
        return False


_PROFILE: QWebEngineProfile | None = None


def preview_profile() -> QWebEngineProfile:
    """The previews' off-the-record profile: no cache or cookies on disk, apart from the browser's.

    One per process, owned by the application, because a profile must outlive its pages; each
    page gets its own request interceptor.
    """
    global _PROFILE
    if _PROFILE is None:
        _PROFILE = QWebEngineProfile(QCoreApplication.instance())
        _PROFILE.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
        _PROFILE.setPersistentCookiesPolicy(QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies)
        _PROFILE.setSpellCheckEnabled(False)
    return _PROFILE


def _lock_down(settings: QWebEngineSettings) -> None:
    attribute = QWebEngineSettings.WebAttribute
    for name in ("JavascriptEnabled", "JavascriptCanOpenWindows", "JavascriptCanAccessClipboard",
                 "PluginsEnabled", "LocalStorageEnabled", "AutoLoadIconsForPage", "ErrorPageEnabled",
                 "LocalContentCanAccessRemoteUrls", "WebGLEnabled", "Accelerated2dCanvasEnabled",
                 "ScreenCaptureEnabled", "DnsPrefetchEnabled", "NavigateOnDropEnabled", "PdfViewerEnabled",
                 "HyperlinkAuditingEnabled", "AllowWindowActivationFromJavaScript"):
        if hasattr(attribute, name):
            settings.setAttribute(getattr(attribute, name), False)
    settings.setAttribute(attribute.AutoLoadImages, True)  # local ones; the interceptor stops the rest


class AnswerPreview(QWebEngineView):
    """The preview widget (objectName ``answerPreview``)."""

    updated = Signal(int)  # the version now on screen
    scrolledToLine = Signal(float)  # the preview was scrolled by the reader: 0-based source line at top
    siteLinkClicked = Signal(str)  # a site-relative link such as /learn/<subject>/questions/<slug>

    def __init__(self, project_folder: Path | None = None, base_folder: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerPreview")
        self._head: str | None = None  # the <head> of the loaded document; None until one loads
        self._loading = False
        self._queued: tuple[str, int] | None = None
        self._restore_scroll: QPointF | None = None
        self._loading_version = 0
        self.version = 0
        self._quiet_until = 0.0
        self._torn_down = False
        page = PreviewPage(preview_profile(), self)
        # Owned by the page, so it lives exactly as long as the page that calls it.
        self.interceptor = PreviewInterceptor([], page)
        page.setUrlRequestInterceptor(self.interceptor)
        self.setPage(page)
        _lock_down(page.settings())
        self.set_folders(project_folder, base_folder)
        page.linkClicked.connect(self._open_link)
        page.scrollPositionChanged.connect(self._on_page_scrolled)
        self.loadFinished.connect(self._on_load_finished)
        self._zoom_index = ZOOM_STEPS.index(1.0)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        for keys, step in ((QKeySequence.StandardKey.ZoomIn, 1), ("Ctrl+=", 1),
                           (QKeySequence.StandardKey.ZoomOut, -1), ("Ctrl+0", 0)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.zoom(s))

    # -- lifetime --------------------------------------------------------------------------------
    def teardown(self) -> None:
        """Stop for good before the view is deleted: no more loads, script runs or signals.

        The page stays the view's child and goes with it: deleted any earlier, the view would
        make itself a fresh default page (with scripts on and no interceptor) on its next hide or
        show event.
        """
        if self._torn_down:
            return
        self._torn_down = True
        self._queued = None
        page = self.page()
        page.linkClicked.disconnect(self._open_link)
        page.scrollPositionChanged.disconnect(self._on_page_scrolled)
        self.loadFinished.disconnect(self._on_load_finished)
        page.triggerAction(QWebEnginePage.WebAction.Stop)

    @property
    def torn_down(self) -> bool:
        return self._torn_down

    def _usable(self) -> bool:
        """False once torn down, or while Qt destroys the view (its Python side is invalid by then)."""
        return not self._torn_down and shiboken6.isValid(self)

    def _guarded(self, callback: Callable[[object], None]) -> Callable[[object], None]:
        """``callback`` for ``runJavaScript``, dropped when the result comes while the view goes."""
        def call(result: object) -> None:
            if self._usable():
                callback(result)
        return call

    # -- configuration ---------------------------------------------------------------------------
    def set_folders(self, project_folder: Path | None, base_folder: Path | None = None) -> None:
        """Files the preview may read: the project folder (or the article's) and the app's resources."""
        self.project_folder = Path(project_folder) if project_folder else None
        self.base_folder = Path(base_folder) if base_folder else self.project_folder
        self.interceptor.set_roots([p for p in (self.project_folder, self.base_folder, RESOURCES_ROOT) if p])

    def base_url(self) -> QUrl:
        folder = self.base_folder or RESOURCES_ROOT
        return QUrl.fromLocalFile(str(Path(folder).resolve()) + "/")

    # -- content ---------------------------------------------------------------------------------
    def show_document(self, document: str, version: int = 0) -> None:
        """Show a whole HTML document; a document with the same head only swaps its body."""
        if not self._usable():
            return
        head, body = split_document(document)
        if self._loading:
            self._queued = (document, version)  # applied when the current load finishes
            return
        if head == self._head:
            self._replace_body(body, version)
            return
        self._head = head
        self._loading = True
        self._loading_version = version
        self._restore_scroll = QPointF(self.page().scrollPosition())
        self.setHtml(document, self.base_url())

    def _replace_body(self, body: str, version: int) -> None:
        script = f"document.body.innerHTML = {json.dumps(body)}; document.body.childElementCount;"
        self.page().runJavaScript(script, APP_WORLD, self._guarded(lambda _r, v=version: self._set_version(v)))

    def _on_load_finished(self, _ok: bool) -> None:
        if not self._usable():
            return
        self._loading = False
        if self._restore_scroll is not None and (self._restore_scroll.x() or self._restore_scroll.y()):
            point, self._restore_scroll = self._restore_scroll, None
            self.run_app_js(f"window.scrollTo({point.x()}, {point.y()});")
        self._set_version(self._loading_version)
        if self._queued is not None:
            document, version = self._queued
            self._queued = None
            self.show_document(document, version)

    def _set_version(self, version: int) -> None:
        if version >= self.version:
            self.version = version
            self.updated.emit(version)

    def run_app_js(self, script: str, callback: Callable[[object], None] | None = None) -> None:
        """Run the app's own script in the ApplicationWorld (page scripts stay disabled). Nothing
        runs once the preview is torn down; ``callback`` is not called when the view goes first."""
        if not self._usable():
            return
        if callback is None:
            self.page().runJavaScript(script, APP_WORLD)
        else:
            self.page().runJavaScript(script, APP_WORLD, self._guarded(callback))

    # -- scroll sync -----------------------------------------------------------------------------
    def scroll_to_line(self, line: float) -> None:
        """Bring the element rendered from source line ``line`` (0-based) to the top."""
        self._quiet_until = time.monotonic() + _SYNC_QUIET_S
        self.run_app_js(_SCROLL_TO_LINE_JS % float(line))

    def _on_page_scrolled(self, _position: QPointF) -> None:
        if not self._usable() or time.monotonic() < self._quiet_until or self._loading:
            return
        self.run_app_js(_LINE_AT_TOP_JS, self._emit_line)

    def _emit_line(self, line: object) -> None:
        if isinstance(line, (int, float)) and time.monotonic() >= self._quiet_until:
            self.scrolledToLine.emit(float(line))

    # -- zoom and links ----------------------------------------------------------------------------
    def zoom(self, step: int) -> None:
        """One zoom step in (1) or out (-1), or back to 100% (0)."""
        if step == 0:
            self._zoom_index = ZOOM_STEPS.index(1.0)
        else:
            self._zoom_index = max(0, min(len(ZOOM_STEPS) - 1, self._zoom_index + step))
        self.setZoomFactor(ZOOM_STEPS[self._zoom_index])

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() == "file":
            local = Path(url.toLocalFile())
            if not local.exists():  # "/learn/..." resolved against the file base: a site link
                self.siteLinkClicked.emit(url.path())
                return
        if url.scheme() not in ("http", "https", "mailto", "file"):
            return
        if LinkConfirm.ask(self, url):
            QDesktopServices.openUrl(url)


def split_document(document: str) -> tuple[str, str]:
    """(everything but the body's content, the body's content) of an HTML document."""
    match = _BODY_RE.search(document)
    if not match:
        return "", document
    return document[:match.start(1)] + document[match.end(1):], match.group(1)
