"""The answer pane with its real QWebEngineView preview and render process.

One pane (one QWebEngineView) serves the whole module: views are heavy on a small machine.
"""
from __future__ import annotations

import http.server
import threading
import urllib.request
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextCursor
from PySide6.QtWebEngineCore import QWebEnginePage

from tests.ui.answer.answer_fixtures import write_article
from editor.article.article import Article
from ui.answer.pane import AnswerPane
from ui.tab.controller import ArticleController
from ui.answer.preview import LinkConfirm, PreviewInterceptor
from ui.answer.render_worker import RenderResult

INITIAL = "# Xylem\n\nWater rises through the xylem.\n\n- cohesion\n- adhesion\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("project")


@pytest.fixture(scope="module")
def pane(qapp, project):
    controller = ArticleController(write_article(project, INITIAL))
    widget = AnswerPane(controller, None)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    widget.shutdown()
    widget.close()
    widget.deleteLater()
    # The page must go before the application's web profile does.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qapp.processEvents()


def js(pane: AnswerPane, qtbot, script: str):
    """Run the app's own script in the preview (ApplicationWorld) and return its value."""
    out: list = []
    pane.preview.run_app_js(script, lambda value: out.append(value))
    qtbot.waitUntil(lambda: bool(out), timeout=10000)
    return out[0]


def settle(pane: AnswerPane, qtbot, timeout: int = 15000) -> None:
    """Wait until the preview shows the newest version requested."""
    qtbot.waitUntil(lambda: pane.preview.version >= pane.worker.version and not pane.worker._timer.isActive(),
                    timeout=timeout)


def set_answer(pane: AnswerPane, qtbot, text: str) -> None:
    pane.editor.setPlainText(text)
    settle(pane, qtbot)


def test_the_preview_shows_the_rendered_answer(pane, qtbot):
    set_answer(pane, qtbot, INITIAL)
    assert js(pane, qtbot, "document.querySelector('h1').textContent") == "Xylem"
    assert js(pane, qtbot, "document.querySelectorAll('li').length") == 2


def test_typing_updates_the_preview(pane, qtbot):
    set_answer(pane, qtbot, INITIAL)
    pane.editor.setFocus()
    pane.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(pane.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(pane.editor, "Root pressure helps **too**.")
    settle(pane, qtbot)
    assert js(pane, qtbot, "document.querySelector('strong') && document.querySelector('strong').textContent") == "too"
    assert "Root pressure helps" in js(pane, qtbot, "document.body.innerText")


def test_page_javascript_is_disabled_but_app_scripts_run(pane, qtbot):
    settings = pane.preview.page().settings()
    assert not settings.testAttribute(settings.WebAttribute.JavascriptEnabled)
    assert js(pane, qtbot, "1 + 1") == 2  # the ApplicationWorld still works for scroll sync


def test_a_stale_render_delivered_after_a_newer_one_is_dropped(pane, qtbot):
    set_answer(pane, qtbot, INITIAL)
    worker = pane.worker
    older = worker.request({"text": "Outdated text.", "view": "answer"}, immediate=True)
    qtbot.waitUntil(lambda: worker.sent_version == older, timeout=2000)
    newer = worker.request({"text": "Newest text.", "view": "answer"}, immediate=True)
    qtbot.waitUntil(lambda: worker.shown_version == newer and pane.preview.version == newer, timeout=10000)
    assert "Newest text." in js(pane, qtbot, "document.body.innerText")
    # The render for the older text arrives late (a slow render of a big answer, say).
    dropped = worker.dropped
    assert not worker.deliver(RenderResult(older, "answer", "<p>Outdated text.</p>"))
    assert worker.dropped == dropped + 1
    qtbot.wait(200)
    assert pane.preview.version == newer
    assert "Outdated" not in js(pane, qtbot, "document.body.innerText")
    # A result for a version newer than everything shown is accepted.
    with qtbot.waitSignal(pane.preview.updated, timeout=10000):
        assert worker.deliver(RenderResult(worker.version + 1, "answer", "<p>Fresh.</p>"))
    worker.version += 1  # keep the worker's counter ahead of the fabricated result
    assert "Fresh." in js(pane, qtbot, "document.body.innerText")


class _CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_args) -> None:
        pass


