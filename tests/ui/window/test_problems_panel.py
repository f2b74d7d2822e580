"""The Problems panel through the real window: it follows edits, fixes, saves and closes, offers
the pitfall fixes, and stays readable (titles, elision, filters with counts, its size)."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QToolButton

from editor.checks.problem import problem
from tests.perf.synth import article_model, link_to, write_article
from ui import app
from ui.common.dialogs import SaveChangesDialog
from ui.common.settings import Settings
from ui.window.problems_model import CHUNK, FIELD, FILE, FIX, FIX_ROLE, ProblemsFilter, ProblemsModel

LEVER = article_model("physics/what-is-a-lever.md", "What is a lever?", id=101,
                      answer="A lever turns a small force into a large one.\\n\\nIn symbols, $F_1 \\neq F_2$ in general.")
PULLEYS = article_model("physics/how-do-pulleys-work.md", "How do pulleys work?", id=102, links=[link_to(LEVER)])
MARKETS = article_model("economics/why-do-markets-clear.md", "Why do markets clear?", id=103,
                        links=[link_to(LEVER), {**link_to(PULLEYS), "title": "How do pulleys work"}],
                        answer="Two apples cost $1.50 each = $3.00 in all.")
SHORT = article_model("economics/what-is-a-price.md", "What is a price?", id=104,
                      seo={"title": "QuickTakes | Economics", "page_description": "Too short.", "page_keywords": "price"})


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for model in (LEVER, PULLEYS, MARKETS, SHORT):
        write_article(root, model)
    return root


def _window(qtbot, content: Path, settings: Path):
    win = app.create_window(content, Settings.at(settings))
    qtbot.waitUntil(lambda: win.index_ready and win.problems.checks.project_checked, timeout=15000)
    return win


@pytest.fixture
def window(qtbot, content: Path, tmp_path: Path):
    win = _window(qtbot, content, tmp_path / "settings.ini")
    yield win
    win.shutdown()
    win.hide()
    win.deleteLater()


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, f"action:{name}")
    assert found is not None, name
    return found


def codes(problems, path: str | None = None) -> list[str]:
    return sorted(p.code for p in problems if path is None or p.path == path)


def project(window) -> list:
    return window.problems.results["project"]


def article(window) -> list:
    return window.problems.results["article"]


def type_title(qtbot, tab, text: str) -> None:
    field = tab.findChild(QLineEdit, "field:title")
    field.selectAll()
    qtbot.keyClicks(field, text)


def click_fix(qtbot, panel, row_problem) -> None:
    """Click the Fix button of the row that shows ``row_problem`` (painted by the delegate)."""
    view = panel.tree
    qtbot.waitUntil(lambda: panel.model.filled)
    row = next(r for r in range(panel.filter.rowCount()) if panel._problem_at(panel.filter.index(r, 0)) == row_problem)
    view.scrollTo(panel.filter.index(row, FIX))
    rect = view.visualRect(panel.filter.index(row, FIX))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# -- item 5: the panel follows every change ------------------------------------------------------

def test_fixing_neq_with_the_editors_fix_button_and_saving_clears_the_warning(window, qtbot):
    assert "latex-newline" in codes(project(window), LEVER["path"])
    tab = window.open_article(LEVER["path"])
    qtbot.waitUntil(lambda: "latex-newline" in codes(article(window)), timeout=5000)
    tab.findChild(QAction, "action:answer.fixPitfalls").trigger()
    action(window, "save").trigger()
    qtbot.waitUntil(lambda: "latex-newline" not in codes(article(window)), timeout=5000)
    qtbot.waitUntil(lambda: "latex-newline" not in codes(project(window)), timeout=5000)
    assert "≠" in (Path(window.project.folder) / LEVER["path"]).read_text(encoding="utf-8")


def test_two_fixes_applied_from_the_panel_then_save_all_leave_neither_row_and_lower_the_count(window, qtbot):
    panel = window.problems
    panel.set_scope("project")
    window.show()
    before = len(project(window))
    stale = next(p for p in project(window) if p.code == "related-stale")
    short_dollars = next(p for p in project(window) if p.code == "dollar-math")
    click_fix(qtbot, panel, stale)
    click_fix(qtbot, panel, short_dollars)
    action(window, "saveAll").trigger()
    qtbot.waitUntil(lambda: stale not in project(window) and short_dollars not in project(window), timeout=5000)
    qtbot.waitUntil(lambda: panel.model.filled and stale not in panel.shown_problems())
    assert len(project(window)) == before - 2
    assert f"({before - 2:,})" in window.findChild(QToolButton, "problemsScope:project").text()
    assert not any(t.controller.is_modified for t in window.tab_widgets())


def test_a_new_title_shows_the_stale_copies_in_the_linking_files_at_once_without_f8(window, qtbot, monkeypatch):
    full_checks = []
    monkeypatch.setattr(window.problems.checks, "check_project", lambda: full_checks.append(1))
    assert codes(project(window), PULLEYS["path"]) == []
    tab = window.open_article(LEVER["path"])
    type_title(qtbot, tab, "What is a simple lever?")
    qtbot.waitUntil(lambda: "related-stale" in codes(project(window), PULLEYS["path"]), timeout=5000)
    assert "related-stale" in codes(project(window), MARKETS["path"])
    stale = next(p for p in project(window) if p.path == PULLEYS["path"])
    assert stale.fix["edits"] == [{"field": "related_article1.title", "value": "What is a simple lever?"}]
    action(window, "save").trigger()
    qtbot.wait(200)
    assert "related-stale" in codes(project(window), PULLEYS["path"]) and full_checks == []


def test_closing_an_edited_article_unsaved_gives_its_file_and_its_linkers_problems_back(window, qtbot):
    tab = window.open_article(LEVER["path"])
    type_title(qtbot, tab, "What is a simple lever?")
    qtbot.waitUntil(lambda: "related-stale" in codes(project(window), PULLEYS["path"]), timeout=5000)
    window.close_tab(tab)  # the prompt answers "discard"
    qtbot.waitUntil(lambda: "related-stale" not in codes(project(window), PULLEYS["path"]), timeout=5000)
    assert "latex-newline" in codes(project(window), LEVER["path"])


def test_a_reload_from_disk_is_followed_too(window, qtbot):
    tab = window.open_article(SHORT["path"])
    qtbot.waitUntil(lambda: "seo-description-length" in codes(article(window)), timeout=5000)
    path = Path(window.project.folder) / SHORT["path"]
    path.write_text(path.read_text().replace("Too short.", "A price is what a buyer gives a seller for a good, "
                                             "agreed in a market."), encoding="utf-8")
    tab.controller.reload()
    qtbot.waitUntil(lambda: "seo-description-length" not in codes(article(window)), timeout=5000)


def test_a_pitfall_fix_from_the_panel_is_one_step_of_the_articles_undo(window, qtbot):
    tab = window.open_article(LEVER["path"])
    qtbot.waitUntil(lambda: "latex-newline" in codes(article(window)), timeout=5000)
    (pitfall,) = [p for p in article(window) if p.code == "latex-newline"]
    assert pitfall.fix["title"] == "Write ≠"
    tab.answer_pane.editor.moveCursor(tab.answer_pane.editor.textCursor().MoveOperation.Start)
    qtbot.keyClicks(tab.answer_pane.editor, "Note: ")  # typed after the check: the fix must keep it
    assert window.problems.apply_fix(pitfall)
    text = tab.answer_pane.editor.toPlainText()
    assert text.startswith("Note: A lever") and "$F_1 ≠ F_2$" in text
    qtbot.waitUntil(lambda: "latex-newline" not in codes(article(window)), timeout=5000)
    tab.controller.undo_stack.undo()  # one history per article: the fix is its newest step
    assert "≠" not in tab.answer_pane.editor.toPlainText()
    assert tab.answer_pane.editor.toPlainText().startswith("Note: A lever")


# -- item 6: readable -------------------------------------------------------------------------------

def test_the_fix_column_is_painted_once_by_its_delegate_and_its_click_applies_the_fix(window, qtbot):
    panel = window.problems
    panel.set_scope("project")
    window.show()
    qtbot.waitUntil(lambda: panel.model.filled)
    rows = [panel.filter.index(r, FIX) for r in range(panel.filter.rowCount())]
    with_fix = [index for index in rows if index.data(FIX_ROLE)]
    assert with_fix, "the fixture has fixable problems"
    for index in rows:
        # One painter for the Fix text: the delegate. No widget over the cell, no cell text under it.
        assert panel.tree.indexWidget(index) is None
        assert index.data(Qt.ItemDataRole.DisplayRole) is None
    stale = next(p for p in project(window) if p.code == "related-stale")
    click_fix(qtbot, panel, stale)
    tab = window.current_tab()
    assert tab.path.name == Path(stale.path).name and tab.controller.is_modified


def test_files_are_named_by_title_with_the_path_in_the_tooltip_and_long_names_elide_in_the_middle(window, qtbot):
    panel = window.problems
    panel.set_scope("project")
    qtbot.waitUntil(lambda: panel.model.filled)
    index = next(panel.filter.index(r, FILE) for r in range(panel.filter.rowCount())
                 if panel._problem_at(panel.filter.index(r, 0)).path == MARKETS["path"])
    assert index.data() == "Why do markets clear?"
    assert MARKETS["path"] in index.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.tree.textElideMode() == Qt.TextElideMode.ElideMiddle
    assert not panel.tree.isColumnHidden(FILE)
    panel.set_scope("article")
    assert panel.tree.isColumnHidden(FILE)  # one file: the tab names it


def test_file_and_field_keep_readable_widths_at_1280x720(window, qtbot):
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    panel = window.problems
    panel.set_scope("project")
    header = panel.tree.horizontalHeader()
    assert header.sectionSize(FILE) >= 200 and header.sectionSize(FIELD) >= 130
    assert panel.tree.viewport().width() <= 1280


def test_severity_and_code_filters_show_counts_and_are_remembered(window, qtbot, tmp_path, content):
    panel = window.problems
    panel.set_scope("project")
    qtbot.waitUntil(lambda: panel.model.filled)
    everything = project(window)
    errors = sum(1 for p in everything if p.severity == "error")
    warnings = sum(1 for p in everything if p.severity == "warning")
    assert panel.severity_buttons["warning"].text() == f"Warnings {warnings}"
    assert panel.severity_buttons["error"].text() == f"Errors {errors}"
    panel.severity_buttons["warning"].setChecked(False)
    qtbot.waitUntil(lambda: panel.model.filled)
    assert {p.severity for p in panel.shown_problems()} <= {"error"}
    assert panel.filter.rowCount() == errors
    panel.severity_buttons["warning"].setChecked(True)

    panel._fill_codes_menu()
    entries = {a.objectName(): a.text() for a in panel.codes_menu.actions() if a.objectName()}
    assert entries["problemsCode:related-stale"].endswith(
        f"({sum(1 for p in everything if p.code == 'related-stale')})")
    next(a for a in panel.codes_menu.actions() if a.objectName() == "problemsCode:latex-newline").setChecked(False)
    qtbot.waitUntil(lambda: panel.model.filled)
    assert "latex-newline" not in codes(panel.shown_problems()) and "latex-newline" in codes(everything)
    panel.set_hidden_codes(["related-"])  # a prefix, as check --ignore takes it
    qtbot.waitUntil(lambda: panel.model.filled)
    assert not any(p.code.startswith("related-") for p in panel.shown_problems())
    assert panel.codes_button.text().startswith("Codes: ")
    assert "Showing" in panel.summary.text()

    window.close()
    again = _window(qtbot, content, tmp_path / "settings.ini")
    try:
        assert again.problems.scope == "project"
        assert again.problems.filter.ignore == ("related-",)
    finally:
        again.shutdown()
        again.deleteLater()


def test_the_panel_opens_at_a_quarter_of_the_window_and_remembers_its_height(qtbot, content, tmp_path):
    first = _window(qtbot, content, tmp_path / "layout.ini")
    first.resize(1280, 720)
    first.show()
    qtbot.waitExposed(first)
    panel = first.problems
    rows = panel.tree.viewport().height() // panel.tree.verticalHeader().defaultSectionSize()
    assert rows >= 5
    first.resizeDocks([first.problems_dock], [320], Qt.Orientation.Vertical)
    qtbot.waitUntil(lambda: abs(first.problems_dock.height() - 320) < 12)
    first.close()
    second = _window(qtbot, content, tmp_path / "layout.ini")
    try:
        second.show()
        qtbot.waitExposed(second)
        qtbot.waitUntil(lambda: abs(second.problems_dock.height() - 320) < 12)
    finally:
        second.shutdown()
        second.deleteLater()


def test_a_long_list_is_added_in_chunks_and_a_file_is_replaced_while_it_fills(qtbot):
    model, proxy = ProblemsModel(), ProblemsFilter()
    proxy.setSourceModel(model)
    many = [problem(f"folder/file{n:05d}.md", 3, "title", "title-length", f"long {n}") for n in range(CHUNK * 3)]
    model.set_problems(many)
    assert 0 < proxy.rowCount() <= CHUNK
    model.replace_file("folder/file00001.md", [])  # inside the rows shown
    model.replace_file(f"folder/file{CHUNK * 3 - 1:05d}.md", [problem(f"folder/file{CHUNK * 3 - 1:05d}.md", 9, "url",
                                                                      "url-mismatch", "moved")])  # not shown yet
    qtbot.waitUntil(lambda: model.filled)
    assert proxy.rowCount() == CHUNK * 3 - 1
    assert model.problem(model.index(model.rowCount() - 1, 0)).code == "url-mismatch"
    proxy.set_codes(ignore=["*-length"])
    qtbot.waitUntil(lambda: model.filled)
    assert proxy.rowCount() == 1
    assert proxy.index(0, 0).data() == "moved" and isinstance(proxy.index(0, 0), QModelIndex)
