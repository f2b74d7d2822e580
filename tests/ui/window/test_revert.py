"""File > Revert: it asks only "Discard changes / Cancel", and a revert is undoable: Undo (or the
message bar's "Restore discarded changes") brings the text back, and the journal keeps it."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from tests.ui.window_fixtures import article_path, write_project

from editor.session import recovery
from ui import app
from ui.common.dialogs import DiscardChangesDialog, SaveChangesDialog
from ui.common.settings import Settings
from ui.tab import journal


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch):
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_project(tmp_path / "content")


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Which prompts Revert showed; the Discard prompt answers "Discard changes"."""
    seen: list[str] = []

    def discard(cls, parent, name):
        seen.append("discard-or-cancel")
        return True

    def save_changes(cls, parent, names):
        seen.append("save-discard-cancel")
        return "save"

    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(discard))
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(save_changes))
    return seen


@pytest.fixture
def window(qtbot, content: Path, tmp_path: Path):
    win = app.create_window(content, Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    yield win
    win.shutdown()
    win.hide()
    win.deleteLater()


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, f"action:{name}")
    assert found is not None, name
    return found


def edited_tab(window, qtbot, title: str = "A title worth keeping"):
    tab = window.open_article("physics/what-is-a-lever.md")
    field = tab.findChild(QLineEdit, "field:title")
    field.selectAll()
    qtbot.keyClicks(field, title)
    assert tab.controller.is_modified
    return tab


def test_revert_asks_discard_or_cancel_never_save(window, qtbot, asked, content):
    before = article_path(content).read_bytes()
    tab = edited_tab(window, qtbot)
    action(window, "revert").trigger()
    assert asked == ["discard-or-cancel"]
    assert tab.controller.get("title") == "What is a lever?" and not tab.controller.is_modified
    assert article_path(content).read_bytes() == before  # reverting never writes the file


def test_cancel_keeps_the_edit(window, qtbot, monkeypatch):
    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(lambda cls, parent, name: False))
    tab = edited_tab(window, qtbot)
    action(window, "revert").trigger()
    assert tab.controller.get("title") == "A title worth keeping" and tab.controller.is_modified


def test_undo_after_revert_brings_the_discarded_edit_back(window, qtbot, asked, content):
    tab = edited_tab(window, qtbot)
    action(window, "revert").trigger()
    assert action(window, "undo").isEnabled()
    action(window, "undo").trigger()
    assert tab.controller.get("title") == "A title worth keeping" and tab.controller.is_modified
    assert tab.findChild(QLineEdit, "field:title").text() == "A title worth keeping"
    # The restored buffer saves over the file it was reverted to, without a false conflict.
    assert window.save()
    assert b"A title worth keeping" in article_path(content).read_bytes()


def test_redo_reverts_again(window, qtbot, asked):
    tab = edited_tab(window, qtbot)
    action(window, "revert").trigger()
    action(window, "undo").trigger()
    action(window, "redo").trigger()
    assert tab.controller.get("title") == "What is a lever?" and not tab.controller.is_modified


def test_the_message_bar_offers_to_restore_the_discarded_changes_even_after_later_edits(window, qtbot, asked):
    tab = edited_tab(window, qtbot)
    answer = "An answer typed before the revert."
    tab.answer_pane.editor.setPlainText(answer)
    action(window, "revert").trigger()
    assert "Reverted" in tab.message_bar.text
    tab.controller.set("author", "Someone after the revert")
    tab.message_bar.button("Restore discarded changes").click()
    assert tab.controller.get("title") == "A title worth keeping"
    assert tab.controller.article.answer == answer and tab.answer_pane.editor.toPlainText() == answer
    assert not tab.message_bar.isVisible()
    action(window, "undo").trigger()  # the restore is one step of its own
    assert tab.controller.get("author") == "Someone after the revert"


def test_the_journal_keeps_the_discarded_text_until_the_tab_closes(window, qtbot, asked, content):
    tab = edited_tab(window, qtbot)
    path = tab.controller.path
    action(window, "revert").trigger()
    kept = recovery.current().discarded_text(path)
    assert kept is not None and b"A title worth keeping" in kept
    assert tab.controller.findChild(journal.ArticleJournal) is not None
    window.close_tab(tab)
    assert recovery.current().discarded_text(path) is None


def test_the_revert_prompt_has_exactly_discard_changes_and_cancel(qtbot):
    seen: list[list[str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(sorted(b.text().replace("&", "") for b in box.buttons()))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(20, answer)
    assert DiscardChangesDialog.ask(None, "What is a lever?") is False
    assert seen == [["Cancel", "Discard changes"]]
