"""The project browser over a whole site checkout (our fixture site), driven through the real
window: collections under the config's group headings, each with its count, the subject folders
inside the answers collection, "Other files" for what no collection holds, titles before file
names; a folder without a CMS config looks as it always did."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QLineEdit

from tests.fixtures.site_checkout import POST, copy_site, write
from tests.ui.window.browser_fixtures import row, texts
from tests.ui.window.finding_fixtures import private_dirs  # noqa: F401 - autouse fixture
from ui import app
from ui.common.settings import Settings
from ui.window import project_browser

UNTITLED = """---
_schema: default
date: 2024-10-01T08:00:00Z
author: Guest writer
---

A post nobody has named yet.
"""


def open_window(qtbot: Any, folder: Path, tmp_path: Path) -> Any:
    win = app.create_window(folder, Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    return win


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = copy_site(tmp_path)
    write(root, "notes/ideas.md", UNTITLED.replace("A post", "An idea"))
    write(root, "content/posts/untitled-draft.md", UNTITLED)
    return root


@pytest.fixture
def window(qtbot: Any, site: Path, tmp_path: Path) -> Iterator[Any]:
    win = open_window(qtbot, site, tmp_path)
    yield win
    win.shutdown()
    win.deleteLater()


def test_collections_show_under_the_headings_of_collection_groups_each_with_its_count(window) -> None:
    # answers (the editor's default collection) is in no group: it comes first, then the headings.
    assert texts(window) == ["Answers  (3)", "Blog", "Site", "Other files  (1)"]
    assert texts(window, row(window, "Blog")) == ["Blog posts  (4)"]  # posts_fr's folder is absent: not shown
    assert texts(window, row(window, "Site")) == ["Pages  (1)"]
    assert window.browser.count_label.text() == "9 articles in 3 collections"


def test_subject_folders_show_inside_the_answers_collection(window) -> None:
    answers = row(window, "Answers")
    assert texts(window, answers) == ["biology  (2)", "geology  (1)"]
    assert texts(window, row(window, "Answers", "geology")) == ["What causes earthquakes?"]


def test_a_folder_in_no_collection_shows_under_other_files(window) -> None:
    assert texts(window, row(window, "Other files")) == ["notes  (1)"]
    assert texts(window, row(window, "Other files", "notes")) == ["ideas.md"]


def test_rows_show_titles_and_file_names_only_where_a_title_is_missing(window) -> None:
    assert texts(window, row(window, "Blog", "Blog posts")) == [
        "How we write our answers", "Notes from our first year", "Three habits for focused study", "untitled-draft.md"]


def test_schema_templates_are_not_listed(window) -> None:
    shown = {entry.relpath for entry in window.browser.entries}
    assert "schemas/post.md" not in shown and POST in shown


def test_headings_and_collections_open_on_first_showing(window, qtbot) -> None:
    tree = window.browser.tree
    for labels in (("Answers",), ("Blog",), ("Blog", "Blog posts"), ("Site",), ("Site", "Pages")):
        assert tree.isExpanded(row(window, *labels)), labels
    assert not tree.isExpanded(row(window, "Answers", "biology"))  # subject folders stay closed


def test_open_rows_and_the_selection_survive_a_rebuild_and_a_save(window, qtbot, site: Path) -> None:
    tree = window.browser.tree
    tree.collapse(row(window, "Site"))
    tree.expand(row(window, "Answers", "geology"))
    post = (site / POST).resolve()
    tab = window.open_article(post)
    assert window.browser.model.entry(tree.currentIndex()).path == post
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.refresh()
    assert tree.isExpanded(row(window, "Answers", "geology")) and not tree.isExpanded(row(window, "Site"))
    field = tab.findChild(QLineEdit, "field:title")
    field.selectAll()
    qtbot.keyClicks(field, "A habit a day")
    window.save()
    assert texts(window, row(window, "Blog", "Blog posts"))[0] == "A habit a day"  # moved to its place, at once
    assert window.browser.model.entry(tree.currentIndex()).path == post
    assert tree.isExpanded(row(window, "Answers", "geology")) and not tree.isExpanded(row(window, "Site"))


def test_a_filter_shows_only_the_collections_holding_a_match(window, qtbot) -> None:
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.filter.setText("habits")
    assert texts(window) == ["Blog"]
    assert texts(window, row(window, "Blog", "Blog posts")) == ["Three habits for focused study"]
    assert window.browser.tree.isExpanded(row(window, "Blog", "Blog posts"))
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.filter.clear()
    assert texts(window)[:3] == ["Answers  (3)", "Blog", "Site"]


def test_a_new_article_goes_to_the_folder_of_the_selected_collection_row(window, site: Path) -> None:
    window.browser.tree.setCurrentIndex(row(window, "Blog", "Blog posts"))
    assert window.browser.current_subject_folder() == "content/posts"
    window.browser.tree.setCurrentIndex(row(window, "Answers", "biology"))
    assert window.browser.current_subject_folder() == "content/learn/biology"
    window.browser.tree.setCurrentIndex(row(window, "Blog"))
    assert window.browser.current_subject_folder() is None  # a heading is no folder


def test_the_site_and_the_rows_are_read_off_the_gui_thread(window, qtbot, monkeypatch) -> None:
    threads: list[threading.Thread] = []
    site_of = project_browser.project_site

    def spy(project: Any) -> Any:
        threads.append(threading.current_thread())
        return site_of(project)

    monkeypatch.setattr(project_browser, "project_site", spy)
    with qtbot.waitSignal(window.browser.listingShown, timeout=5000):
        window.browser.refresh()
    assert threads and all(thread is not threading.main_thread() for thread in threads)


def test_a_folder_without_a_cms_config_is_listed_by_folder_as_before(qtbot, tmp_path: Path) -> None:
    root = copy_site(tmp_path, cms=None)
    win = open_window(qtbot, root, tmp_path)
    try:
        qtbot.waitUntil(lambda: win.browser.model.rowCount() > 0, timeout=5000)
        assert [t.rsplit("  (", 1)[0] for t in texts(win)] == [
            "content", "content/learn/biology", "content/learn/geology", "content/posts", "schemas"]
        assert win.browser.count_label.text().endswith("in 5 folders")
        assert not win.browser.tree.isExpanded(win.browser.model.index(0, 0, QModelIndex()))
    finally:
        win.shutdown()
        win.deleteLater()
