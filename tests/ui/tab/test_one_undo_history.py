"""One undo history per article: answer and form edits undo and redo in the order they were made,
whichever input has the focus."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from tests.ui.window_fixtures import article_path, write_project

from ui import app
from ui.common.dialogs import DiscardChangesDialog, SaveChangesDialog
from ui.common.settings import Settings

START = "First paragraph about what is a lever."  # the fixture article's answer starts so


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch):
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))
    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(lambda cls, parent, name: True))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_project(tmp_path / "content")


@pytest.fixture
def tab(qtbot, content: Path, tmp_path: Path):
    win = app.create_window(content, Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    win.resize(1280, 720)
    win.show()
    qtbot.waitExposed(win)
    opened = win.open_article("physics/what-is-a-lever.md")
    yield opened
    win.shutdown()
    win.hide()
    win.deleteLater()


def editor_of(tab):
    return tab.answer_pane.editor


def title_of(tab) -> QLineEdit:
    return tab.findChild(QLineEdit, "field:title")


def type_at_end(qtbot, tab, text: str) -> None:
    editor = editor_of(tab)
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)
    qtbot.keyClicks(editor, text)


def retitle(qtbot, tab, text: str) -> None:
    field = title_of(tab)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def ctrl(qtbot, widget, key, shift: bool = False) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | (Qt.KeyboardModifier.ShiftModifier if shift else Qt.KeyboardModifier.NoModifier)
    qtbot.keyClick(widget, key, modifiers)


def test_ctrl_z_in_the_answer_undoes_a_later_title_edit_first(tab, qtbot):
    original_answer = editor_of(tab).toPlainText()
    type_at_end(qtbot, tab, " Added words")
    retitle(qtbot, tab, "A later title")
    editor = editor_of(tab)
    editor.setFocus()
    ctrl(qtbot, editor, Qt.Key.Key_Z)
    assert tab.controller.get("title") == "What is a lever?"  # the newest edit goes first
    assert editor.toPlainText().endswith(" Added words")
    ctrl(qtbot, editor, Qt.Key.Key_Z)
    assert editor.toPlainText() == original_answer
    assert tab.controller.article.answer == original_answer  # the model follows at once
    assert not tab.controller.is_modified


def test_ctrl_z_in_the_title_undoes_a_later_answer_edit_first(tab, qtbot):
    retitle(qtbot, tab, "An earlier title")
    type_at_end(qtbot, tab, " typed later")
    field = title_of(tab)
    field.setFocus()
    ctrl(qtbot, field, Qt.Key.Key_Z)
    assert not editor_of(tab).toPlainText().endswith(" typed later")
    assert tab.controller.get("title") == "An earlier title"
    ctrl(qtbot, field, Qt.Key.Key_Z, shift=True)  # redo brings the answer edit back
    assert editor_of(tab).toPlainText().endswith(" typed later")


def test_redo_replays_the_edits_in_the_order_they_were_made(tab, qtbot):
    type_at_end(qtbot, tab, " one")
    retitle(qtbot, tab, "Second title")
    stack = tab.controller.undo_stack
    stack.undo()
    stack.undo()
    assert not tab.controller.is_modified
    stack.redo()
    assert editor_of(tab).toPlainText().endswith(" one") and tab.controller.get("title") == "What is a lever?"
    stack.redo()
    assert tab.controller.get("title") == "Second title"


def test_typing_on_a_line_is_one_step_and_a_new_line_starts_another(tab, qtbot):
    stack = tab.controller.undo_stack
    before = stack.count()
    type_at_end(qtbot, tab, " several words typed")
    assert stack.count() == before + 1
    qtbot.keyClick(editor_of(tab), Qt.Key.Key_Return)  # in a list: the next item's marker, a step
    qtbot.keyClicks(editor_of(tab), "Next item")
    assert stack.count() == before + 3
    stack.undo()
    stack.undo()
    assert editor_of(tab).toPlainText().endswith(" several words typed")


def test_backspacing_is_one_step_and_restores_the_deleted_text(tab, qtbot):
    type_at_end(qtbot, tab, " xyz")
    stack = tab.controller.undo_stack
    before = stack.count()
    for _ in range(3):
        qtbot.keyClick(editor_of(tab), Qt.Key.Key_Backspace)
    assert stack.count() == before + 1 and editor_of(tab).toPlainText().endswith(" ")
    stack.undo()
    assert editor_of(tab).toPlainText().endswith(" xyz")


def test_a_formatting_command_and_replace_all_are_one_step_each(tab, qtbot):
    editor = editor_of(tab)
    stack = tab.controller.undo_stack
    text = editor.toPlainText()
    cursor = editor.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(5, cursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)
    editor.commands["bold"].run(editor)
    assert editor.toPlainText().startswith("**First**")
    bar = tab.answer_pane.find_bar
    bar.find_edit.setText("point")
    bar.replace_edit.setText("idea")
    assert bar.replace_all() == 2
    stack.undo()
    assert "point" in editor.toPlainText() and editor.toPlainText().startswith("**First**")
    stack.undo()
    assert editor.toPlainText() == text


def test_text_after_a_character_outside_the_bmp_undoes_exactly(tab, qtbot):
    editor = editor_of(tab)
    type_at_end(qtbot, tab, " ")
    editor.insertPlainText("𝑥 and 😀")  # QTest cannot type characters outside the BMP
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "after")
    stack = tab.controller.undo_stack
    steps = 0
    while not editor.toPlainText().endswith(" 𝑥 and 😀") and steps < 5:
        stack.undo()
        steps += 1
    assert editor.toPlainText().endswith(" 𝑥 and 😀") and steps == 2  # "after", then the list marker
    while stack.canUndo():
        stack.undo()
    assert not tab.controller.is_modified


def test_undoing_a_revert_brings_the_answer_back_and_its_typing_still_undoes(tab, qtbot, content):
    original = editor_of(tab).toPlainText()
    type_at_end(qtbot, tab, " kept through a revert")
    window = tab.window()
    window.documents.revert(tab)
    assert editor_of(tab).toPlainText() == original
    stack = tab.controller.undo_stack
    stack.undo()  # the revert
    assert editor_of(tab).toPlainText() == original + " kept through a revert"
    stack.undo()  # the typing before it
    assert editor_of(tab).toPlainText() == original and not tab.controller.is_modified
    assert article_path(content).read_bytes().count(b"kept through") == 0


def test_the_context_menu_undo_steps_the_articles_history(tab, qtbot):
    type_at_end(qtbot, tab, " menu")
    retitle(qtbot, tab, "Title by the menu test")
    editor = editor_of(tab)
    menu = editor.build_context_menu(editor.textCursor())
    undo = next(a for a in menu.actions() if a.objectName() == "edit-undo")
    assert undo.isEnabled()
    undo.trigger()
    assert tab.controller.get("title") == "What is a lever?"
    menu.deleteLater()


def test_an_answer_change_made_outside_the_editor_is_a_step_and_earlier_typing_still_undoes(tab, qtbot):
    original = editor_of(tab).toPlainText()
    type_at_end(qtbot, tab, " typed first")
    tab.answer_pane.flush()
    typed = editor_of(tab).toPlainText()
    tab.controller.set_answer(typed.replace("lever", "crowbar"))  # as the problems panel applies a fix
    assert "crowbar" in editor_of(tab).toPlainText()
    stack = tab.controller.undo_stack
    stack.undo()
    assert editor_of(tab).toPlainText() == typed
    stack.undo()
    assert editor_of(tab).toPlainText() == original and tab.controller.article.answer == original
