"""Model changes (undo, redo, reload) reach the inputs without echoing back as new edits, and
typing never re-creates a widget."""

import pytest
from tests.ui.form.form_articles import form, new_form  # noqa: F401 - fixtures
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QWidget


def field(form, key: str) -> QWidget:
    return form.findChild(QWidget, f"field:{key}")


@pytest.fixture
def set_calls(form, monkeypatch) -> list:
    """Records every edit the form sends, so a test can see that nothing was echoed back."""
    calls: list = []
    controller = form.controller
    for name in ("set", "set_many"):
        original = getattr(controller, name)

        def spy(*args, _original=original, _name=name):
            calls.append((_name, args))
            return _original(*args)

        monkeypatch.setattr(controller, name, spy)
    return calls


def test_undo_restores_the_title_in_the_input_without_a_new_edit(form, qtbot, set_calls):
    title = field(form, "title")
    title.selectAll()
    qtbot.keyClicks(title, "Tides")
    stack = form.controller.undo_stack
    assert stack.count() == 1 and set_calls
    set_calls.clear()
    stack.undo()
    assert title.text() == "How do tides form?"
    assert set_calls == []
    assert stack.count() == 1 and stack.canRedo()
    assert not form.controller.is_modified
    stack.redo()
    assert title.text() == "Tides" and set_calls == []


def test_undo_reaches_every_kind_of_input_without_echo(form, qtbot, set_calls):
    controller = form.controller
    field(form, "date").setDate(QDate(2025, 3, 4))
    field(form, "seo.page_keywords").remove_keyword(0)
    field(form, "draft").setPlainText("false")
    question = field(form, "question")
    question.selectAll()
    qtbot.keyClicks(question, "What makes tides?")
    set_calls.clear()
    while controller.undo_stack.canUndo():
        controller.undo_stack.undo()
    assert set_calls == []
    assert field(form, "date").date() == QDate(2024, 12, 2)
    assert field(form, "seo.page_keywords").keywords() == ["tides", "moon", "gravity", "oceans"]
    assert field(form, "draft").toPlainText() == "true"
    assert question.toPlainText() == "How do tides form?"
    assert not controller.is_modified


def test_typing_keeps_the_same_widgets_and_the_cursor_where_the_writer_is(form, qtbot):
    before = {w.objectName(): w for w in form.findChildren(QWidget) if w.objectName().startswith("field:")}
    title = field(form, "title")
    title.setFocus()
    title.setCursorPosition(len("How do"))
    qtbot.keyClicks(title, " ocean")
    assert title.text() == "How do ocean tides form?"
    assert title.cursorPosition() == len("How do ocean")
    after = {w.objectName(): w for w in form.findChildren(QWidget) if w.objectName().startswith("field:")}
    assert after == before


def test_reload_shows_the_file_again_in_the_same_widgets(form, qtbot):
    title = field(form, "title")
    title.selectAll()
    qtbot.keyClicks(title, "Unsaved title")
    form.controller.reload()
    assert field(form, "title") is title
    assert title.text() == "How do tides form?"


def test_a_value_set_by_another_panel_shows_in_the_form(form):
    form.controller.set("seo.title", "QuickTakes | Oceans")
    assert field(form, "seo.title").text() == "QuickTakes | Oceans"
    form.controller.set("notes", "added elsewhere")
    assert "notes" in form.other.keys()
    assert field(form, "notes").toPlainText() == "added elsewhere"


def test_undoing_a_linked_edit_does_not_re_derive_the_url(new_form, qtbot):
    title = field(new_form, "title")
    title.selectAll()
    qtbot.keyClicks(title, "Moon pull")
    new_form.controller.undo_stack.undo()
    assert new_form.controller.get("url") == "/learn/earth-science/questions/how-do-tides-form"
    assert new_form.controller.undo_stack.count() == 1
