"""The preview's end: no code of a deleted or torn-down preview runs, whatever was still pending.

QtWebEngine calls every pending ``runJavaScript`` callback, with an empty value, while it deletes
the page, and the page (the view's child) goes after the view's own destructor has run.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from editor.resources import ROOT as RESOURCES_ROOT
from tests.ui.answer.answer_fixtures import write_article
from ui.answer.pane import AnswerPane
from ui.answer.preview import AnswerPreview, PreviewPage
from ui.tab.controller import ArticleController

DOCUMENT = "<html><head><title>t</title></head><body><p data-source-line='0'>{text}</p></body></html>"


@pytest.fixture
def preview(qtbot):
    """A preview that has loaded a document; each test deletes or tears it down itself."""
    view = AnswerPreview(RESOURCES_ROOT, RESOURCES_ROOT)
    view.resize(400, 300)
    view.show()
    view.show_document(DOCUMENT.format(text="first"), 1)
    qtbot.waitUntil(lambda: view.version == 1, timeout=15000)
    return view


def delete_now(widget) -> None:
    widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def test_script_results_due_when_the_preview_is_deleted_run_none_of_its_code(preview, qtbot):
    shown: list[int] = []
    answers: list[object] = []
    preview.updated.connect(shown.append)
    for version in range(2, 6):  # same head: each update is a script whose result sets the version
        preview.show_document(DOCUMENT.format(text=f"update {version}"), version)
    preview.run_app_js("document.body.innerText", answers.append)
    # Deleted in the same turn of the event loop: every result is still pending. Before, the
    # version callback emitted ``updated`` from the half-destroyed view and PySide raised
    # "TypeError: only accepts 0 argument(s), 1 given!" (the signal read from freed memory).
    delete_now(preview)
    qtbot.wait(50)
    assert shown == [] and answers == []


def test_a_torn_down_preview_loads_runs_and_signals_nothing(preview, qtbot):
    shown: list[int] = []
    answers: list[object] = []
    preview.updated.connect(shown.append)
    page = preview.page()
    preview.teardown()
    preview.show_document(DOCUMENT.format(text="another article"), 7)
    preview.run_app_js("1 + 1", answers.append)
    preview.scroll_to_line(3)
    qtbot.wait(300)
    assert preview.torn_down
    assert (shown, answers, preview.version) == ([], [], 1)
    # The page stays until the view goes: without it the view would make itself a default page.
    assert preview.page() is page and isinstance(page, PreviewPage)
    delete_now(preview)


def test_tearing_down_twice_is_harmless(preview):
    preview.teardown()
    preview.teardown()
    assert preview.torn_down
    delete_now(preview)


def test_a_closing_pane_tears_its_preview_down(qapp, qtbot, tmp_path: Path):
    pane = AnswerPane(ArticleController(write_article(tmp_path, "# Roots\n\nWater enters the roots.\n")), None)
    pane.show()
    qtbot.waitUntil(lambda: pane.preview.version >= 1, timeout=15000)
    pane.shutdown()
    assert pane.preview.torn_down
    delete_now(pane)
