"""Site pitfalls: broken backslash-n TeX commands and prices read as math, with their fixes."""
from __future__ import annotations

import pytest

from editor.answer.codec import decode
from editor.answer.pitfalls import Pitfall, apply_fix, find_pitfalls
from tests.locations import FIXTURES


def codes(text: str) -> list[str]:
    return [p.code for p in find_pitfalls(text)]


@pytest.mark.parametrize(
    ("stored", "fixed"),
    [
        (r"So $a \neq b$ holds.", "So $a ≠ b$ holds."),
        (r"Gradient $\nabla f$ points uphill.", "Gradient $∇ f$ points uphill."),
        (r"Frequency $\nu = c / \lambda$.", r"Frequency $ν = c / \lambda$."),
        (r"Set $x \notin A$ here.", "Set $x ∉ A$ here."),
        (r"Logic $\neg p$ now.", "Logic $¬ p$ now."),
        (r"Also $x \not= y$ too.", "Also $x ≠ y$ too."),
        (r"Also $x \not\in S$ too.", "Also $x ∉ S$ too."),
        (r"Short $a \ne b$ form.", "Short $a ≠ b$ form."),
    ],
)
def test_latex_newline_is_flagged_inside_inline_math_and_fixed_with_the_unicode_symbol(stored, fixed):
    text = decode(stored)
    pitfalls = find_pitfalls(text)
    assert [p.code for p in pitfalls] == ["latex-newline"]
    assert apply_fix(text, pitfalls[0]) == fixed


def test_latex_newline_offsets_cover_the_line_break_and_the_command_rest():
    text = decode(r"Intro.\n\nWe know $p \neq q$.")
    (pitfall,) = find_pitfalls(text)
    assert text[pitfall.start:pitfall.end] == "\neq"
    assert pitfall.line == 3
    assert "\\neq" in pitfall.message and "≠" in pitfall.message


def test_latex_newline_inside_a_display_block_is_flagged():
    text = decode(r"Maxwell:\n\n$$\n\nabla \cdot E = \rho\n$$")
    (pitfall,) = find_pitfalls(text)
    assert pitfall.code == "latex-newline"
    assert apply_fix(text, pitfall) == "Maxwell:\n\n$$\n∇ \\cdot E = \\rho\n$$"


def test_a_real_line_break_before_a_variable_in_a_display_block_is_not_flagged():
    text = "Euler:\n\n$$\ne^{i\\pi} + 1 = 0\n$$"
    assert find_pitfalls(text) == []


def test_line_breaks_outside_math_are_not_latex_pitfalls():
    text = "First line\neq is not math here.\n\nNext\nu paragraph."
    assert find_pitfalls(text) == []


def test_line_breaks_inside_code_are_ignored():
    text = "```\n$a\neq b$\n```\n\nAnd `$x\neq y$` inline."
    assert find_pitfalls(text) == []


def test_prices_paired_as_math_are_flagged_and_fixed_by_escaping_both_dollars():
    text = "Apples cost $7.25 each = $26.83 for the box."
    (pitfall,) = find_pitfalls(text)
    assert pitfall.code == "dollar-math"
    assert text[pitfall.start:pitfall.end] == "$7.25 each = $"
    assert apply_fix(text, pitfall) == "Apples cost \\$7.25 each = \\$26.83 for the box."
    assert find_pitfalls(apply_fix(text, pitfall)) == []


def test_two_round_prices_are_flagged():
    assert codes("It costs $5 and later $10.") == ["dollar-math"]


def test_real_inline_math_starting_with_a_digit_is_not_a_price():
    assert codes("Solve $3x + 2 = 11$ for x.") == []
    assert codes("Here $x^2$ and $\\frac{1}{2}$ are math.") == []


def test_escaped_dollars_and_a_lone_dollar_are_not_flagged():
    assert codes("It costs \\$5 and \\$10.") == []
    assert codes("Only $5 here.") == []


def test_dollars_do_not_pair_across_paragraphs_or_list_items():
    assert codes("Costs $5 today.\n\nCosts $6 tomorrow.") == []
    assert codes("1. First $5 each\n2. Second $6 each") == []


def test_pitfall_line_counts_from_one_within_the_answer():
    text = "a\nb\nThe fee is $3 per item, so $12 total."
    (pitfall,) = find_pitfalls(text)
    assert pitfall.line == 3
    assert isinstance(pitfall, Pitfall)


def test_pitfalls_come_back_in_text_order():
    text = "Pay $4 now and $8 later.\n\nThen $a \neq b$."
    pitfalls = find_pitfalls(text)
    assert [p.code for p in pitfalls] == ["dollar-math", "latex-newline"]
    assert pitfalls[0].start < pitfalls[1].start


def test_dollars_pair_within_a_table_cell_only():
    assert codes("| Item | Price |\n|---|---|\n| Pear | $2 and $3 |") == ["dollar-math"]
    assert codes("| Item | Price |\n|---|---|\n| Pear | $2 | $3 |") == []


