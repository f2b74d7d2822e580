"""The rendered diff marks the blocks a change touched, in the page the site renders, and
nothing else; the merged page stays well formed."""
from __future__ import annotations

from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.render.answer import render_answer
from editor.review import rendered_diff
from editor.review.blocks import VOID_TAGS, split_units
from editor.review.rendered import CHANGED, DELETED, INSERTED, UNCHANGED, with_class

ANSWER = """Tides rise and fall twice a day.

1. **Gravity**: the moon pulls the near ocean.
2. **Inertia**: the far side bulges too.
   - A sub point.
   - Another sub point.
3. **Sun**: it adds spring and neap tides.

| Tide | Height |
|---|---|
| Spring | 2.1 m |
| Neap | 1.2 m |

$$
F = G \\frac{m_1 m_2}{r^2}
$$

In summary, the moon matters most."""


def _ops(old: str, new: str) -> list[tuple[str, str]]:
    return [(c.op, c.kind) for c in rendered_diff(old, new).changes if c.op != UNCHANGED]


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def _balanced(html: str) -> bool:
    checker = _Balance()
    checker.feed(html)
    return not checker.errors and not checker.stack


def test_an_unchanged_answer_has_no_marks_and_is_the_page_itself() -> None:
    diff = rendered_diff(ANSWER, ANSWER)
    assert not diff.changed and "review-" not in diff.html
    assert [u.html for u in split_units(diff.html)] == [u.html for u in split_units(render_answer(ANSWER))]


def test_a_changed_paragraph_is_the_only_block_marked_and_its_words_are_marked_inside() -> None:
    new = ANSWER.replace("In summary, the moon matters most.", "In summary, the moon matters more than the sun.")
    diff = rendered_diff(ANSWER, new)
    assert _ops(ANSWER, new) == [(CHANGED, "paragraph")]
    assert diff.html.count("review-") == 1
    assert '<p class="review-changed">In summary, the moon matters <del>most</del><ins>more than the sun</ins>.</p>' in diff.html


def test_an_inserted_list_item_is_marked_inside_its_list() -> None:
    new = ANSWER.replace("3. **Sun**", "3. **Wind**: storms push water.\n4. **Sun**")
    diff = rendered_diff(ANSWER, new)
    assert _ops(ANSWER, new) == [(INSERTED, "list-item")]
    assert '<li class="review-inserted"><strong>Wind</strong>: storms push water.</li>' in diff.html
    assert diff.html.count("<ol>") == 1 and _balanced(diff.html)


def test_a_deleted_nested_item_goes_back_into_its_own_list() -> None:
    new = ANSWER.replace("   - Another sub point.\n", "")
    diff = rendered_diff(ANSWER, new)
    assert _ops(ANSWER, new) == [(DELETED, "list-item")]
    nested = diff.html.split("<ul>")[1].split("</ul>")[0]
    assert '<li>A sub point.</li>' in nested and '<li class="review-deleted">Another sub point.</li>' in nested
    assert diff.html.count("<ul>") == 1 and _balanced(diff.html)


def test_a_changed_table_cell_is_marked_and_its_row_is_not() -> None:
    new = ANSWER.replace("| Neap | 1.2 m |", "| Neap | 1.4 m |")
    diff = rendered_diff(ANSWER, new)
    assert _ops(ANSWER, new) == [(CHANGED, "table-cell")]
    assert '<td class="review-changed"><del>1.2</del><ins>1.4</ins> m</td>' in diff.html
    assert diff.html.count("<table>") == 1 and _balanced(diff.html)


def test_a_changed_display_formula_shows_both_formulas_as_whole_words() -> None:
    new = ANSWER.replace("{r^2}", "{r^3}")
    diff = rendered_diff(ANSWER, new)
    assert _ops(ANSWER, new) == [(CHANGED, "formula")]
    marked = diff.html.split('review-changed')[1]
    assert "<del><span class=\"katex\">" in marked and "<ins><span class=\"katex\">" in marked
    assert _balanced(diff.html)


def test_a_deleted_paragraph_and_a_new_heading_are_deleted_and_inserted() -> None:
    new = ANSWER.replace("Tides rise and fall twice a day.", "## Why tides happen")
    assert _ops(ANSWER, new) == [(DELETED, "paragraph"), (INSERTED, "heading")]


def test_a_whole_new_table_brings_its_containers() -> None:
    old = "Before.\n\nAfter."
    new = "Before.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter."
    diff = rendered_diff(old, new)
    assert [op for op, _ in _ops(old, new)] == [INSERTED] * 4
    assert "<table>" in diff.html and _balanced(diff.html)


def test_deleted_blocks_lose_their_ids_so_anchors_stay_unique() -> None:
    old = "Text with a note[^1].\n\n[^1]: The note."
    new = "Text without a note."
    diff = rendered_diff(old, new)
    assert diff.html.count('id="user-content-fn-1"') == 0
    assert _balanced(diff.html)


def test_raw_html_in_an_answer_stays_escaped_in_the_diff() -> None:
    diff = rendered_diff("Safe.", "Safe.\n\n<script>alert(1)</script>")
    assert "<script>" not in diff.html and "&lt;script&gt;" in diff.html


def test_a_class_is_added_to_a_start_tag_whatever_it_holds() -> None:
    assert with_class("<p>", "x") == '<p class="x">'
    assert with_class('<li class="task-list-item">', "x") == '<li class="x task-list-item">'
    assert with_class("<hr />", "x") == '<hr class="x" />'


_PARAGRAPH = st.sampled_from(["Alpha beta.", "Gamma $x^2$ delta.", "- item one\n- item two", "1. first\n2. second",
                              "| a | b |\n|---|---|\n| 1 | 2 |", "> quoted words", "## A heading", "```\ncode\n```",
                              "$$\ny = mx\n$$", "Epsilon **bold** zeta."])


@settings(max_examples=60, deadline=None)
@given(st.lists(_PARAGRAPH, max_size=6), st.lists(_PARAGRAPH, max_size=6))
def test_every_block_of_both_pages_is_accounted_for_and_the_page_is_well_formed(old: list[str], new: list[str]) -> None:
    old_text, new_text = "\n\n".join(old), "\n\n".join(new)
    diff = rendered_diff(old_text, new_text)
    ops = [c.op for c in diff.changes]
    assert ops.count(UNCHANGED) + ops.count(CHANGED) + ops.count(INSERTED) == len(split_units(render_answer(new_text)))
    assert ops.count(UNCHANGED) + ops.count(CHANGED) + ops.count(DELETED) == len(split_units(render_answer(old_text)))
    assert _balanced(diff.html)


def test_a_deleted_loose_list_item_is_marked_as_a_whole_so_it_stops_counting() -> None:
    old = "1. First item.\n\n2. Second item.\n\n3. Third item."
    new = "1. First item.\n\n2. Third item."
    diff = rendered_diff(old, new)
    assert _ops(old, new) == [(DELETED, "paragraph")]
    assert '<li class="review-deleted">\n<p class="review-deleted">Second item.</p>\n</li>' in diff.html
    assert diff.html.count("<ol>") == 1 and _balanced(diff.html)
