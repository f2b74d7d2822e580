"""Spell checking in the answer editor: underlines, suggestions on right-click, project dictionary."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from editor.answer.spelling import Speller
from ui.answer.editor import AnswerEditor
from ui.answer.spell_menu import add_spelling_actions

from tests.ui.answer.answer_fixtures import underline_colors

TEXT = (
    "Plants lose water thrugh their leaves.\n"
    "Call `thrugh()` in code, or $thrugh + x$ in math.\n"
    "```\n"
    "thrugh = 1\n"
    "```\n"
    "$$\n"
    "thrugh^2\n"
    "$$\n"
)


@pytest.fixture
def editor(qtbot, tmp_path):
    widget = AnswerEditor()
    qtbot.addWidget(widget)
    widget.setPlainText(TEXT)
    widget.highlighter.set_speller(Speller("en", tmp_path))
    return widget


def occurrences(text: str, word: str) -> list[int]:
    found, start = [], text.find(word)
    while start != -1:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def test_a_misspelled_word_in_prose_is_underlined(editor):
    blue = editor.highlighter.spelling_color.name()
    first = TEXT.index("thrugh")
    assert blue in underline_colors(editor, first, first + len("thrugh"))
    assert blue not in underline_colors(editor, 0, len("Plants lose water")), "known words are not underlined"


def test_the_same_word_in_code_spans_inline_math_fences_and_display_math_is_not_underlined(editor):
    blue = editor.highlighter.spelling_color.name()
    places = occurrences(TEXT, "thrugh")
    assert len(places) == 5
    for start in places[1:]:
        assert blue not in underline_colors(editor, start, start + len("thrugh")), TEXT[start - 5:start + 10]


def test_right_click_offers_suggestions_that_replace_the_word(editor, qtbot):
    cursor = editor.textCursor()
    cursor.setPosition(TEXT.index("thrugh") + 2)
    menu = editor.build_context_menu(cursor)
    assert not [a for a in menu.actions() if a.text() == "through"], "no speller menu wired yet"
    editor.spell_menu_builder = lambda m, c: add_spelling_actions(
        m, editor, editor.highlighter.speller, c, editor.highlighter.restyle_lines_with)
    menu = editor.build_context_menu(cursor)
    suggestion = next(a for a in menu.actions() if a.text() == "through")
    suggestion.trigger()
    assert editor.toPlainText().startswith("Plants lose water through their leaves.")


def test_add_to_dictionary_removes_the_underline_and_writes_the_project_file(editor, tmp_path):
    editor.setPlainText("The zorbulator spins.")
    blue = editor.highlighter.spelling_color.name()
    assert blue in underline_colors(editor, 4, 14)
    editor.spell_menu_builder = lambda m, c: add_spelling_actions(
        m, editor, editor.highlighter.speller, c, editor.highlighter.restyle_lines_with)
    cursor = editor.textCursor()
    cursor.setPosition(6)
    menu = editor.build_context_menu(cursor)
    next(a for a in menu.actions() if a.objectName() == "action:addToDictionary").trigger()
    assert blue not in underline_colors(editor, 4, 14)
    assert "zorbulator" in (tmp_path / ".article-editor" / "dictionary.txt").read_text(encoding="utf-8")


def test_a_correct_word_gets_no_spelling_actions(editor):
    menu = editor.build_context_menu(editor.textCursor())
    menu.clear()
    cursor = QTextCursor(editor.document())
    cursor.setPosition(1)  # inside "Plants"
    assert not add_spelling_actions(menu, editor, editor.highlighter.speller, cursor, lambda _w: None)
    assert menu.actions() == []


def test_typing_a_misspelling_underlines_it_as_you_type(editor, qtbot):
    editor.setPlainText("Roots ")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, "absorbb")
    blue = editor.highlighter.spelling_color.name()
    assert blue in underline_colors(editor, 6, 13)


def test_switching_spell_check_on_gradually_reaches_the_end_of_a_long_answer(qtbot, tmp_path):
    widget = AnswerEditor()
    qtbot.addWidget(widget)
    lines = ["Plain correct words here."] * 600 + ["The last line has a mistaek."]
    widget.setPlainText("\n".join(lines))
    widget.highlighter.set_speller(Speller("en", tmp_path), gradual=True)
    start = widget.toPlainText().index("mistaek")
    blue = widget.highlighter.spelling_color.name()
    assert blue not in underline_colors(widget, start, start + 7), "not all at once: the GUI stays free"
    qtbot.waitUntil(lambda: blue in underline_colors(widget, start, start + 7), timeout=5000)
