"""Specification of the related panel (slots, badges, fixes, backlinks) and the picker."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from editor.article.article import Article
from editor.index.project import Project
from tests.fixtures.link_folder import Spec, write_all
from ui.tab.controller import ArticleController
from ui.tab.related_panel import RelatedPanel, RelinkDialog

RAPPORT = Spec(201, "How is rapport built with clients?", keywords="rapport, trust, listening")
FEEDBACK = Spec(202, "What makes feedback useful?", keywords="feedback, goals")
GOALS = Spec(203, "How are coaching goals set?", subject="Education Studies", keywords="goals, planning")
ENERGY = Spec(204, "What is kinetic energy?", subject="Physics", keywords="energy, motion")


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _open(qtbot, folder: Path, path: Path) -> tuple[RelatedPanel, ArticleController]:
    project = Project.open(folder)
    project.index()
    controller = ArticleController(path, project)
    panel = RelatedPanel(controller, project)
    qtbot.addWidget(panel)
    return panel, controller


@pytest.fixture(autouse=True)
def _own_index_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test indexes into its own cache, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    spec = Spec(210, "Why does trust matter in coaching?", keywords="trust, coaching, rapport",
                related=[FEEDBACK.link(), GOALS.link()])
    paths = write_all(tmp_path, [RAPPORT, FEEDBACK, GOALS, ENERGY, spec])
    return paths[210]


def test_adding_by_typing_in_the_search_and_pressing_enter_writes_only_the_new_block(qtbot, home: Path) -> None:
    panel, controller = _open(qtbot, home.parent.parent, home)
    before = home.read_bytes()
    panel.open_picker()
    picker = panel.picker
    assert picker is not None and picker.objectName() == "relatedPicker"
    qtbot.keyClicks(picker.search, "rapport")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    controller.save()
    assert _changed_lines(before, home.read_bytes()) == [
        "+related_article3:",
        f"+    id: {RAPPORT.id}",
        "+    title: >-",
        f"+        {RAPPORT.title}",
        "+    subject: Psychology",
        f"+    url: {RAPPORT.url}",
    ]
    assert panel.status(3) == "ok"


def test_a_new_link_title_follows_the_files_plain_style(qtbot, tmp_path: Path) -> None:
    spec = Spec(220, "Is trust the same as rapport?", related=[FEEDBACK.link()], plain_titles=True)
    path = write_all(tmp_path, [RAPPORT, FEEDBACK, spec])[220]
    panel, controller = _open(qtbot, tmp_path, path)
    panel.open_picker()
    qtbot.keyClicks(panel.picker.search, "rapport built")
    qtbot.keyClick(panel.picker.search, Qt.Key.Key_Return)
    assert f"    title: {RAPPORT.title}\n" in controller.article.dumps().decode()


def test_the_current_and_already_linked_articles_are_marked_and_cannot_be_added(qtbot, home: Path) -> None:
    panel, controller = _open(qtbot, home.parent.parent, home)
    panel.open_picker()
    picker = panel.picker
    picker.search.setText("feedback")
    picker.run_search()
    linked = [picker.results.item(i) for i in range(picker.results.count())
              if picker.results.item(i).data(Qt.ItemDataRole.UserRole).url == FEEDBACK.url]
    assert linked and "already linked (slot 1)" in linked[0].text()
    assert not linked[0].flags() & Qt.ItemFlag.ItemIsEnabled
    assert picker.add_candidate(linked[0].data(Qt.ItemDataRole.UserRole)) is False
    picker.search.setText("trust matter coaching")
    picker.run_search()
    own = picker.results.item(0)
    assert "[this article]" in own.text()
    assert not controller.article.has("related_article3")


def test_the_picker_says_when_all_five_slots_are_full(qtbot, tmp_path: Path) -> None:
    extra = [Spec(230 + i, f"Coaching question number {i}?") for i in range(5)]
    full = Spec(240, "Which five links are enough?", related=[s.link() for s in extra])
    path = write_all(tmp_path, [*extra, RAPPORT, full])[240]
    panel, controller = _open(qtbot, tmp_path, path)
    assert not panel.add_button.isEnabled()
    panel.open_picker()
    assert "All five related slots are full" in panel.picker.status.text()
    qtbot.keyClicks(panel.picker.search, "rapport")
    qtbot.keyClick(panel.picker.search, Qt.Key.Key_Return)
    assert not controller.article.has("related_article6")
    assert not controller.is_modified


def test_keyboard_down_enters_the_results_up_returns_and_escape_closes(qtbot, home: Path) -> None:
    panel, _controller = _open(qtbot, home.parent.parent, home)
    panel.open_picker()
    picker = panel.picker
    qtbot.waitExposed(picker)
    qtbot.keyClicks(picker.search, "rapport")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert picker.focusWidget() is picker.results and picker.results.currentRow() == 0
    # The selected candidate's page preview shows its title and its rendered answer.
    assert RAPPORT.title in picker.preview.toPlainText() and "First point." in picker.preview.toPlainText()
    qtbot.keyClick(picker.results, Qt.Key.Key_Up)
    assert picker.focusWidget() is picker.search
    qtbot.keyClick(picker.search, Qt.Key.Key_Escape)
    assert not picker.isVisible()


def test_suggestions_show_shared_keywords_as_the_reason(qtbot, home: Path) -> None:
    panel, _controller = _open(qtbot, home.parent.parent, home)
    panel.open_picker()
    qtbot.waitUntil(lambda: panel.picker.suggestions_ready, timeout=10000)
    suggested = [panel.picker.suggested.item(i).text() for i in range(panel.picker.suggested.count())]
    assert suggested and suggested[0].startswith(RAPPORT.title)
    assert "shares: rapport, trust" in suggested[0]
    assert not any(ENERGY.title in text for text in suggested)


def test_moving_a_slot_swaps_the_blocks_and_keeps_their_formatting(qtbot, home: Path) -> None:
    panel, controller = _open(qtbot, home.parent.parent, home)
    before = home.read_bytes()
    qtbot.mouseClick(panel.rows[1].buttons["Up"], Qt.MouseButton.LeftButton)
    controller.save()
    moved = Article.load(home)
    assert moved.get("related_article1") == GOALS.link()
    assert moved.get("related_article2") == FEEDBACK.link()
    assert moved.keys()[-2:] == ["related_article1", "related_article2"]
    assert len(home.read_bytes().splitlines()) == len(before.splitlines())
    assert "    title: >-\n        " + GOALS.title in home.read_text()


def test_removing_a_slot_closes_the_gap_and_undo_restores_the_bytes(qtbot, tmp_path: Path) -> None:
    spec = Spec(250, "What keeps a session on track?", related=[FEEDBACK.link(), GOALS.link(), RAPPORT.link()])
    path = write_all(tmp_path, [RAPPORT, FEEDBACK, GOALS, spec])[250]
    panel, controller = _open(qtbot, tmp_path, path)
    before = path.read_bytes()
    qtbot.mouseClick(panel.rows[0].buttons["Remove"], Qt.MouseButton.LeftButton)
    article = controller.article
    assert [k for k in article.keys() if k.startswith("related")] == ["related_article1", "related_article2"]
    assert article.get("related_article1") == GOALS.link()
    assert article.get("related_article2") == RAPPORT.link()
    assert not panel.rows[2].isVisible() and panel.rows[0].title.text().startswith(GOALS.title)
    # The removed block goes; the later blocks keep every line but their renumbered key.
    block = "".join(f"{line}\n" for line in (
        "related_article1:", f"    id: {FEEDBACK.id}", "    title: >-", f"        {FEEDBACK.title}",
        "    subject: Psychology", f"    url: {FEEDBACK.url}",
    ))
    expected = before.decode().replace(block, "").replace("related_article2:", "related_article1:")
    expected = expected.replace("related_article3:", "related_article2:")
    assert article.dumps().decode() == expected
    controller.undo_stack.undo()
    assert controller.article.dumps() == before


def test_stale_and_broken_badges_appear_with_their_fixes(qtbot, tmp_path: Path) -> None:
    gone = Spec(260, "What happened to this page?")
    spec = Spec(261, "Which links need care?", related=[FEEDBACK.link(title="Old feedback title"), gone.link(), GOALS.link()])
    path = write_all(tmp_path, [FEEDBACK, GOALS, spec])[261]
    panel, _controller = _open(qtbot, tmp_path, path)
    assert [panel.rows[i].badge.text() for i in range(3)] == ["stale", "broken", "ok"]
    assert panel.rows[0].fix.text() == "Update from target" and panel.rows[0].fix.isVisibleTo(panel)
    assert panel.rows[1].fix.text() == "Find replacement"
    assert not panel.rows[2].fix.isVisibleTo(panel)
    assert not panel.rows[1].buttons["Open"].isEnabled()


def test_update_from_target_fixes_this_link_undoably(qtbot, tmp_path: Path) -> None:
    spec = Spec(270, "What is a stale link?", related=[FEEDBACK.link(title="Old feedback title", subject="Physics")])
    path = write_all(tmp_path, [FEEDBACK, spec])[270]
    panel, controller = _open(qtbot, tmp_path, path)
    panel.update_stale(1, "link")
    assert controller.article.get("related_article1") == FEEDBACK.link()
    assert panel.status(1) == "ok"
    controller.undo_stack.undo()
    assert panel.status(1) == "stale"


def test_update_across_the_project_lists_the_files_asks_once_and_summarises(qtbot, tmp_path: Path, monkeypatch) -> None:
    here = Spec(280, "Where is the stale link?", related=[FEEDBACK.link(title="Old one")])
    there = Spec(281, "Is another file stale too?", related=[FEEDBACK.link(title="Older one"), GOALS.link()])
    paths = write_all(tmp_path, [FEEDBACK, GOALS, here, there])
    panel, controller = _open(qtbot, tmp_path, paths[280])
    asked: list[list[str]] = []
    monkeypatch.setattr(RelinkDialog, "ask", classmethod(lambda cls, parent, title, lines, count: asked.append(lines) or True))
    before = paths[281].read_bytes()
    summary = panel.update_stale(1, "project")
    assert len(asked) == 1 and any("is-another-file-stale-too.md" in line for line in asked[0])
    assert _changed_lines(before, paths[281].read_bytes()) == ["-        Older one", f"+        {FEEDBACK.title}"]
    assert controller.article.get("related_article1.title") == FEEDBACK.title  # open article: in the editor
    assert summary is not None and summary.edits == 2
    assert panel.message.text() == "Changed 2 field(s) in 2 files."  # the open article counts as one


def test_declining_the_project_wide_update_changes_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    here = Spec(285, "Should this be fixed later?", related=[FEEDBACK.link(title="Old one")])
    there = Spec(286, "Does this also wait?", related=[FEEDBACK.link(title="Older one")])
    paths = write_all(tmp_path, [FEEDBACK, here, there])
    panel, controller = _open(qtbot, tmp_path, paths[285])
    monkeypatch.setattr(RelinkDialog, "ask", classmethod(lambda cls, *args: False))
    before = paths[286].read_bytes()
    assert panel.update_stale(1, "project") is None
    assert paths[286].read_bytes() == before and not controller.is_modified


def test_find_replacement_searches_the_old_title_and_suggests_the_matching_article_first(qtbot, tmp_path: Path) -> None:
    moved = Spec(FEEDBACK.id, "What makes feedback useful?", subject="Education Studies")  # same id, new url
    old_link = FEEDBACK.link()  # points at the Psychology url, which no longer exists
    spec = Spec(291, "Where did the feedback article go?", related=[old_link, GOALS.link()])
    path = write_all(tmp_path, [moved, GOALS, spec])[291]
    panel, controller = _open(qtbot, tmp_path, path)
    assert panel.status(1) == "broken"
    panel.find_replacement(1)
    picker = panel.picker
    assert picker.search.text() == FEEDBACK.title
    qtbot.waitUntil(lambda: picker.suggestions_ready, timeout=10000)
    first = picker.suggested.item(0)
    assert first.data(Qt.ItemDataRole.UserRole).url == moved.url and "same id" in first.text()
    picker.suggested.setFocus()
    picker.suggested.setCurrentRow(0)
    qtbot.keyClick(picker.suggested, Qt.Key.Key_Return)
    assert controller.article.get("related_article1") == moved.link()
    assert panel.status(1) == "ok" and not picker.isVisible()


def test_linked_from_lists_backlinks_that_open_on_activation(qtbot, tmp_path: Path) -> None:
    target = Spec(295, "Who links to me?")
    fans = [Spec(296, "First fan page?", related=[target.link()]), Spec(297, "Second fan page?", related=[target.link()])]
    paths = write_all(tmp_path, [target, *fans])
    panel, _controller = _open(qtbot, tmp_path, paths[295])
    titles = sorted(panel.backlinks.item(i).text() for i in range(panel.backlinks.count()))
    assert titles == ["First fan page?", "Second fan page?"]
    with qtbot.waitSignal(panel.openRequested) as opened:
        panel.backlinks.itemActivated.emit(panel.backlinks.item(0))
    assert Path(opened.args[0]) in (paths[296], paths[297])


def test_open_target_requests_the_linked_file(qtbot, home: Path) -> None:
    panel, _controller = _open(qtbot, home.parent.parent, home)
    with qtbot.waitSignal(panel.openRequested) as opened:
        qtbot.mouseClick(panel.rows[0].buttons["Open"], Qt.MouseButton.LeftButton)
    assert Path(opened.args[0]).name == f"{FEEDBACK.stem}.md"


def test_renaming_through_the_panel_helper_previews_once_and_repoints_backlinks(qtbot, home: Path, monkeypatch) -> None:
    from ui.tab.related_panel import rename_with_backlinks

    folder = home.parent.parent
    project = Project.open(folder)
    project.index()
    asked: list[list[str]] = []
    monkeypatch.setattr(RelinkDialog, "ask", classmethod(lambda cls, parent, title, lines, count: asked.append(lines) or True))
    old = folder / "psychology" / f"{FEEDBACK.stem}.md"
    new_path, summary = rename_with_backlinks(None, project, old, new_stem="what-makes-feedback-work")
    assert len(asked) == 1 and any(home.name in line for line in asked[0])
    assert new_path == folder / "psychology" / "what-makes-feedback-work.md" and new_path.exists() and not old.exists()
    assert Article.load(home).get("related_article1.url") == "/learn/psychology/questions/what-makes-feedback-work"
    assert not summary.failures


def test_without_a_project_the_panel_shows_links_with_unknown_status(qtbot, home: Path) -> None:
    controller = ArticleController(home)
    panel = RelatedPanel(controller)
    qtbot.addWidget(panel)
    assert panel.rows[0].title.text().startswith(FEEDBACK.title)
    assert panel.rows[0].badge.text() == "unknown" and panel.backlinks.count() == 0


def test_the_picker_closes_after_a_pick_so_the_window_can_save(qtbot, home: Path) -> None:
    panel, controller = _open(qtbot, home.parent.parent, home)
    panel.open_picker()
    picker = panel.picker
    with qtbot.waitSignal(picker.linkAdded) as added:
        qtbot.keyClicks(picker.search, "rapport")
        qtbot.keyClick(picker.search, Qt.Key.Key_Enter)
    assert added.args == [3] and not picker.isVisible()
    assert controller.is_modified and panel.status(3) == "ok"


def test_in_the_window_add_related_then_save_writes_the_target_block(qtbot, home: Path, tmp_path: Path, monkeypatch) -> None:
    """The whole path a writer takes: action:addRelated, type in relatedSearch, Enter, Save."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLineEdit

    from ui import app
    from ui.common.settings import Settings

    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    window = app.create_window(home.parent.parent, Settings.at(tmp_path / "settings.ini"))
    try:
        qtbot.waitUntil(lambda: window.index_ready, timeout=15000)
        before = home.read_bytes()
        tab = window.open_article(home)
        window.findChild(QAction, "action:addRelated").trigger()
        search = window.findChild(QLineEdit, "relatedSearch")
        assert search is not None
        qtbot.keyClicks(search, "rapport")
        qtbot.keyClick(search, Qt.Key.Key_Return)
        window.findChild(QAction, "action:save").trigger()
        assert not tab.controller.is_modified
    finally:
        window.shutdown()  # stops background work and frees the folder
        window.hide()
        window.deleteLater()
    saved = Article.load(home)
    assert saved.get("related_article3") == RAPPORT.link()
    assert len(_changed_lines(before, home.read_bytes())) == 6


