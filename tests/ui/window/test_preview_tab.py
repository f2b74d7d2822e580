"""Single click previews, as in VS Code: a single click in the browser opens an article in the
preview tab, which the next single click reuses; an edit, a double click (in the browser or on
the tab) or Enter keeps it. Real mouse clicks on the shown window."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.window.browser_fixtures import click
from tests.ui.window.finding_fixtures import content, private_dirs, window  # noqa: F401 - fixtures

LEVER, PULLEYS, MARKETS = "physics/what-is-a-lever.md", "physics/how-do-pulleys-work.md", "economics/why-do-markets-clear.md"


@pytest.fixture
def shown(window, qtbot) -> Any:
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    return window


def paths(window: Any) -> list[Path]:
    return [tab.path for tab in window.tab_widgets()]


def test_a_single_click_previews_and_the_next_single_click_reuses_the_tab(shown, qtbot, content: Path) -> None:
    click(qtbot, shown, (content / LEVER).resolve())
    assert paths(shown) == [(content / LEVER).resolve()]
    assert shown.preview.is_preview(shown.current_tab())
    click(qtbot, shown, (content / PULLEYS).resolve())
    assert paths(shown) == [(content / PULLEYS).resolve()]
    assert shown.preview.is_preview(shown.current_tab())


def test_a_double_click_keeps_the_tab_and_the_next_click_opens_another(shown, qtbot, content: Path) -> None:
    click(qtbot, shown, (content / LEVER).resolve(), double=True)
    assert not shown.preview.is_preview(shown.current_tab())
    click(qtbot, shown, (content / PULLEYS).resolve())
    click(qtbot, shown, (content / MARKETS).resolve())
    assert paths(shown) == [(content / LEVER).resolve(), (content / MARKETS).resolve()]


def test_an_edit_keeps_the_preview_tab(shown, qtbot, content: Path) -> None:
    click(qtbot, shown, (content / LEVER).resolve())
    field = shown.current_tab().findChild(QLineEdit, "field:title")
    qtbot.keyClicks(field, " really")
    assert not shown.preview.is_preview(shown.current_tab())
    click(qtbot, shown, (content / PULLEYS).resolve())
    assert paths(shown) == [(content / LEVER).resolve(), (content / PULLEYS).resolve()]
    assert shown.find_tab(content / LEVER).controller.is_modified  # the edit is still there


def test_enter_in_the_tree_opens_the_article_to_stay(shown, qtbot, content: Path) -> None:
    shown.browser.select_path((content / LEVER).resolve())
    shown.browser.tree.setFocus()
    qtbot.keyClick(shown.browser.tree, Qt.Key.Key_Return)
    assert paths(shown) == [(content / LEVER).resolve()]
    assert not shown.preview.is_preview(shown.current_tab())


def test_double_clicking_the_preview_tab_keeps_it(shown, qtbot, content: Path) -> None:
    click(qtbot, shown, (content / LEVER).resolve())
    bar = shown.tabs.tabBar()
    qtbot.mouseDClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert not shown.preview.is_preview(shown.current_tab())
    click(qtbot, shown, (content / PULLEYS).resolve())
    assert len(paths(shown)) == 2


def test_a_click_on_an_article_open_to_stay_switches_to_its_tab(shown, qtbot, content: Path) -> None:
    kept = shown.open_article(content / LEVER)
    click(qtbot, shown, (content / PULLEYS).resolve())
    click(qtbot, shown, (content / LEVER).resolve())
    assert shown.current_tab() is kept and not shown.preview.is_preview(kept)
    assert paths(shown) == [(content / LEVER).resolve(), (content / PULLEYS).resolve()]  # the preview stays for the next click
    click(qtbot, shown, (content / MARKETS).resolve())
    assert paths(shown) == [(content / LEVER).resolve(), (content / MARKETS).resolve()]
