"""Baselines for check --baseline: known problems match on file, code and field, not line."""
from __future__ import annotations

import json

import pytest

from editor.checks.problem import Problem
from editor.site import BaselineError, baseline_json, new_problems, parse_baseline
from tests.fixtures.site_checkout import ANSWER, sample_problems


def found() -> list[Problem]:
    return sample_problems()


def test_problems_in_the_baseline_are_not_reported_even_on_another_line() -> None:
    baseline = parse_baseline(baseline_json(found()[:3]))
    moved = [Problem(p.path, (p.line or 0) + 5, p.field, p.severity, p.code, p.message + " now") for p in found()]
    assert new_problems(moved, baseline) == moved[3:]


def test_a_second_problem_of_the_same_file_code_and_field_is_new() -> None:
    baseline = parse_baseline(baseline_json([found()[5]]))
    again = [found()[5], Problem(ANSWER, 30, "related_article1", "error", "related-broken", "broken again")]
    assert new_problems(again, baseline) == again[1:]


def test_a_problem_on_another_field_is_new() -> None:
    baseline = parse_baseline(baseline_json([found()[1]]))
    other = Problem(ANSWER, 4, "article_title", "warning", "title-length", "too long")
    assert new_problems([other], baseline) == [other]


def test_check_json_output_is_a_baseline() -> None:
    printed = json.dumps({"problems": [p.to_json() for p in found()]}, indent=1)  # what check --json prints
    assert new_problems(found(), parse_baseline(printed)) == []


def test_baselines_are_sorted_for_small_diffs() -> None:
    text = baseline_json(reversed(found()))
    assert text == baseline_json(found())
    assert text.endswith("\n") and '"line"' not in text


@pytest.mark.parametrize(("text", "line"), [
    ('{"problems": [\n  {"path": "a.md",}\n]}', 2),
    ('["a.md"]', 1),
    ('{"problems": [{"code": "title-length"}]}', None),
])
def test_a_broken_baseline_says_where(text: str, line: int | None) -> None:
    with pytest.raises(BaselineError) as caught:
        parse_baseline(text)
    assert caught.value.line == line
