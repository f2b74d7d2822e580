"""The related picker through its real widgets: one choice across results and suggestions, and a
preview that shows what Add will add, its math once and its subject apart from its date."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.index.project import Project
from tests.perf.synth import article_model, write_article
from ui.tab.controller import ArticleController
from ui.tab.related_panel import RelatedPanel


def _seo(subject: str, keywords: str) -> dict:
    return {"title": f"QuickTakes | {subject}", "keywords": keywords,
            "page_description": "A short explanation written for students who revise the topic before a test.",
            "page_keywords": keywords}


HOME = article_model("physics/what-is-kinetic-energy.md", "What is kinetic energy?", id=301,
                     seo=_seo("Physics", "kinetic energy, energy, motion"))
WORK = article_model("physics/how-is-work-related-to-kinetic-energy.md", "How is work related to kinetic energy?",
                     id=302, seo=_seo("Physics", "kinetic energy, work, energy"), date="2025-02-04",
                     answer="The kinetic energy is $E_k = \\frac{1}{2}mv^2$ for mass $m$.")
SPEED = article_model("physics/what-is-speed.md", "What is speed?", id=303, seo=_seo("Physics", "speed, distance"))


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def picker(qtbot, tmp_path: Path):
    root = tmp_path / "content"
    paths = [write_article(root, model) for model in (HOME, WORK, SPEED)]
    project = Project.open(root)
    project.index()
    controller = ArticleController(paths[0], project)
    panel = RelatedPanel(controller, project)
    qtbot.addWidget(panel)
    panel.open_picker()
    qtbot.waitExposed(panel.picker)
    qtbot.waitUntil(lambda: panel.picker.suggestions_ready, timeout=10000)
    return panel.picker


def _row_of(view, url: str) -> int:
    return next(r for r in range(view.count())
                if getattr(view.item(r).data(Qt.ItemDataRole.UserRole), "url", None) == url)


def _click(qtbot, view, row: int) -> None:
    rect = view.visualItemRect(view.item(row))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_a_suggestion_clicked_after_a_search_is_what_add_adds(qtbot, picker) -> None:
    qtbot.keyClicks(picker.search, "speed")
    qtbot.waitUntil(lambda: picker.results.count() > 0)
    assert picker.results.currentItem() is not None  # the first result is highlighted
    _click(qtbot, picker.suggested, _row_of(picker.suggested, WORK["fields"]["url"]))
    assert picker.results.currentItem() is None and not picker.results.selectedItems()
    assert WORK["fields"]["title"] in picker.preview.toPlainText()
    assert WORK["fields"]["title"] in picker.status.text()
    qtbot.mouseClick(picker.add_button, Qt.MouseButton.LeftButton)
    assert picker.controller.get("related_article1.url") == WORK["fields"]["url"]


def test_choosing_a_result_again_lets_go_of_the_suggestion(qtbot, picker) -> None:
    qtbot.keyClicks(picker.search, "speed")
    qtbot.waitUntil(lambda: picker.results.count() > 0)
    _click(qtbot, picker.suggested, _row_of(picker.suggested, WORK["fields"]["url"]))
    _click(qtbot, picker.results, _row_of(picker.results, SPEED["fields"]["url"]))
    assert picker.suggested.currentItem() is None
    assert picker.current_candidate().url == SPEED["fields"]["url"]
    assert SPEED["fields"]["title"] in picker.preview.toPlainText()


def test_the_preview_shows_each_formula_once_as_tex_and_the_subject_apart_from_the_date(qtbot, picker) -> None:
    _click(qtbot, picker.suggested, _row_of(picker.suggested, WORK["fields"]["url"]))
    text = picker.preview.toPlainText()
    assert text.count("E_k = \\frac{1}{2}mv^2") == 1 and "$E_k = \\frac{1}{2}mv^2$" in text
    assert "Ek=12mv2" not in text.replace(" ", "")
    assert "Physics · Posted on Feb 04, 2025" in text
    assert "2025Physics" not in text