@pytest.fixture
def local_server():
    _CountingHandler.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _CountingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], _CountingHandler.requests
    server.shutdown()
    server.server_close()


def test_a_script_in_the_answer_is_not_run_and_remote_images_are_not_fetched(pane, qtbot, local_server):
    port, requests = local_server
    answer = (
        "Intro\n\n"
        "<script>document.title = 'script ran';</script>\n\n"
        f"<img src=http://127.0.0.1:{port}/x.png>\n\n"
        f"![x](http://127.0.0.1:{port}/y.png)\n\n"
        f'<img src="x" onerror="document.title = \'handler ran\'">\n'
    )
    set_answer(pane, qtbot, answer)
    qtbot.wait(1000)
    assert requests == []
    assert js(pane, qtbot, "document.querySelector('img').getAttribute('src')") == f"http://127.0.0.1:{port}/y.png"
    assert "script ran" not in pane.preview.title() and "handler ran" not in pane.preview.title()
    assert "<script>" in js(pane, qtbot, "document.body.innerText"), "raw HTML shows as text, as on the site"
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/probe.png", timeout=5):
        pass
    assert requests == ["/probe.png"], "the test server itself was reachable"


def test_images_load_from_the_project_but_not_from_other_folders(pane, qtbot, project, tmp_path):
    image = QImage(4, 3, QImage.Format.Format_RGB32)
    image.fill(0x3366CC)
    inside = project / "biology" / "leaf.png"
    outside = tmp_path / "elsewhere.png"
    assert image.save(str(inside)) and image.save(str(outside))
    set_answer(pane, qtbot, f"![in](leaf.png)\n\n![out]({outside.as_posix()})\n")
    qtbot.waitUntil(lambda: js(pane, qtbot, "document.images[0].complete && document.images[1].complete"), timeout=10000)
    assert js(pane, qtbot, "document.images[0].naturalWidth") == 4
    assert js(pane, qtbot, "document.images[1].naturalWidth") == 0
    assert any("elsewhere.png" in url for url in pane.preview.interceptor.blocked)


def test_a_script_in_a_loaded_document_is_not_run_either(pane, qtbot, local_server):
    port, requests = local_server
    document = (f"<html><head><title>t0</title><script>document.title = 'ran'</script></head>"
                f"<body><img src='http://127.0.0.1:{port}/z.png'></body></html>")
    with qtbot.waitSignal(pane.preview.loadFinished, timeout=10000):
        pane.preview.show_document(document, pane.worker.version)
    qtbot.wait(300)
    assert pane.preview.title() != "ran"
    assert requests == []
    set_answer(pane, qtbot, INITIAL + "\nrestored\n")


def test_the_interceptor_allows_only_project_files_resources_and_data(tmp_path):
    inside = tmp_path / "project"
    (inside / "img").mkdir(parents=True)
    interceptor = PreviewInterceptor([inside])
    assert interceptor.allows(QUrl.fromLocalFile(str(inside / "img" / "a.png")))
    assert interceptor.allows(QUrl("data:image/png;base64,AAAA"))
    assert not interceptor.allows(QUrl.fromLocalFile(str(tmp_path / "secret.txt")))
    assert not interceptor.allows(QUrl.fromLocalFile(str(inside / ".." / "secret.txt")))
    assert not interceptor.allows(QUrl("https://example.com/a.png"))
    assert not interceptor.allows(QUrl("ws://127.0.0.1:9/"))


def test_clicked_links_ask_first_and_then_open_in_the_system_browser(pane, monkeypatch):
    asked, opened = [], []
    monkeypatch.setattr(LinkConfirm, "ask", classmethod(lambda cls, parent, url: asked.append(url) or True))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    page = pane.preview.page()
    url = QUrl("https://example.org/phloem")
    assert page.acceptNavigationRequest(url, QWebEnginePage.NavigationType.NavigationTypeLinkClicked, True) is False
    assert asked == [url] and opened == [url]


