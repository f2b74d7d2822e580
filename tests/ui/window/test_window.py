"""The main window, driven through its real widgets: folders, tabs, the form, saving, prompts."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from tests.ui.window_fixtures import article_path, write_project

from editor.article.article import Article, ArticleError
from ui import app
from ui.tab.article_tab import ArticleTab, BrokenArticleTab
from ui.common.dialogs import ConflictDialog, DiscardChangesDialog, SaveChangesDialog
from ui.common.settings import Settings


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch):
    """Journals, folder locks and settings go under tmp_path, never the user's own."""
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_project(tmp_path / "content", broken=True)


@pytest.fixture(autouse=True)
def no_real_prompts(monkeypatch):
    """A test that does not stub the prompts gets "discard" instead of a modal dialog."""
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, name: "cancel"))
    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(lambda cls, parent, name: True))


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


def type_title(qtbot, tab: ArticleTab, text: str) -> None:
    field = tab.findChild(QLineEdit, "field:title")
    assert field is not None
    field.selectAll()
    qtbot.keyClicks(field, text)


def test_create_window_does_not_show_it_and_indexes_in_the_background(window):
    assert not window.isVisible()
    assert window.index_ready
    titles = [e.title for e in window.browser.entries]
    assert "What is a lever?" in titles and "Why do markets clear?" in titles
    assert "what-is-a-lever.md" not in titles  # titles, not file names


def test_the_browser_groups_by_subject_folder_with_counts(window):
    folders = {f.name: len(f.entries) for f in window.browser.model.folders}
    assert folders["economics"] == 1 and folders["physics"] >= 2
    label = window.browser.model.data(window.browser.model.index(1, 0))
    assert "physics" in label and f"({folders['physics']})" in label


def test_the_browser_filter_keeps_matching_titles(window, qtbot):
    window.browser.filter.setText("pulleys")
    qtbot.waitUntil(lambda: "1 of" in window.browser.count_label.text())
    shown = [e.title for f in window.browser.model.folders for e in f.entries]
    assert shown == ["How do pulleys work?"]


def test_an_article_opens_in_a_tab_titled_by_its_title_with_the_path_as_tooltip(window, content):
    tab = window.open_article("physics/what-is-a-lever.md")
    index = window.tabs.indexOf(tab)
    assert window.tabs.tabText(index) == "What is a lever?"
    assert str(article_path(content)) in window.tabs.tabToolTip(index)
    assert window.open_article(article_path(content)) is tab  # opening again switches to it


def test_editing_the_title_and_saving_changes_only_the_title_lines(window, qtbot, content):
    path = article_path(content)
    before = path.read_text(encoding="utf-8").splitlines()
    tab = window.open_article(path)
    type_title(qtbot, tab, "What is a lever arm?")
    assert tab.controller.is_modified
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "What is a lever arm?"  # the icon marks it
    assert window.isWindowModified()
    action(window, "save").trigger()
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [(i, a, b) for i, (a, b) in enumerate(zip(before, after)) if a != b]
    assert len(before) == len(after)
    assert changed == [(5, "    What is a lever?", "    What is a lever arm?")]  # the line under "title: >-"
    assert not tab.controller.is_modified and not window.isWindowModified()
    assert window.tabs.tabText(window.tabs.indexOf(tab)) == "What is a lever arm?"


def test_undo_restores_the_previous_title(window, qtbot):
    tab = window.open_article("physics/what-is-a-lever.md")
    type_title(qtbot, tab, "Levers")
    assert tab.controller.get("title") == "Levers"
    action(window, "undo").trigger()
    assert tab.controller.get("title") == "What is a lever?"
    assert tab.findChild(QLineEdit, "field:title").text() == "What is a lever?"
    action(window, "redo").trigger()
    assert tab.controller.get("title") == "Levers"