def test_choosing_a_subject_lists_its_articles_and_double_click_adds_one(qtbot, home: Path) -> None:
    panel, controller = _open(qtbot, home.parent.parent, home)
    panel.open_picker()
    picker = panel.picker
    root = picker.subjects.topLevelItem(0)
    physics = next(root.child(i) for i in range(root.childCount()) if root.child(i).text(0) == "Physics")
    picker.subjects.setCurrentItem(physics)
    urls = [picker.results.item(i).data(Qt.ItemDataRole.UserRole).url for i in range(picker.results.count())]
    assert urls == [ENERGY.url]
    picker.results.itemDoubleClicked.emit(picker.results.item(0))
    assert controller.article.get("related_article3") == ENERGY.link()


def test_update_from_target_for_this_article_fixes_every_stale_slot_and_nothing_else(qtbot, tmp_path: Path) -> None:
    spec = Spec(275, "Are both links stale?", related=[FEEDBACK.link(title="Old A"), GOALS.link(), RAPPORT.link(subject="Physics")])
    path = write_all(tmp_path, [FEEDBACK, GOALS, RAPPORT, spec])[275]
    panel, controller = _open(qtbot, tmp_path, path)
    before = path.read_bytes()
    panel.update_stale(1, "article")
    assert [panel.status(n) for n in (1, 2, 3)] == ["ok", "ok", "ok"]
    assert _changed_lines(before, controller.article.dumps()) == [
        "-        Old A", f"+        {FEEDBACK.title}", "-    subject: Physics", "+    subject: Psychology",
    ]
    controller.undo_stack.undo()  # one undo step for the whole article
    assert controller.article.dumps() == before


def test_suggestions_are_ranked_in_the_background_then_listed(qtbot, home: Path) -> None:
    panel, _controller = _open(qtbot, home.parent.parent, home)
    panel.open_picker()
    picker = panel.picker
    assert not picker.suggestions_ready and "Finding similar" in picker.suggested.item(0).text()
    qtbot.waitUntil(lambda: picker.suggestions_ready, timeout=10000)
    assert picker.suggested.item(0).text().startswith(RAPPORT.title)