def test_a_declined_link_is_not_opened(pane, monkeypatch):
    opened = []
    monkeypatch.setattr(LinkConfirm, "ask", classmethod(lambda cls, parent, url: False))
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    page = pane.preview.page()
    page.acceptNavigationRequest(QUrl("https://example.org/"), QWebEnginePage.NavigationType.NavigationTypeLinkClicked, True)
    assert opened == []


def test_zoom_steps_in_and_out_and_resets(pane):
    pane.preview.zoom(0)
    pane.preview.zoom(1)
    assert pane.preview.zoomFactor() == pytest.approx(1.1)
    pane.preview.zoom(-1)
    pane.preview.zoom(-1)
    assert pane.preview.zoomFactor() == pytest.approx(0.9)
    pane.preview.zoom(0)
    assert pane.preview.zoomFactor() == pytest.approx(1.0)


LONG = "\n\n".join(f"## Section {i}\n\nParagraph {i} about transpiration and the xylem." for i in range(80))


def test_the_preview_keeps_its_scroll_position_across_updates(pane, qtbot):
    set_answer(pane, qtbot, LONG)
    js(pane, qtbot, "window.scrollTo(0, 900); window.scrollY")
    qtbot.waitUntil(lambda: js(pane, qtbot, "window.scrollY") >= 890, timeout=5000)
    end = QTextCursor(pane.editor.document())  # edit without moving the editor's view
    end.movePosition(QTextCursor.MoveOperation.End)
    end.insertText("\n\nOne more paragraph.")
    settle(pane, qtbot)
    assert "One more paragraph." in js(pane, qtbot, "document.body.innerText")
    assert js(pane, qtbot, "window.scrollY") == pytest.approx(900, abs=10)


def test_scrolling_the_editor_scrolls_the_preview_to_the_same_source_line(pane, qtbot):
    set_answer(pane, qtbot, LONG)
    pane.editor.scroll_to_line(120)  # "## Section 30"
    expected = {"Section 29", "Section 30", "Section 31"}
    seen: list[str] = []

    def top_heading() -> str:
        seen.append(js(pane, qtbot, "(function(){var h=[...document.querySelectorAll('h2')].find("
                                    "e => e.getBoundingClientRect().bottom > 0); return h.textContent;})()"))
        return seen[-1]

    # The preview may pass other sections on its way there (a render, a first scroll): wait for it.
    qtbot.waitUntil(lambda: top_heading() in expected, timeout=5000)
    qtbot.wait(300)
    assert top_heading() in expected, seen[-5:]


def test_scrolling_the_preview_scrolls_the_editor(pane, qtbot):
    set_answer(pane, qtbot, LONG)
    qtbot.wait(400)  # let the echo of the editor's own scroll sync pass
    with qtbot.waitSignal(pane.preview.scrolledToLine, timeout=5000) as signal:
        js(pane, qtbot, "document.querySelectorAll('h2')[50].scrollIntoView(); window.scrollY")
    assert signal.args[0] == pytest.approx(200, abs=4)  # Section 50 is on line 200
    qtbot.waitUntil(lambda: abs(pane.editor.firstVisibleBlock().blockNumber() - 200) <= 4, timeout=5000)


def test_the_first_edit_marks_the_article_modified_at_once_and_saving_flushes_the_answer(pane, qtbot):
    controller = pane.controller
    set_answer(pane, qtbot, INITIAL)
    controller.save()
    assert not controller.is_modified
    pane.editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(pane.editor, "A")
    assert controller.is_modified, "the modified marker must not wait for the debounce"
    qtbot.keyClicks(pane.editor, "BC")
    controller.save()  # aboutToSave flushes the pending keystrokes
    stored = Article.load(controller.path)
    assert stored.answer == INITIAL + "ABC"
    assert "adhesion\\nABC" in controller.path.read_text(encoding="utf-8"), "the file keeps backslash-n pairs"


