"""The answer editor: formatting commands, shortcuts, list continuation, find/replace and pitfall fixes.

These use the editor widget on its own (no QWebEngineView), so they stay fast.
"""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from editor.answer.pitfalls import find_pitfalls
from ui.answer.editor import AnswerEditor
from ui.answer.find_bar import FindReplaceBar

from tests.ui.answer.answer_fixtures import underline_colors


@pytest.fixture
def editor(qtbot):
    widget = AnswerEditor()
    qtbot.addWidget(widget)
    widget.resize(600, 400)
    widget.show()
    return widget


def select(editor: AnswerEditor, start: int, end: int) -> None:
    cursor = editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    editor.setTextCursor(cursor)


def test_bold_wraps_the_selection_and_a_second_bold_unwraps_it(editor):
    editor.setPlainText("make this strong")
    select(editor, 10, 16)
    editor.commands["bold"].run(editor)
    assert editor.toPlainText() == "make this **strong**"
    assert editor.textCursor().selectedText() == "strong"
    select(editor, 10, 20)
    editor.commands["bold"].run(editor)
    assert editor.toPlainText() == "make this strong"


def test_italic_without_a_selection_inserts_a_selected_placeholder(editor):
    editor.commands["italic"].run(editor)
    assert editor.toPlainText() == "*italic text*"
    assert editor.textCursor().selectedText() == "italic text"


def test_ctrl_b_shortcut_reaches_the_editor(editor, qtbot):
    editor.setPlainText("word")
    select(editor, 0, 4)
    qtbot.keyClick(editor, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert editor.toPlainText() == "**word**"


def test_bullet_list_marks_every_selected_line_and_toggles_back(editor):
    editor.setPlainText("one\ntwo\nthree")
    select(editor, 0, len("one\ntwo\nthree"))
    editor.commands["bulletList"].run(editor)
    assert editor.toPlainText() == "- one\n- two\n- three"
    select(editor, 0, len(editor.toPlainText()))
    editor.commands["bulletList"].run(editor)
    assert editor.toPlainText() == "one\ntwo\nthree"


def test_numbered_list_replaces_bullets_with_numbers(editor):
    editor.setPlainText("- one\n- two")
    select(editor, 0, len("- one\n- two"))
    editor.commands["numberedList"].run(editor)
    assert editor.toPlainText() == "1. one\n2. two"


def test_heading_prefixes_the_current_line(editor):
    editor.setPlainText("Intro\nTitle here")
    select(editor, 8, 8)
    editor.commands["heading"].run(editor)
    assert editor.toPlainText() == "Intro\n## Title here"


def test_link_wraps_the_selection_and_selects_the_url_to_type_over(editor):
    editor.setPlainText("see docs")
    select(editor, 4, 8)
    editor.commands["link"].run(editor)
    assert editor.toPlainText() == "see [docs](https://)"
    assert editor.textCursor().selectedText() == "https://"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("inlineCode", "`x = 1`"),
        ("inlineMath", "$x = 1$"),
        ("codeBlock", "```\nx = 1\n```\n"),
        ("displayMath", "$$\nx = 1\n$$\n"),
    ],
)
def test_code_and_math_commands_wrap_the_selection(editor, command, expected):
    editor.setPlainText("x = 1")
    select(editor, 0, 5)
    editor.commands[command].run(editor)
    assert editor.toPlainText() == expected
    assert editor.textCursor().selectedText() == "x = 1"


def test_table_inserts_a_gfm_table_template(editor):
    editor.setPlainText("Before")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.commands["table"].run(editor)
    assert editor.toPlainText().startswith("Before\n\n| Column | Column |\n| --- | --- |\n")


def test_each_formatting_command_is_one_undo_step(editor):
    editor.setPlainText("a\nb")
    editor.document().clearUndoRedoStacks()
    select(editor, 0, 3)
    editor.commands["numberedList"].run(editor)
    assert editor.toPlainText() == "1. a\n2. b"
    editor.undo()
    assert editor.toPlainText() == "a\nb"


def test_enter_in_a_list_item_continues_the_list_and_ends_it_on_an_empty_item(editor, qtbot):
    editor.setPlainText("1. first")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "1. first\n2. "
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.toPlainText() == "1. first\n"


def test_soft_wrap_is_on_and_the_text_column_is_bounded(editor):
    assert editor.lineWrapMode() == AnswerEditor.LineWrapMode.WidgetWidth
    editor.resize(2000, 400)
    margins = editor.viewportMargins()
    assert margins.left() > 100 and margins.left() == margins.right()


