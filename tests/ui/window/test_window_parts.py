"""The window's small parts on their own: background ops, settings, the message bar, fuzzy
matching, the browser's tree model and the action table."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMainWindow

from ui.window import actions
from ui.common.background import BackgroundOp
from ui.common.message_bar import MessageBar
from ui.common.picker import fuzzy_score, ranked
from ui.window.article_tree import ArticleTreeModel, Entry
from ui.common.settings import Settings


def test_background_results_arrive_on_the_gui_thread(qtbot):
    seen = []
    BackgroundOp(lambda: threading.current_thread() is threading.main_thread()).success(
        lambda on_main: seen.append((on_main, threading.current_thread() is threading.main_thread()))
    ).run()
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert seen == [(False, True)]


def test_a_newer_op_with_the_same_key_makes_the_older_result_stale(qtbot):
    gate = threading.Event()
    results = []
    BackgroundOp(lambda: gate.wait(2) and "old").success(results.append).run(key="preview-test")
    newer = BackgroundOp(lambda: "new").success(results.append).run(key="preview-test")
    qtbot.waitUntil(lambda: newer.done, timeout=3000)
    gate.set()
    QThreadPool.globalInstance().waitForDone(3000)
    qtbot.wait(50)
    assert results == ["new"]


def test_failures_go_to_the_failure_callback_and_progress_is_reported(qtbot):
    errors, steps = [], []

    def work(progress, cancel):
        progress(1, 2)
        progress(2, 2)
        raise ValueError("bad folder")

    BackgroundOp(work).with_progress(lambda done, total: steps.append((done, total))).failure(errors.append).run()
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert str(errors[0]) == "bad folder"
    assert (2, 2) in steps


def test_settings_keep_preferences_apart_from_window_state(tmp_path: Path, qtbot):
    settings = Settings.at(tmp_path / "s.ini")
    settings.set_preference("spellCheck", False)
    window = QMainWindow()
    qtbot.addWidget(window)
    settings.save_window(window)
    again = Settings.at(tmp_path / "s.ini")
    assert again.preference("spellCheck", True) is False
    keys = again.qsettings.allKeys()
    assert "preferences/spellCheck" in keys and "window/geometry" in keys


def test_recent_projects_are_most_recent_first_without_duplicates(tmp_path: Path):
    settings = Settings.at(tmp_path / "s.ini")
    for name in ("a", "b", "a"):
        (tmp_path / name).mkdir(exist_ok=True)
        settings.add_recent_project(tmp_path / name)
    assert settings.recent_projects() == [str((tmp_path / "a").resolve()), str((tmp_path / "b").resolve())]
    assert settings.last_project() == str((tmp_path / "a").resolve())


def test_message_bar_shows_text_and_runs_its_actions(qtbot):
    bar = MessageBar()
    qtbot.addWidget(bar)
    clicked = []
    bar.error("a.md, line 3: bad indent.", [("Reload", lambda: clicked.append("reload"))])
    assert not bar.isHidden()
    assert bar.level == "error" and bar.text == "a.md, line 3: bad indent."
    bar.button("Reload").click()
    assert clicked == ["reload"]
    bar.dismiss()
    assert bar.isHidden() and bar.level == ""


def test_fuzzy_score_prefers_substrings_and_word_starts_and_rejects_non_matches():
    assert fuzzy_score("lever", "What is a lever?") > fuzzy_score("lvr", "What is a lever?")
    assert fuzzy_score("lvr", "What is a lever?") is not None
    assert fuzzy_score("xyz", "What is a lever?") is None
    assert fuzzy_score("what lever", "What is a lever?") is not None
    assert ranked("pul", ["How do pulleys work?", "What is a lever?"], str, 5) == ["How do pulleys work?"]


def test_tree_model_groups_entries_by_folder_and_finds_a_path(qtbot):
    model = ArticleTreeModel()
    entries = [Entry(Path(f"/c/{f}/{n}.md"), n.title(), f"/learn/{f}/questions/{n}", f)
               for f, n in (("physics", "lever"), ("physics", "pulley"), ("economics", "markets"))]
    model.set_entries(entries)
    assert model.rowCount() == 2
    physics = model.index(1, 0)
    assert model.rowCount(physics) == 2 and "physics  (2)" == model.data(physics)
    found = model.index_of(Path("/c/physics/pulley.md"))
    assert model.entry(found).title == "Pulley"
    assert model.parent(found) == physics


def test_every_action_row_names_a_unique_id_and_a_known_menu():
    ids = [spec.id for spec in actions.ACTIONS]
    assert len(ids) == len(set(ids))
    assert {spec.menu for spec in actions.ACTIONS} <= set(actions.MENU_ORDER)


def test_project_entries_list_titles_by_folder_and_broken_files_by_name(tmp_path):
    from tests.perf.synth import article_model, write_article

    from editor.index.project import Project
    from ui.window.article_tree import project_entries

    root = tmp_path / "content"
    write_article(root, article_model("physics/what-is-a-lever.md", "What is a lever?", id=1))
    write_article(root, article_model("economics/why-do-markets-clear.md", "Why do markets clear?", id=2))
    (root / "economics" / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    (root / "top.md").write_text("---\ntitle: >-\n    A   spaced\n    title\n---\n")
    project = Project.open(root, cache=tmp_path / "cache")
    project.index(workers=1)
    entries = project_entries(project)
    assert [(e.folder, e.title, e.path) for e in entries] == [
        ("", "A spaced title", root / "top.md"),
        ("economics", "broken.md", root / "economics" / "broken.md"),  # no title: its file name
        ("economics", "Why do markets clear?", root / "economics" / "why-do-markets-clear.md"),
        ("physics", "What is a lever?", root / "physics" / "what-is-a-lever.md"),
    ]
    assert entries[3].url == "/learn/physics/questions/what-is-a-lever"


def test_cyclic_garbage_is_collected_on_the_gui_thread_only_once_work_runs_in_the_background(qtbot):
    """A collection on a worker thread can destroy Qt objects there and deadlock PySide."""
    import gc
    import threading

    from PySide6.QtCore import QCoreApplication

    from ui.common.background import BackgroundOp
    from ui.common.garbage_collector import GarbageCollector

    threads: list[threading.Thread] = []

    def note(phase, _info) -> None:
        if phase == "start":
            threads.append(threading.current_thread())

    def churn() -> bool:  # enough cycles, made on a worker thread, to cross every threshold
        for _ in range(60000):
            cycle: list = []
            cycle.append(cycle)
        return True

    done: list = []
    gc.callbacks.append(note)
    try:
        BackgroundOp(churn).success(done.append).run()
        BackgroundOp(lambda: None).run()
        assert len(QCoreApplication.instance().findChildren(GarbageCollector)) == 1  # one per application
        assert not gc.isenabled()
        qtbot.waitUntil(lambda: bool(done), timeout=10000)
        qtbot.waitUntil(lambda: bool(threads), timeout=5000)  # the timer collects what the worker left
    finally:
        gc.callbacks.remove(note)
    assert all(thread is threading.main_thread() for thread in threads)


def test_survivors_of_two_collections_are_frozen_and_a_sweep_frees_old_cycles(qtbot):
    """At 35k articles, collections that looked at every object held the GUI thread 90-400 ms:
    long-lived objects are frozen, so collections look only at new ones; a sweep still frees
    cycles among old ones."""
    import gc
    import weakref

    from ui.common.garbage_collector import FAST_MS, SLOW_MS, GarbageCollector

    class Node:
        pass

    collector = GarbageCollector(None)
    collector.timer.stop()
    try:
        old = Node()
        old.self = old  # a cycle, alive through the next collections
        gone = weakref.ref(old)
        kept = []  # objects that stay alive count towards a collection; dropped ones do not
        for _ in range(gc.get_threshold()[1] + 2):  # enough young collections for a middle one
            kept.append([Node() for _ in range(gc.get_threshold()[0] + 1)])
            collector.check()
        assert gc.get_freeze_count() > 0
        del old
        kept.append([Node() for _ in range(gc.get_threshold()[0] + 1)])
        collector.check()
        assert gone() is not None  # frozen: ordinary collections leave it alone
        assert collector.timer.interval() == FAST_MS  # garbage came in: the next look is soon
        collector.check()
        assert collector.timer.interval() == 2 * FAST_MS <= SLOW_MS  # none since: it slows down
        collector.sweep()
        assert gone() is None
    finally:
        collector.deleteLater()
        gc.unfreeze()