def test_closing_a_modified_tab_asks_and_cancel_keeps_it(window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: asked.append(names) or "cancel"))
    tab = window.open_article("physics/what-is-a-lever.md")
    type_title(qtbot, tab, "Changed")
    action(window, "close").trigger()
    assert asked == [["Changed"]]
    assert window.tabs.indexOf(tab) >= 0


def test_closing_a_modified_tab_with_discard_leaves_the_file_alone(window, qtbot, monkeypatch, content):
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))
    before = article_path(content).read_bytes()
    tab = window.open_article(article_path(content))
    type_title(qtbot, tab, "Changed")
    assert window.close_tab(tab)
    assert window.tabs.count() == 0
    assert article_path(content).read_bytes() == before


def test_closing_with_save_writes_the_file(window, qtbot, monkeypatch, content):
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "save"))
    tab = window.open_article(article_path(content))
    type_title(qtbot, tab, "Saved on close")
    assert window.close_tab(tab)
    assert b"    Saved on close\n" in article_path(content).read_bytes()


def test_quitting_with_unsaved_work_prompts_and_cancel_keeps_the_window(window, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: asked.append(names) or "cancel"))
    window.show()
    tab = window.open_article("physics/what-is-a-lever.md")
    type_title(qtbot, tab, "Unsaved")
    assert not window.close()
    assert asked and window.isVisible()


def test_a_broken_file_opens_read_only_with_its_error_line(window, content):
    with pytest.raises(ArticleError) as parse_error:
        Article.load(content / "physics" / "broken-file.md")
    line = parse_error.value.line
    assert line in (6, 7)  # the unclosed "seo: [" or the line where the parser gives up
    tab = window.open_article("physics/broken-file.md")
    assert isinstance(tab, BrokenArticleTab)
    text = tab.findChild(QPlainTextEdit, "brokenArticleText")
    assert text.isReadOnly()
    assert text.textCursor().blockNumber() + 1 == tab.line == line
    assert f"broken-file.md, line {line}" in tab.message_bar.text
    assert "Traceback" not in tab.message_bar.text
    assert not action(window, "save").isEnabled()


def test_a_save_conflict_offers_overwrite(window, qtbot, monkeypatch, content):
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, name: "overwrite"))
    path = article_path(content)
    tab = window.open_article(path)
    type_title(qtbot, tab, "Mine")
    path.write_bytes(path.read_bytes().replace(b"alpha", b"omega"))
    assert window.save()
    assert b"    Mine\n" in path.read_bytes() and b"alpha" in path.read_bytes()


def test_a_save_conflict_cancelled_keeps_the_disk_version_and_says_so(window, qtbot, monkeypatch, content):
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, name: "cancel"))
    path = article_path(content)
    tab = window.open_article(path)
    type_title(qtbot, tab, "Mine")
    path.write_bytes(path.read_bytes().replace(b"alpha", b"omega"))
    assert not window.save()
    assert b"omega" in path.read_bytes() and b"    Mine\n" not in path.read_bytes()
    assert "changed on disk" in tab.message_bar.text
    assert tab.controller.is_modified


def test_save_all_saves_every_modified_article(window, qtbot, content):
    first = window.open_article(article_path(content, 0))
    type_title(qtbot, first, "First changed")
    second = window.open_article(article_path(content, 1))
    type_title(qtbot, second, "Second changed")
    action(window, "saveAll").trigger()
    assert b"First changed" in article_path(content, 0).read_bytes()
    assert b"Second changed" in article_path(content, 1).read_bytes()


def test_revert_reloads_the_file(window, qtbot):
    tab = window.open_article("physics/what-is-a-lever.md")
    type_title(qtbot, tab, "Reverted")
    action(window, "revert").trigger()
    assert tab.controller.get("title") == "What is a lever?" and not tab.controller.is_modified


def test_the_action_table_names_every_action_and_gives_the_main_shortcuts(window):
    for name in ("save", "saveAll", "new", "quickOpen", "addRelated", "revert", "close", "rename", "duplicate",
                 "delete", "undo", "redo", "commandPalette", "find"):
        assert action(window, name).text()
    assert action(window, "quickOpen").shortcut().toString() == "Ctrl+P"
    assert action(window, "commandPalette").shortcut().toString() == "Ctrl+Shift+P"
    assert action(window, "save").shortcut().toString() == "Ctrl+S"