# -- find and replace ------------------------------------------------------------------------------
@pytest.fixture
def find_bar(editor, qtbot):
    bar = FindReplaceBar(editor)
    qtbot.addWidget(bar)
    return bar


def test_ctrl_f_and_ctrl_h_in_the_editor_ask_for_the_find_bar(editor, qtbot):
    with qtbot.waitSignal(editor.findRequested, timeout=1000):
        qtbot.keyClick(editor, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(editor.replaceRequested, timeout=1000):
        qtbot.keyClick(editor, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)


def test_find_next_selects_matches_in_order_and_wraps_around(editor, find_bar):
    editor.setPlainText("cell wall, Cell membrane, cell")
    find_bar.open_find()
    find_bar.find_edit.setText("cell")
    starts = []
    for _ in range(4):
        assert find_bar.find_next()
        starts.append(editor.textCursor().selectionStart())
    assert starts == [0, 11, 26, 0]


def test_match_case_skips_other_capitalisations(editor, find_bar):
    editor.setPlainText("cell Cell cell")
    find_bar.find_edit.setText("Cell")
    find_bar.case_box.setChecked(True)
    assert find_bar.find_next()
    assert editor.textCursor().selectionStart() == 5
    assert find_bar.find_next()
    assert editor.textCursor().selectionStart() == 5


def test_find_reports_no_matches(editor, find_bar):
    editor.setPlainText("nothing here")
    find_bar.find_edit.setText("absent")
    assert not find_bar.find_next()
    assert find_bar.status.text() == "No matches"


def test_replace_one_replaces_the_selected_match_and_moves_on(editor, find_bar):
    editor.setPlainText("xylem and xylem")
    find_bar.open_find(replace=True)
    find_bar.find_edit.setText("xylem")
    find_bar.replace_edit.setText("phloem")
    find_bar.find_next()
    assert find_bar.replace_one()
    assert editor.toPlainText() == "phloem and xylem"
    assert editor.textCursor().selectedText() == "xylem"


def test_replace_all_replaces_every_match_in_one_undo_step(editor, find_bar):
    editor.setPlainText("a cat, a Cat, a dog")
    editor.document().clearUndoRedoStacks()
    find_bar.find_edit.setText("cat")
    find_bar.replace_edit.setText("bird")
    assert find_bar.replace_all() == 2
    assert editor.toPlainText() == "a bird, a bird, a dog"
    editor.undo()
    assert editor.toPlainText() == "a cat, a Cat, a dog"


def test_regex_replace_uses_groups(editor, find_bar):
    editor.setPlainText("size 10px and 20px")
    find_bar.regex_box.setChecked(True)
    find_bar.find_edit.setText(r"(\d+)px")
    find_bar.replace_edit.setText(r"\1 px")
    assert find_bar.replace_all() == 2
    assert editor.toPlainText() == "size 10 px and 20 px"


def test_open_find_seeds_the_search_with_the_selection_and_shows_replace_only_for_ctrl_h(editor, find_bar):
    editor.setPlainText("stomata open")
    select(editor, 0, 7)
    find_bar.open_find(replace=False)
    assert find_bar.find_edit.text() == "stomata"
    assert find_bar.isVisible() and not find_bar.replace_edit.isVisible()
    find_bar.open_find(replace=True)
    assert find_bar.replace_edit.isVisible()


# -- pitfalls --------------------------------------------------------------------------------------
PITFALL_TEXT = "Ratio: $a \neq b$ holds.\n\nIt costs $5 and $6 today."


def test_pitfalls_are_drawn_as_red_squiggles_with_their_message(editor):
    editor.setPlainText(PITFALL_TEXT)
    pitfalls = find_pitfalls(editor.toPlainText())
    assert {p.code for p in pitfalls} == {"latex-newline", "dollar-math"}
    editor.set_pitfalls(pitfalls)
    red = editor.highlighter.pitfall_color.name()
    for pitfall in pitfalls:
        assert red in underline_colors(editor, pitfall.start, pitfall.end)
        assert editor.highlighter.squiggle_at(pitfall.end - 1).message == pitfall.message
    assert red not in underline_colors(editor, 0, 6), "plain prose has no squiggle"


def test_context_menu_offers_the_one_click_fix_and_applies_it(editor):
    editor.setPlainText(PITFALL_TEXT)
    dollar = next(p for p in find_pitfalls(editor.toPlainText()) if p.code == "dollar-math")
    cursor = editor.textCursor()
    cursor.setPosition(dollar.start + 2)
    menu = editor.build_context_menu(cursor)
    fix = next(a for a in menu.actions() if a.objectName() == "action:fixPitfall")
    fix.trigger()
    assert "It costs \\$5 and \\$6 today." in editor.toPlainText()


def test_fix_all_pitfalls_writes_the_unicode_symbol_and_escapes_prices(editor):
    editor.setPlainText(PITFALL_TEXT)
    assert editor.fix_all_pitfalls() == 2
    assert editor.toPlainText() == "Ratio: $a ≠ b$ holds.\n\nIt costs \\$5 and \\$6 today."
    assert find_pitfalls(editor.toPlainText()) == []


# -- syntax highlighting ---------------------------------------------------------------------------
def format_at(editor: AnswerEditor, offset: int):
    """The highlighter's format at a document offset (None when the character is unstyled)."""
    block = editor.document().findBlock(offset)
    inside = offset - block.position()
    for fmt_range in block.layout().formats():
        if fmt_range.start <= inside < fmt_range.start + fmt_range.length:
            return QTextCharFormat(fmt_range.format)  # a copy: the range list is temporary
    return None


HIGHLIGHT_TEXT = (
    "## Roots\n"
    "Plain **strong** and `code` and $x^2$ and [link](http://a.b).\n"
    "```\n"
    "# not a heading in a fence\n"
    "```\n"
    "| a | b |\n"
)


def test_the_highlighter_styles_headings_emphasis_code_math_links_and_tables(editor):
    editor.setPlainText(HIGHLIGHT_TEXT)
    f = editor.highlighter.formats
    at = HIGHLIGHT_TEXT.index
    assert format_at(editor, at("Roots")).foreground().color() == f["heading"].foreground().color()
    assert format_at(editor, at("strong")).fontWeight() == f["bold"].fontWeight() > 400
    assert format_at(editor, at("code`")).background().color() == f["code"].background().color()
    assert format_at(editor, at("x^2")).foreground().color() == f["math"].foreground().color()
    assert format_at(editor, at("link]")).foreground().color() == f["link"].foreground().color()
    assert format_at(editor, at("| b")).foreground().color() == f["table"].foreground().color()
    assert format_at(editor, at("Plain")) is None


def test_a_hash_inside_a_code_fence_is_code_not_a_heading(editor):
    editor.setPlainText(HIGHLIGHT_TEXT)
    inside = format_at(editor, HIGHLIGHT_TEXT.index("not a heading"))
    assert inside.background().color() == editor.highlighter.formats["fence"].background().color()
    assert inside.foreground().color() != editor.highlighter.formats["heading"].foreground().color()


def test_closing_a_fence_restyles_the_lines_after_it(editor, qtbot):
    editor.setPlainText("```\ncode\n")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    editor.insertPlainText("```\n## After")
    text = editor.toPlainText()
    assert format_at(editor, text.index("After")).foreground().color() == editor.highlighter.formats["heading"].foreground().color()


@pytest.mark.parametrize(
    ("key", "modifiers", "expected"),
    [
        (Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier, "*word*"),
        (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, "[word](https://)"),
        (Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier, "$word$"),
        (Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, "- word"),
        (Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, "1. word"),
        (Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, "## word"),
    ],
)
def test_formatting_shortcuts(editor, qtbot, key, modifiers, expected):
    editor.setPlainText("word")
    select(editor, 0, 4)
    qtbot.keyClick(editor, key, modifiers)
    assert editor.toPlainText() == expected


def test_hovering_a_pitfall_shows_its_message_as_a_tooltip(editor, qtbot, monkeypatch):
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    editor.setPlainText(PITFALL_TEXT)
    dollar = next(p for p in find_pitfalls(editor.toPlainText()) if p.code == "dollar-math")
    editor.set_pitfalls(find_pitfalls(editor.toPlainText()))
    shown = []
    monkeypatch.setattr(QToolTip, "showText", staticmethod(lambda pos, text, *args: shown.append(text)))
    cursor = editor.textCursor()
    cursor.setPosition(dollar.start + 2)
    point = editor.cursorRect(cursor).center()
    QApplication.sendEvent(editor.viewport(), QHelpEvent(QHelpEvent.Type.ToolTip, point, editor.viewport().mapToGlobal(point)))
    assert shown and shown[0].startswith(dollar.message)
    assert editor.tooltip_at(0) == ""
