"""The article controller: undoable field edits, the modified state, saving and reloading."""
from __future__ import annotations

from pathlib import Path

import pytest
from tests.ui.window_fixtures import article_path, write_project

from editor.article.article import ConflictError
from ui.tab.controller import ArticleController


@pytest.fixture
def controller(qtbot, tmp_path: Path) -> ArticleController:
    write_project(tmp_path)
    return ArticleController(article_path(tmp_path))


def test_set_changes_the_value_and_emits_changed_with_the_key(controller, qtbot):
    with qtbot.waitSignal(controller.changed) as signal:
        controller.set("seo.title", "QuickTakes | Mechanics")
    assert signal.args == ["seo.title"]
    assert controller.get("seo.title") == "QuickTakes | Mechanics"


def test_undo_restores_the_previous_value_and_redo_reapplies_it(controller):
    controller.set("title", "What is a first-class lever?")
    controller.undo_stack.undo()
    assert controller.get("title") == "What is a lever?"
    controller.undo_stack.redo()
    assert controller.get("title") == "What is a first-class lever?"


def test_consecutive_edits_of_one_field_merge_into_one_undo_step(controller):
    for text in ("W", "Wh", "Why levers?"):
        controller.set("title", text)
    controller.set("author", "Someone")
    assert controller.undo_stack.count() == 2
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert controller.get("title") == "What is a lever?"
    assert controller.get("author") == "QuickTakes"


def test_setting_the_current_value_pushes_nothing(controller):
    controller.set("author", "QuickTakes")
    assert controller.undo_stack.count() == 0
    assert not controller.is_modified


def test_modified_follows_the_text_including_undo_back_to_the_saved_state(controller, qtbot):
    with qtbot.waitSignal(controller.modifiedChanged) as signal:
        controller.set("author", "Someone")
    assert signal.args == [True] and controller.is_modified
    with qtbot.waitSignal(controller.modifiedChanged) as signal:
        controller.undo_stack.undo()
    assert signal.args == [False] and not controller.is_modified


def test_undoing_a_new_key_removes_it_again(controller):
    controller.set("draft", True)
    assert controller.get("draft") is True
    controller.undo_stack.undo()
    assert not controller.article.has("draft")


def test_delete_is_undoable(controller):
    controller.delete("score")
    assert not controller.article.has("score")
    controller.undo_stack.undo()
    assert controller.get("score") == -1.0


def test_macro_groups_edits_into_one_undo_step(controller):
    with controller.macro("Fix related"):
        controller.set("author", "A")
        controller.set("seo.title", "B")
    controller.undo_stack.undo()
    assert (controller.get("author"), controller.get("seo.title")) == ("QuickTakes", "QuickTakes | Physics")


def test_set_answer_writes_backslash_n_pairs_and_is_not_on_the_undo_stack(controller, tmp_path):
    controller.set_answer("Line one.\n\nLine two.")
    assert controller.article.get("answer") == "Line one.\\n\\nLine two."
    assert controller.undo_stack.count() == 0
    assert controller.is_modified


def test_save_flushes_pending_edits_first_then_writes_and_clears_modified(controller, qtbot):
    controller.aboutToSave.connect(lambda: controller.set("author", "Flushed"))
    controller.set("title", "What is a lever arm?")
    with qtbot.waitSignal(controller.saved):
        controller.save()
    text = controller.path.read_text(encoding="utf-8")
    assert "    What is a lever arm?\n" in text and "author: Flushed\n" in text
    assert not controller.is_modified
    assert controller.undo_stack.isClean()


def test_save_raises_conflict_when_the_file_changed_on_disk(controller):
    controller.set("author", "Me")
    controller.path.write_bytes(controller.path.read_bytes().replace(b"alpha", b"omega"))
    with pytest.raises(ConflictError):
        controller.save()
    controller.save(force=True)
    assert b"author: Me" in controller.path.read_bytes()


def test_reload_drops_edits_and_the_undo_history(controller, qtbot):
    controller.set("author", "Someone")
    with qtbot.waitSignal(controller.changed) as signal:
        controller.reload()
    assert signal.args == [""]
    assert controller.get("author") == "QuickTakes"
    assert controller.undo_stack.count() == 0 and not controller.is_modified


def test_title_is_the_folded_title_on_one_line(controller):
    assert controller.title == "What is a lever?"
