"""A laptop screen: the window opens inside the screen's available area, and the writer can
collapse the form to a strip so the answer gets the room, remembered across runs; a modified
tab spends no width on a second dirty marker."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QLineEdit, QToolButton
from tests.ui.window_fixtures import write_project

from ui import app
from ui.common.dialogs import SaveChangesDialog
from ui.common.settings import Settings


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch):
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))


@pytest.fixture
def make_window(qtbot, tmp_path: Path):
    content = write_project(tmp_path / "content")
    made = []

    def make():
        win = app.create_window(content, Settings.at(tmp_path / "settings.ini"))
        made.append(win)
        qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
        return win

    yield make
    for win in made:
        win.shutdown()
        win.hide()
        win.deleteLater()


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, f"action:{name}")
    assert found is not None, name
    return found


def shown_tab(window, qtbot, size=(1280, 720)):
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    tab = window.open_article("physics/what-is-a-lever.md")
    qtbot.wait(100)  # the first layout shares the splitters out
    return tab


def test_a_first_window_opens_inside_the_screens_available_area(make_window):
    window = make_window()
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    assert area.contains(window.frameGeometry().topLeft())


def test_a_geometry_saved_on_a_bigger_screen_comes_back_inside_the_screen(make_window, qtbot):
    first = make_window()
    area = QGuiApplication.primaryScreen().availableGeometry()
    first.resize(area.width() + 600, area.height() + 300)
    first.show()
    qtbot.waitExposed(first)
    first.settings.save_window(first)
    first.hide()
    second = make_window()
    assert second.width() <= area.width() and second.height() <= area.height()


def test_collapsing_the_form_gives_the_answer_the_width_and_is_remembered(make_window, qtbot):
    window = make_window()
    tab = shown_tab(window, qtbot)
    editor_width = tab.answer_pane.editor.width()
    assert tab.form_scroll.isVisible()
    action(window, "toggleForm").trigger()
    qtbot.wait(50)
    assert tab.form_strip.isVisible() and not tab.form_scroll.isVisible()
    assert tab.splitter.sizes()[0] <= 40
    assert tab.answer_pane.editor.width() >= editor_width + 120  # half the form's width each side
    assert action(window, "toggleForm").isChecked()
    window.close_tab(tab)
    window.hide()

    again = make_window()  # the next run opens its tabs collapsed
    tab = shown_tab(again, qtbot)
    assert tab.form_collapsed and tab.form_strip.isVisible()
    assert action(again, "toggleForm").isChecked()
    tab.form_strip.button.click()  # the strip brings the form back, and that is remembered too
    qtbot.wait(50)
    assert tab.form_scroll.isVisible() and tab.splitter.sizes()[0] > 250
    assert not action(again, "toggleForm").isChecked()
    assert again.settings.window_value("formCollapsed", True) is False


def test_jumping_to_a_field_expands_a_collapsed_form(make_window, qtbot):
    window = make_window()
    tab = shown_tab(window, qtbot)
    tab.findChild(QToolButton, "collapseForm").click()  # the "«" in the form's heading
    assert tab.form_collapsed and window.settings.window_value("formCollapsed", False) is True
    assert tab.focus_field("title")
    qtbot.waitUntil(lambda: tab.findChild(QLineEdit, "field:title").hasFocus())
    assert not tab.form_collapsed


def orange_pixels(window, tab) -> int:
    image = window.tabs.tabIcon(window.tabs.indexOf(tab)).pixmap(16, 16).toImage()
    colours = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return sum(1 for c in colours if c.alpha() > 128 and c.red() > 180 and 100 < c.green() < 190 and c.blue() < 90)


def test_a_modified_tab_has_one_dirty_marker_the_orange_dot(make_window, qtbot):
    window = make_window()
    tab = window.open_article("physics/what-is-a-lever.md")
    assert orange_pixels(window, tab) == 0
    tab.controller.set("author", "Someone else")
    text = window.tabs.tabText(window.tabs.indexOf(tab))
    assert "●" not in text and text == tab.controller.title
    assert orange_pixels(window, tab) > 20
    assert "(modified)" in window.tabs.tabToolTip(window.tabs.indexOf(tab))
