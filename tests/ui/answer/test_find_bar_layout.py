"""Find and replace in a real window: the bar never moves a splitter, it counts its matches, and
Ctrl+H and Edit > Replace open it from anywhere in the window."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLineEdit, QSplitter
from tests.ui.window_fixtures import write_project

from ui import app
from ui.common.dialogs import SaveChangesDialog
from ui.common.settings import Settings

ANSWER = "A cell has a wall.\n\nEvery cell divides; a cell grows.\n\nCells and more cells."


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch):
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))


def open_window(qtbot, tmp_path: Path, size: tuple[int, int]):
    win = app.create_window(write_project(tmp_path / "content"), Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    tab = win.open_article("physics/what-is-a-lever.md")
    tab.answer_pane.editor.setPlainText(ANSWER)
    qtbot.wait(100)  # the first layout shares the splitters out
    return win, tab


@pytest.fixture(params=[(1280, 720), (1600, 1000)], ids=["1280x720", "1600x1000"])
def window_and_tab(request, qtbot, tmp_path: Path):
    win, tab = open_window(qtbot, tmp_path, request.param)
    yield win, tab
    win.shutdown()
    win.hide()
    win.deleteLater()


def splitter_sizes(tab) -> dict[str, list[int]]:
    return {s.objectName(): s.sizes() for s in tab.findChildren(QSplitter)}


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, f"action:{name}")
    assert found is not None, name
    return found


def test_opening_replace_and_replacing_leave_every_splitter_as_it_was(window_and_tab, qtbot):
    win, tab = window_and_tab
    pane = tab.answer_pane
    before = splitter_sizes(tab)
    preview_width = pane.preview.width()
    assert preview_width > 300
    pane.replace()  # what Ctrl+H in the editor does
    qtbot.wait(50)
    bar = pane.find_bar
    assert bar.isVisible() and bar.replace_edit.isVisible()
    assert splitter_sizes(tab) == before and pane.preview.width() == preview_width
    assert bar.find_edit.width() >= 200  # room to type a phrase
    bar.find_edit.setText("cell")
    bar.replace_edit.setText("unit")
    bar.find_next()
    assert bar.replace_one()
    qtbot.wait(50)
    assert splitter_sizes(tab) == before
    assert bar.replace_all() >= 2 and bar.status.text().startswith("Replaced")
    qtbot.wait(50)
    assert splitter_sizes(tab) == before and pane.preview.width() == preview_width


def test_the_bar_counts_matches_and_says_which_one_is_selected(window_and_tab, qtbot):
    win, tab = window_and_tab
    bar = tab.answer_pane.find_bar
    action(win, "find").trigger()
    qtbot.keyClicks(bar.find_edit, "cell")
    assert bar.status.text() == "1 of 5"
    bar.find_next()
    assert bar.status.text() == "2 of 5"
    bar.find_next(backward=True)
    bar.find_next(backward=True)
    assert bar.status.text() == "5 of 5"  # wrapped around
    bar.word_box.setChecked(True)
    assert bar.status.text() in ("3 matches", "1 of 3")
    bar.word_box.setChecked(False)
    # The count follows edits made in the editor while the bar is open.
    cursor = tab.answer_pane.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    cursor.insertText(" One more cell.")
    qtbot.waitUntil(lambda: bar.status.text().endswith("6") or bar.status.text() == "6 matches", timeout=2000)


def test_ctrl_h_opens_replace_from_the_form_and_edit_menu_lists_it(window_and_tab, qtbot):
    win, tab = window_and_tab
    title = tab.findChild(QLineEdit, "field:title")
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClick(title, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    bar = tab.answer_pane.find_bar
    assert bar.isVisible() and bar.replace_edit.isVisible()
    assert QApplication.focusWidget() is bar.find_edit
    edit_menu = win.menus["Edit"]
    assert action(win, "replace") in edit_menu.actions()
    assert action(win, "replace").shortcut().toString() == "Ctrl+H"
