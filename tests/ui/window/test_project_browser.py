"""The project browser, driven through the real window: a save shows the new title at once and
keeps the tree's open folders and selection; rebuilds and filters keep them too, and filtering
runs off the GUI thread."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.ui.window.finding_fixtures import content, private_dirs, window  # noqa: F401 - fixtures
from ui.window import project_browser
from ui.window.quick_open import QuickOpen


def folder_open(window: Any, name: str) -> bool:
    return window.browser.tree.isExpanded(window.browser.model.folder_index(name))


def expand(window: Any, *names: str) -> None:
    window.browser.tree.collapseAll()
    for name in names:
        window.browser.tree.expand(window.browser.model.folder_index(name))


def selected_path(window: Any) -> Path | None:
    entry = window.browser.model.entry(window.browser.tree.currentIndex())
    return entry.path if entry is not None else None


def physics_titles(window: Any) -> list[str]:
    model = window.browser.model
    parent = model.folder_index("physics")
    return [model.data(model.index(row, 0, parent)) for row in range(model.rowCount(parent))]


def retitle_and_save(qtbot: Any, window: Any, path: Path, title: str) -> None:
    tab = window.open_article(path)
    field = tab.findChild(QLineEdit, "field:title")
    field.selectAll()
    qtbot.keyClicks(field, title)
    window.save()


def test_a_save_shows_the_new_title_at_once_and_keeps_open_folders_and_selection(window, qtbot, content) -> None:
    lever = (content / "physics/what-is-a-lever.md").resolve()
    retitle_and_save(qtbot, window, lever, "Are levers simple machines?")  # opening selects it
    expand(window, "physics", "economics")
    window.browser.select_path(lever)
    retitle_and_save(qtbot, window, lever, "A lever, and why it works")
    # No waiting: the row changed in place, moved to its sorted place, still selected.
    assert physics_titles(window) == ["A lever, and why it works", "How do pulleys work?"]
    assert folder_open(window, "physics") and folder_open(window, "economics") and not folder_open(window, "biology")
    assert selected_path(window) == lever
    assert [e.title for e in window.browser.entries if e.path == lever] == ["A lever, and why it works"]


def test_after_a_save_quick_open_finds_the_article_by_its_new_title(window, qtbot, content) -> None:
    lever = (content / "physics/what-is-a-lever.md").resolve()
    with qtbot.waitSignal(window.browser.indexRefreshed, timeout=5000):  # the save reaches the index
        retitle_and_save(qtbot, window, lever, "What is a crowbar?")
    window.actions["quickOpen"].trigger()
    popup = window.findChild(QuickOpen)
    qtbot.keyClicks(popup.filter, "crowbar")

    def shown() -> list[str]:
        return [popup.list.item(i).text() for i in range(popup.list.count())] if popup.shown_query == "crowbar" else []

    qtbot.waitUntil(lambda: bool(shown()), timeout=5000)
    assert shown()[0].startswith("What is a crowbar?")


def test_after_a_save_the_open_articles_linking_to_it_see_their_copy_is_stale(window, qtbot, content) -> None:
    pulleys = window.open_article(content / "physics/how-do-pulleys-work.md")
    assert pulleys.related_panel.status(1) == "ok"
    with qtbot.waitSignal(window.browser.indexRefreshed, timeout=5000):
        retitle_and_save(qtbot, window, (content / "physics/what-is-a-lever.md").resolve(), "What is a crowbar?")
    assert pulleys.related_panel.status(1) == "stale"  # without reindexing the folder (F8)


def test_after_a_save_the_open_article_it_links_to_lists_it_by_its_new_title(window, qtbot, content) -> None:
    lever = window.open_article(content / "physics/what-is-a-lever.md")
    assert [lever.related_panel.backlinks.item(i).text() for i in range(lever.related_panel.backlinks.count())] == [
        "How do pulleys work?"]
    with qtbot.waitSignal(window.browser.indexRefreshed, timeout=5000):
        retitle_and_save(qtbot, window, (content / "physics/how-do-pulleys-work.md").resolve(), "How do pulley blocks work?")
    assert [lever.related_panel.backlinks.item(i).text() for i in range(lever.related_panel.backlinks.count())] == [
        "How do pulley blocks work?"]


def test_rebuilding_the_list_keeps_open_folders_selection_and_scroll(window, qtbot, content) -> None:
    expand(window, "biology")
    leaves = (content / "biology/what-do-leaves-do.md").resolve()
    window.browser.select_path(leaves)
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.refresh()
    assert folder_open(window, "biology") and not folder_open(window, "physics")
    assert selected_path(window) == leaves


def test_clearing_the_filter_brings_back_the_folders_open_before_it(window, qtbot) -> None:
    expand(window, "economics")
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.filter.setText("lever")
    assert [e.title for f in window.browser.model.folders for e in f.entries] == ["What is a lever?"]
    assert folder_open(window, "physics")  # a filter opens what it found
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.filter.clear()
    assert folder_open(window, "economics") and not folder_open(window, "physics")


def test_filtering_runs_off_the_gui_thread(window, qtbot, monkeypatch) -> None:
    threads: list[threading.Thread] = []
    arrange = project_browser.arrange

    def spy(*args: Any) -> Any:
        threads.append(threading.current_thread())
        return arrange(*args)

    monkeypatch.setattr(project_browser, "arrange", spy)
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.filter.setText("markets")
    assert "1 of 8" in window.browser.count_label.text()
    assert threads and all(thread is not threading.main_thread() for thread in threads)


def test_enter_in_the_filter_opens_the_first_match(window, qtbot, content) -> None:
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.filter.setText("mitochondria")
    qtbot.keyClick(window.browser.filter, Qt.Key.Key_Return)
    assert window.current_tab().path == (content / "biology/what-do-mitochondria-do.md").resolve()


def test_problem_counts_show_as_badges_on_the_article_rows(window, qtbot, content) -> None:
    lever = (content / "physics/what-is-a-lever.md").resolve()
    expand(window, "physics")
    window.browser.set_problem_counts({lever: (1, 2)})
    index = window.browser.model.index_of(lever)
    assert "1 error(s), 2 warning(s)" in window.browser.model.data(index, Qt.ItemDataRole.ToolTipRole)
