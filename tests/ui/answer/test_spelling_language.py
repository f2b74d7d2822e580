"""The project chooses the answer's spelling language; the editor underlines by that choice."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from tests.ui.answer.answer_fixtures import underline_colors, write_article

from ui.answer.pane import AnswerPane
from ui.tab.controller import ArticleController

ANSWER = "The colour of the sky and the color of the sea meet at the centre, not the center."


@dataclass
class FolderOnly:
    """The one thing the pane asks of a project here: its folder."""

    folder: Path


@pytest.fixture(autouse=True)
def private_settings(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))


def open_pane(qtbot, folder: Path) -> AnswerPane:
    pane = AnswerPane(ArticleController(write_article(folder, ANSWER)), FolderOnly(folder))
    pane.resize(900, 500)
    pane.show()
    qtbot.waitUntil(lambda: pane.speller is not None, timeout=15000)
    return pane


def close(pane: AnswerPane, qapp) -> None:
    pane.shutdown()
    pane.close()
    pane.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    qapp.processEvents()


def underlined(pane: AnswerPane, qtbot, word: str) -> bool:
    start = re.search(rf"\b{word}\b", ANSWER).start()
    colour = pane.editor.highlighter.spelling_color.name()
    qtbot.wait(50)  # the speller restyles gradually
    return colour in underline_colors(pane.editor, start, start + len(word))


@pytest.mark.parametrize(("config", "flagged", "accepted"), [
    ("spelling:\n  language: en_GB\n", ["color", "center"], ["colour", "centre"]),
    (None, ["colour", "centre"], ["color", "center"]),  # no project choice: pyspellchecker's en
])
def test_the_project_config_picks_the_language_the_answer_is_checked_in(qtbot, qapp, tmp_path, config, flagged, accepted):
    if config is not None:
        (tmp_path / ".article-editor").mkdir()
        (tmp_path / ".article-editor" / "config.yml").write_text(config, encoding="utf-8")
    pane = open_pane(qtbot, tmp_path)
    try:
        assert pane.speller.language == ("en_GB" if config else "en")
        qtbot.waitUntil(lambda: underlined(pane, qtbot, flagged[0]), timeout=5000)
        assert all(underlined(pane, qtbot, w) for w in flagged)
        assert not any(underlined(pane, qtbot, w) for w in accepted)
    finally:
        close(pane, qapp)