def test_the_command_palette_triggers_actions(window, qtbot):
    from ui.window.command_palette import palette_entries
    from ui.window.command_palette import CommandPalette

    window.open_article("physics/what-is-a-lever.md")
    palette = CommandPalette(window, palette_entries(window.actions))
    rows = palette.rows("toggle problems")
    assert "Problems" in rows[0][0]
    visible = window.problems_dock.isVisibleTo(window)
    palette.pick(rows[0][2])
    assert window.problems_dock.isVisibleTo(window) != visible


def test_the_window_remembers_the_project_and_its_layout(window, content, tmp_path):
    settings = Settings.at(tmp_path / "settings.ini")
    assert settings.last_project() == str(content.resolve())
    window.settings.save_window(window)
    assert not settings.qsettings.value("window/state").isEmpty()


def test_the_problems_panel_lists_the_open_articles_problems_and_jumps_to_the_field(window, qtbot):
    tab = window.open_article("physics/what-is-a-lever.md")
    tab.controller.set("seo.page_description", "Too short.")
    qtbot.waitUntil(lambda: any(p.field == "seo.page_description" for p in window.problems.results["article"]), timeout=5000)
    problem = next(p for p in window.problems.results["article"] if p.field == "seo.page_description")
    window.show()
    window.problems.jump(problem)
    focused = window.focusWidget()
    assert focused is not None and focused.objectName() == "field:seo.page_description"


def test_new_article_goes_into_the_chosen_folder_with_the_next_id_and_linked_titles(window, monkeypatch, content):
    from ui.common.dialogs import NewArticleDialog

    monkeypatch.setattr(NewArticleDialog, "ask", classmethod(lambda cls, parent, subjects, subject=None: ("physics", "What is friction?")))
    expected_id = window.project.next_free_id()
    action(window, "new").trigger()
    tab = window.current_tab()
    assert isinstance(tab, ArticleTab)
    assert tab.path == (content / "physics" / "what-is-friction.md").resolve()
    assert tab.controller.get("id") == expected_id
    assert tab.controller.get("url") == "/learn/physics/questions/what-is-friction"
    assert tab.controller.is_new is True


def test_rename_changes_file_name_url_and_file_and_repoints_links(window, monkeypatch, content, qtbot):
    from ui.common.dialogs import RenameDialog
    from ui.tab.related_panel import RelinkDialog

    monkeypatch.setattr(RenameDialog, "ask", classmethod(lambda cls, parent, current, suggested: "what-is-a-simple-lever"))
    monkeypatch.setattr(RelinkDialog, "ask", classmethod(lambda cls, parent, title, lines, count: True))
    old = article_path(content)
    window.open_article(old)
    action(window, "rename").trigger()
    new = old.with_name("what-is-a-simple-lever.md")
    assert not old.exists() and new.exists()
    tab = window.current_tab()
    assert tab.path == new.resolve()
    assert tab.controller.get("url") == "/learn/physics/questions/what-is-a-simple-lever"
    linker = article_path(content, 1).read_text(encoding="utf-8")
    assert "url: /learn/physics/questions/what-is-a-simple-lever" in linker


def test_duplicate_opens_a_copy_with_a_new_id(window, content):
    original = window.open_article(article_path(content))
    expected_id = window.project.next_free_id()
    action(window, "duplicate").trigger()
    copy = window.current_tab()
    assert copy is not original and copy.path.name == "what-is-a-lever-copy.md"
    assert copy.controller.get("id") == expected_id != original.controller.get("id")


