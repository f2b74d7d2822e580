"""Specification of the folder checks: each code, its severity, line, field, message and fix."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from editor.article.article import Article
from editor.checks.problem import SEVERITY, Problem
from editor.operations.check import apply_fix, check_project
from editor.index.project import Project
from tests.perf.synth import article_model, link_to, render, write_article


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def check(root: Path) -> list[Problem]:
    return check_project(Project.open(root))


def only(problems: list[Problem], code: str) -> list[Problem]:
    return [p for p in problems if p.code == code]


def line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(start))


def clean(tmp_path: Path, **fields: Any) -> tuple[Path, Path]:
    root = tmp_path / "content"
    path = write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", id=101, **fields))
    return root, path


def test_a_clean_article_has_no_problems(tmp_path: Path) -> None:
    root, _ = clean(tmp_path)
    assert check(root) == []


def test_every_code_has_the_severity_the_issue_gives() -> None:
    errors = {"yaml-error", "duplicate-key", "missing-field", "date-invalid", "url-mismatch", "related-broken",
              "image-missing"}
    assert {code for code, severity in SEVERITY.items() if severity == "error"} == errors
    assert set(SEVERITY) - errors == {
        "related-stale", "related-self", "related-duplicate", "id-duplicate", "file-name-mismatch",
        "seo-description-length", "title-length", "subject-variant", "latex-newline", "dollar-math",
        "tex-delimiters", "link-outside-folder"}
    assert SEVERITY["link-outside-folder"] == "info"  # issue 15: a link out of the folder is not indexed


def _with_duplicates(path: Path) -> None:
    text = path.read_text()
    text = text.replace("\nauthor:", "\ntitle: A second title\nauthor:", 1)
    text = text.replace("\n  title: ", "\n  title: Second SEO title\n  title: ", 1)
    path.write_text(text)


def test_keys_written_twice_are_reported_with_all_their_lines(tmp_path: Path) -> None:
    root, path = clean(tmp_path)
    _with_duplicates(path)
    found = sorted(only(check(root), "duplicate-key"), key=lambda p: p.line or 0)
    first_title, second_title = line_of(path, "title:"), line_of(path, "title: A second")
    seo_lines = [i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith("  title: ")]
    assert [(p.field, p.line, p.severity) for p in found] == [
        ("title", first_title, "error"), ("seo.title", seo_lines[0], "error")]
    assert f"lines {first_title}, {second_title}" in found[0].message
    assert f"lines {seo_lines[0]}, {seo_lines[1]}" in found[1].message


def test_the_window_panel_reports_keys_written_twice_too(tmp_path: Path) -> None:
    from editor.checks.file_rules import snapshot_problems

    root, path = clean(tmp_path)
    _with_duplicates(path)
    found = [p for p in snapshot_problems(path.read_bytes(), path, "physics/how-do-tides-work.md", root)
             if p.code == "duplicate-key"]
    assert sorted(p.field for p in found) == ["seo.title", "title"]


def test_yaml_error_names_the_line(tmp_path: Path) -> None:
    root, _ = clean(tmp_path)
    (root / "physics" / "bad.md").write_bytes(b"---\nid: 3\n\ttitle: tabbed\n---\n")
    (problem,) = only(check(root), "yaml-error")
    assert (problem.path, problem.line, problem.severity) == ("physics/bad.md", 3, "error")
    assert "invalid YAML" in problem.message


def test_missing_and_empty_required_fields(tmp_path: Path) -> None:
    root, path = clean(tmp_path, drop=("article_title",), question=None)
    found = only(check(root), "missing-field")
    assert sorted((p.field, p.line) for p in found) == [("article_title", 1), ("question", line_of(path, "question:"))]
    assert all(p.severity == "error" for p in found)


@pytest.mark.parametrize("value", ["2024-13-45", "soon", "2023-02-30"])
def test_a_date_that_is_not_a_date_is_an_error_on_its_line(tmp_path: Path, value: str) -> None:
    root, path = clean(tmp_path, date=value)
    (problem,) = only(check(root), "date-invalid")
    assert (problem.field, problem.line, problem.severity) == ("date", line_of(path, "date:"), "error")
    assert value in problem.message


def test_url_must_follow_the_subject_folder_and_file_stem(tmp_path: Path) -> None:
    root, path = clean(tmp_path, url="/learn/physics/questions/how-tides-work")
    (problem,) = only(check(root), "url-mismatch")
    assert (problem.field, problem.line, problem.severity) == ("url", line_of(path, "url:"), "error")
    assert problem.fix["edits"] == [{"field": "url", "value": "/learn/physics/questions/how-do-tides-work"}]
    assert not problem.fix_is_certain


def test_articles_at_the_folder_root_have_no_url_rule(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_article(root, article_model("how-do-tides-work.md", "How do tides work?", url="/anything"))
    assert only(check(root), "url-mismatch") == []


def test_file_name_mismatch_has_a_certain_fix_applied_through_the_article(tmp_path: Path) -> None:
    root, path = clean(tmp_path, file_name="tides.md")
    (problem,) = only(check(root), "file-name-mismatch")
    assert (problem.field, problem.line, problem.severity) == ("file_name", line_of(path, "file_name:"), "warning")
    assert problem.fix_is_certain
    before = path.read_bytes()
    apply_fix(root, problem)
    after = path.read_bytes()
    assert after == before.replace(b"file_name: tides.md", b"file_name: how-do-tides-work.md")
    assert only(check(root), "file-name-mismatch") == []


def test_a_file_name_that_does_not_follow_the_title_is_flagged(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_article(root, article_model("physics/tides.md", "How do tides work?"))
    (problem,) = only(check(root), "file-name-mismatch")
    assert problem.field == "title" and "how-do-tides-work.md" in problem.message


def test_seo_description_outside_50_to_160_characters(tmp_path: Path) -> None:
    for name, text in (("short", "Too short."), ("long", "x" * 161), ("fine", "y" * 100)):
        seo = {"title": "QuickTakes | Physics", "page_description": text, "page_keywords": "a, b"}
        write_article(tmp_path / "content", article_model(f"physics/{name}.md", name, seo=seo))
    found = only(check(tmp_path / "content"), "seo-description-length")
    assert sorted((p.path, p.field) for p in found) == [
        ("physics/long.md", "seo.page_description"), ("physics/short.md", "seo.page_description")]
    assert "161 characters" in next(p for p in found if p.path == "physics/long.md").message


def test_titles_over_60_characters(tmp_path: Path) -> None:
    title = "Why " + "very " * 12 + "long?"
    root = tmp_path / "content"
    path = write_article(root, article_model(f"physics/{title.lower().replace(' ', '-').rstrip('?')}.md", title))
    (problem,) = only(check(root), "title-length")
    assert (problem.field, problem.line, problem.severity) == ("title", line_of(path, "title:"), "warning")


def test_duplicate_ids_are_warned_on_every_holder(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_article(root, article_model("physics/a.md", "a", id=7))
    write_article(root, article_model("physics/b.md", "b", id=7))
    write_article(root, article_model("physics/c.md", "c", id="7"))  # a string id is another id
    found = only(check(root), "id-duplicate")
    assert sorted(p.path for p in found) == ["physics/a.md", "physics/b.md"]
    assert "physics/b.md" in found[0].message and found[0].field == "id"


def test_subject_variants_suggest_the_most_common_spelling(tmp_path: Path) -> None:
    root = tmp_path / "content"
    for name, subject in (("a", "Education Studies"), ("b", "Education Studies"), ("c", "Education  studies"),
                          ("d", "Psychology")):
        write_article(root, article_model(f"education-studies/{name}.md", name, subject=subject))
    (problem,) = only(check(root), "subject-variant")
    assert (problem.path, problem.field, problem.severity) == ("education-studies/c.md", "subject", "warning")
    assert problem.fix["edits"] == [{"field": "subject", "value": "Education Studies"}]


def test_stale_link_fix_updates_only_the_stale_lines(tmp_path: Path) -> None:
    root = tmp_path / "content"
    tides = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101)
    old = link_to(tides) | {"title": "How do the tides work?", "id": "101"}
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102, links=[old])
    write_article(root, tides)
    path = write_article(root, sky)
    (problem,) = only(check(root), "related-stale")
    assert problem.fix_is_certain
    before = path.read_bytes()
    apply_fix(root, problem)
    expected = before.replace(b'    id: "101"', b"    id: 101").replace(b"How do the tides work?", b"How do tides work?")
    assert path.read_bytes() == expected
    assert Article.load(path).get("related_article1.id") == 101
    assert only(check(root), "related-stale") == []


def test_apply_fix_refuses_a_problem_without_a_fix(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        apply_fix(tmp_path, Problem("a.md", 1, "id", "warning", "id-duplicate", "dup", None))


def test_answer_pitfalls_are_reported_on_the_answer_line(tmp_path: Path) -> None:
    answer = "Prices: $7.25 each = $26.83 in total.\\\\n\\\\nAnd $a \\\\neq b$ in math."
    root, path = clean(tmp_path, answer=answer)
    found = check(root)
    assert {p.code for p in found} >= {"dollar-math", "latex-newline"}
    for problem in only(found, "dollar-math") + only(found, "latex-newline"):
        assert (problem.field, problem.line, problem.severity) == ("answer", line_of(path, "answer:"), "warning")


def test_problems_are_sorted_by_file_and_line_and_serialise_to_the_documented_json(tmp_path: Path) -> None:
    root, _ = clean(tmp_path, date="soon", file_name="x.md")
    found = check(root)
    assert found == sorted(found, key=Problem.sort_key)
    assert set(found[0].to_json()) == {"path", "line", "field", "severity", "code", "message", "fix"}


def test_checks_see_edits_made_after_the_last_index(tmp_path: Path) -> None:
    root, path = clean(tmp_path)
    assert check(root) == []
    path.write_bytes(render(article_model("physics/how-do-tides-work.md", "How do tides work?", id=101, date="later")))
    assert [p.code for p in check(root)] == ["date-invalid"]