def test_a_model_change_from_elsewhere_reloads_the_editor_as_one_undo_step(pane, qtbot):
    set_answer(pane, qtbot, INITIAL)
    pane.flush()
    pane.controller.set("answer", "Changed by a quick fix elsewhere.")  # as the problems panel fixes
    assert pane.editor.toPlainText() == "Changed by a quick fix elsewhere."
    settle(pane, qtbot)
    assert "quick fix elsewhere" in js(pane, qtbot, "document.body.innerText")
    pane.controller.undo_stack.undo()  # one step of the article's one history
    assert pane.editor.toPlainText() == INITIAL


def test_pitfalls_reach_the_editor_and_the_preview_shows_what_the_site_shows(pane, qtbot):
    set_answer(pane, qtbot, "It costs $5 and $6 today.")
    qtbot.waitUntil(lambda: bool(pane.editor.pitfalls), timeout=5000)
    assert pane.editor.pitfalls[0].code == "dollar-math"
    assert pane.pitfall_label.text() == "1 site pitfall"
    assert js(pane, qtbot, "document.querySelector('annotation').textContent") == "5 and "


def test_word_count_and_reading_time_follow_the_text(pane, qtbot):
    set_answer(pane, qtbot, " ".join(["word"] * 450))
    assert pane.word_count_label.text() == "450 words"
    assert pane.reading_time_label.text() == "2 min read"


def test_the_page_and_search_result_views_show_the_article_as_published(pane, qtbot):
    set_answer(pane, qtbot, INITIAL)
    try:
        pane.set_view("page")
        settle(pane, qtbot)
        assert js(pane, qtbot, "document.querySelector('.page-title').textContent") == "How do plants move water upwards?"
        assert "Posted on Mar 14, 2025" in js(pane, qtbot, "document.body.innerText")
        assert js(pane, qtbot, "document.querySelector('.page-answer h1').textContent") == "Xylem"
        pane.view_actions["search"].trigger()
        settle(pane, qtbot)
        assert js(pane, qtbot, "document.querySelector('.serp-title').textContent") == "How do plants move water upwards?"
    finally:
        pane.set_view("answer")
        settle(pane, qtbot)
    assert js(pane, qtbot, "document.querySelector('h1').textContent") == "Xylem"


def test_export_html_writes_the_page_view_as_a_standalone_file(pane, qtbot, tmp_path):
    set_answer(pane, qtbot, INITIAL + "\nExported **now**.\n")
    target = pane.export_html(tmp_path / "export.html")
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert '<h1 class="page-title">How do plants move water upwards?</h1>' in html
    assert "Exported <strong>now</strong>." in html
    assert "<style>" in html and "<link" not in html, "CSS is inline"
    assert "<script" not in html


def test_a_narrow_pane_stacks_the_view_switch_under_the_format_bar_instead_of_hiding_it(pane, qtbot):
    def shown(bar, actions) -> bool:
        return all(bar.widgetForAction(a) is not None and bar.widgetForAction(a).isVisible() for a in actions)

    view_actions = list(pane.view_actions.values())
    try:
        pane.resize(460, 700)
        qtbot.waitUntil(lambda: pane.bars_stacked is True)
        # On its own row, every view button shown (none folded into the toolbar's overflow menu).
        qtbot.waitUntil(lambda: pane.view_bar.geometry().top() >= pane.toolbar.geometry().bottom())
        qtbot.waitUntil(lambda: shown(pane.view_bar, view_actions))
        assert shown(pane.toolbar, pane.toolbar.actions()[:3])
        pane.resize(1100, 700)
        qtbot.waitUntil(lambda: pane.bars_stacked is False)
        qtbot.waitUntil(lambda: pane.view_bar.geometry().top() < pane.toolbar.geometry().bottom())  # one row again
        assert shown(pane.view_bar, view_actions)
    finally:
        pane.resize(1100, 700)