def test_delete_shows_the_linking_articles_then_trashes_the_file(window, monkeypatch, content):
    from ui.common.dialogs import ConfirmDeleteDialog

    shown, trashed = [], []
    monkeypatch.setattr(ConfirmDeleteDialog, "ask", classmethod(lambda cls, parent, name, linked: shown.append(linked) or True))
    monkeypatch.setattr("send2trash.send2trash", lambda path: trashed.append(path))
    tab = window.open_article(article_path(content))
    action(window, "delete").trigger()
    assert shown == [["physics/how-do-pulleys-work.md"]]
    assert trashed == [str(tab.path)]
    assert window.tabs.count() == 0


def test_a_problem_fix_is_applied_in_one_click_as_one_undo_step(window, qtbot, content):
    window.problems.refresh_project()
    qtbot.waitUntil(lambda: any(p.code == "related-stale" for p in window.problems.results["project"]), timeout=10000)
    stale = next(p for p in window.problems.results["project"] if p.code == "related-stale")
    window.problems.apply_fix(stale)
    tab = window.current_tab()
    assert tab.path == article_path(content, 1).resolve()
    assert tab.controller.get("related_article1.title") == "What is a lever?"
    assert tab.controller.is_modified
    tab.controller.undo_stack.undo()
    assert tab.controller.get("related_article1.title") == "What is a lever"


def test_a_title_set_by_a_script_without_typing_is_saved_too(window, content):
    path = article_path(content)
    tab = window.open_article(path)
    tab.findChild(QLineEdit, "field:title").setText("What is a lever, set by a script?")
    action(window, "save").trigger()
    assert b"    What is a lever, set by a script?\n" in path.read_bytes()
    assert not tab.controller.is_modified


def test_quick_open_is_keyboard_driven_from_its_shortcut_action(window, qtbot, content):
    from ui.window.quick_open import QuickOpen

    window.show()
    action(window, "quickOpen").trigger()
    popup = window.findChild(QuickOpen)
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.filter, "markets")
    qtbot.waitUntil(lambda: popup.list.count() == 1)
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    assert window.current_tab().path == article_path(content, 2).resolve()


def test_actions_are_enabled_by_their_rows_enablement_as_the_window_changes(window, content: Path, qtbot) -> None:
    from ui.window import actions as table

    gated = [spec for spec in table.ACTIONS if spec.enablement is not None]
    assert {spec.id for spec in gated} >= {"save", "revert", "close", "undo", "redo", "rename"}
    assert all(callable(spec.handler) for spec in table.ACTIONS)
    with_article = {spec.id for spec in gated if spec.enablement is table.HAS_ARTICLE}
    assert not any(action(window, name).isEnabled() for name in with_article | {"close", "undo"})
    tab = window.open_article(article_path(content))
    assert all(action(window, name).isEnabled() for name in with_article | {"close"})
    assert not action(window, "undo").isEnabled()
    type_title(qtbot, tab, " again")
    qtbot.waitUntil(lambda: action(window, "undo").isEnabled(), timeout=3000)


def test_an_action_runs_its_rows_handler_with_the_window(window, monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(window.navigation, "toggle_problems", lambda: calls.append("toggled"))
    action(window, "toggleProblems").trigger()
    assert calls == ["toggled"]


def test_a_damaged_index_is_rebuilt_and_the_window_says_so(qtbot, content: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from editor.index.project import Project

    # Built by another process, as a previous session would have, then damaged on disk.
    subprocess.run([sys.executable, "-m", "ui.app", "index", str(content)], check=True, capture_output=True, timeout=120)
    db_path = Project.open(content).db_path
    with open(db_path, "r+b") as db:  # zeros over every page after the start of the first
        size = db.seek(0, 2)
        db.seek(4096)
        db.write(b"\0" * (size - 4096))
    window = app.create_window(content, Settings.at(tmp_path / "settings.ini"))
    try:
        qtbot.waitUntil(lambda: window.index_ready, timeout=15000)
        assert not window.window_bar.isHidden()
        assert "damaged" in window.window_bar.text and window.window_bar.text[0].isupper()
        assert window.browser.model.rowCount() > 0
    finally:
        window.shutdown()
        window.deleteLater()
