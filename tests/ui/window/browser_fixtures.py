"""Reading the project browser's tree as a writer sees it, for the browser's tests."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from ui.window.article_tree import GIT, TITLE


def texts(window: Any, parent: QModelIndex = QModelIndex()) -> list[str]:
    """The titles of the rows under ``parent`` (the top rows without one), in order."""
    model = window.browser.model
    return [model.data(model.index(row, TITLE, parent)) for row in range(model.rowCount(parent))]


def row(window: Any, *labels: str) -> QModelIndex:
    """The row reached by following row texts that start with each of ``labels``, from the top."""
    model = window.browser.model
    index = QModelIndex()
    for label in labels:
        found = [model.index(r, TITLE, index) for r in range(model.rowCount(index))]
        matches = [i for i in found if str(model.data(i)).startswith(label)]
        assert matches, f"no row {label!r} under {texts(window, index)}"
        index = matches[0]
    return index


def git_letter(window: Any, path: Path) -> str | None:
    """The git column of an article's row."""
    model = window.browser.model
    index = model.index_of(Path(path))
    assert index.isValid(), f"{path} is not shown"
    return model.data(index.siblingAtColumn(GIT))


def struck(window: Any, index: QModelIndex) -> bool:
    font = window.browser.model.data(index, Qt.ItemDataRole.FontRole)
    return bool(font is not None and font.strikeOut())


def click(qtbot: Any, window: Any, path: Path, double: bool = False) -> None:
    """A real mouse click (or double click) on an article's row, opening its rows above first."""
    tree = window.browser.tree
    window.browser.select_path(Path(path))
    index = window.browser.model.index_of(Path(path))
    tree.scrollTo(index)
    centre = tree.visualRect(index).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    if double:  # a double click is a click, then the double-click event (QTest sends only the latter)
        qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=centre)
