"""Word diffs of text values and the side-by-side source diff of decoded markdown."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from editor.review import side_by_side, source_html, word_diff, words_html
from editor.review.source import REPLACE, SKIP
from editor.review.words import DELETE, EQUAL, INSERT, new_text, old_text


def test_a_changed_word_is_one_delete_and_one_insert_between_equal_runs() -> None:
    ops = word_diff("The tides rise twice a day.", "The tides rise two times a day.")
    assert [(op.op, op.text) for op in ops] == [
        (EQUAL, "The tides rise "), (DELETE, "twice"), (INSERT, "two times"), (EQUAL, " a day.")]


@given(st.text(max_size=80), st.text(max_size=80))
def test_the_ops_give_back_both_texts_exactly(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert old_text(ops) == old and new_text(ops) == new


def test_word_html_escapes_text_and_marks_changes() -> None:
    html = words_html(word_diff("a <b> & c", "a <b> & d"))
    assert html == "a &lt;b&gt; &amp; <del>c</del><ins>d</ins>"


def test_the_source_diff_has_real_line_breaks_and_word_marks_on_changed_lines() -> None:
    old = "Intro line.\n\n1. **First**: old words here.\n2. Second."
    new = "Intro line.\n\n1. **First**: new words here.\n2. Second.\n3. Third."
    rows = side_by_side(old, new, context=None)
    assert [(r.kind, r.old_line, r.new_line) for r in rows] == [
        (EQUAL, 1, 1), (EQUAL, 2, 2), (REPLACE, 3, 3), (EQUAL, 4, 4), (INSERT, None, 5)]
    assert [(op.op, op.text) for op in rows[2].words if op.op != EQUAL] == [(DELETE, "old"), (INSERT, "new")]


def test_long_unchanged_stretches_fold_into_one_skip_row() -> None:
    old = "\n".join(f"line {n}" for n in range(1, 41))
    new = old.replace("line 20", "line twenty")
    rows = side_by_side(old, new, context=2)
    assert [r.kind for r in rows] == [SKIP, EQUAL, EQUAL, REPLACE, EQUAL, EQUAL, SKIP]
    assert rows[0].skipped == 17 and rows[-1].skipped == 18


def test_the_source_table_escapes_markdown_that_looks_like_html() -> None:
    html = source_html(side_by_side("<script>x</script>", "<script>y</script>"))
    assert "<script>" not in html
    assert "&lt;script&gt;<del>x</del><ins>y</ins>" not in html  # each side shows only its own words
    assert "&lt;script&gt;<del>x</del>&lt;/script&gt;" in html and "&lt;script&gt;<ins>y</ins>&lt;/script&gt;" in html


def test_an_empty_side_has_no_lines() -> None:
    rows = side_by_side("", "new\ntext")
    assert [(r.kind, r.new_line) for r in rows] == [(INSERT, 1), (INSERT, 2)]