def test_sub_bullets_indented_four_spaces_end_the_paragraph_dollars_pair_in():
    assert codes("1. **Cost**: about $20 per month.\n    - Teams pay $5 more.") == []


def test_display_math_inside_a_list_item_or_a_quote_is_scanned():
    item = decode(r"1. Field:\n\n    $$\n    \nabla \cdot E = 0\n    $$")
    quote = decode(r"> $$\n> \nabla f\n> $$")
    assert codes(item) == ["latex-newline"]
    assert codes(quote) == ["latex-newline"]


def test_four_space_indented_dollars_outside_lists_are_code_not_math():
    assert codes("    $a\neq b$") == []


def test_math_spans_agree_with_the_renderer_on_every_written_and_article_golden():
    import json
    from pathlib import Path

    from editor.answer.pitfalls import math_spans
    from editor.render.answer import parse_answer

    goldens = FIXTURES / "render" / "goldens.jsonl"
    checked = 0
    for line in goldens.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["key"].startswith("mixed-"):  # stitched stress lines; raw HTML blocks etc.
            continue
        text = record["answer"]
        rendered = []
        for token in parse_answer(text):
            if token.type == "math_block":
                rendered.append("display")
            rendered += [c.content.strip() for c in token.children or [] if c.type == "math_inline"]
        scanned = []
        for start, end, display in math_spans(text):
            span = text[start:end]
            fence = len(span) - len(span.lstrip("$"))
            scanned.append("display" if display else span[fence:len(span) - fence].strip())
        assert scanned == rendered, record["key"]
        checked += 1
    assert checked > 500


# -- \( … \) and \[ … \]: raw TeX on the site --------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        (r"Area \(A = \pi r^2\) of a disc.", r"Area $A = \pi r^2$ of a disc."),
        ("Area \\( A = \\pi r^2 \\) here.", "Area $A = \\pi r^2$ here."),
        ("Before.\n\n\\[\nE = mc^2\n\\]\n\nAfter.", "Before.\n\n$$\nE = mc^2\n$$\n\nAfter."),
        ("Before.\n\n\\[ E = mc^2 \\]\n\nAfter.", "Before.\n\n$$\nE = mc^2\n$$\n\nAfter."),
        ("1. Energy:\n   \\[ E = mc^2 \\]", "1. Energy:\n   $$\n   E = mc^2\n   $$"),
        ("> Quoted:\n>\n> \\[ E = mc^2 \\]", "> Quoted:\n>\n> $$\n> E = mc^2\n> $$"),
        ("So \\[x + 1\\] inline.", "So $$x + 1$$ inline."),
    ],
)
def test_tex_delimiters_are_flagged_and_fixed_to_dollars(text, fixed):
    pitfalls = find_pitfalls(text)
    assert [p.code for p in pitfalls] == ["tex-delimiters"]
    assert "raw TeX" in pitfalls[0].message
    assert apply_fix(text, pitfalls[0]) == fixed


def test_fixed_tex_delimiters_render_as_math_and_display_math():
    from editor import render_answer

    text = "Area \\(A = \\pi r^2\\).\n\n\\[ E = mc^2 \\]\n\nEnd."
    for pitfall in reversed(find_pitfalls(text)):
        text = apply_fix(text, pitfall)
    html = render_answer(text)
    assert 'display="inline"' in html and 'display="block"' in html and "\\(" not in html
    assert find_pitfalls(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Code `\\(x\\)` stays.",
        "```\n\\(x\\)\n\\[y\\]\n```",
        "    \\(indented code\\)",
        "Math $\\left\\( x \\right\\)$ is math already.",
        "$$\n\\[4pt] x\n$$",
        "An escaped \\\\(x\\\\) backslash.",
        "Only an opener \\( here.",
        "Across paragraphs \\(x\n\ny\\) is not a pair.",
    ],
)
def test_tex_delimiters_in_code_math_or_unpaired_are_left_alone(text):
    assert "tex-delimiters" not in codes(text)


def test_a_tex_delimiter_fix_leaves_code_spans_in_the_same_paragraph_untouched():
    text = "Write `\\(x\\)` as code, but \\(y\\) as math, and `\\[z\\]` too."
    (pitfall,) = find_pitfalls(text)
    assert apply_fix(text, pitfall) == "Write `\\(x\\)` as code, but $y$ as math, and `\\[z\\]` too."


def test_the_project_check_reports_tex_delimiters_in_a_stored_answer():
    from editor.checks.file_rules import answer_problems, may_have_pitfalls

    stored = r"Speed is \(v = d / t\) in metres per second."
    assert may_have_pitfalls(stored)  # no dollar sign, still checked
    (found,) = answer_problems("physics/speed.md", stored, 20)
    assert found.code == "tex-delimiters" and found.severity == "warning" and "answer line 1" in found.message
