"""The problems a change adds and removes, from the project's own per-file and link checks."""
from __future__ import annotations

from editor.checks.file_rules import RulesCache
from editor.checks.links import ArticleRef, url_key
from editor.review import load_version, problem_changes
from tests.perf.synth import article_model, link_to, render

PATH = "physics/how-do-tides-work.md"


def _version(**fields):
    return load_version(render(article_model(PATH, "How do tides work?", id=101, **fields)), PATH)


def _codes(problems) -> list[tuple[str, str]]:
    return [(p.code, p.field) for p in problems]


def test_a_new_latex_pitfall_is_added_and_fixing_it_removes_it() -> None:
    clean = _version(answer="Here $a \u2260 b$ holds.")
    broken = _version(answer="Here $a \\\\neq b$ holds.")
    rules = RulesCache(None)
    added = problem_changes(PATH, clean, broken, rules)
    assert _codes(added.added) == [("latex-newline", "answer")] and added.removed == ()
    fixed = problem_changes(PATH, broken, clean, rules)
    assert _codes(fixed.removed) == [("latex-newline", "answer")] and fixed.added == ()


def test_a_pitfall_that_only_moves_down_the_answer_is_kept_not_added() -> None:
    before = _version(answer="Here $a \\\\neq b$ holds.")
    after = _version(answer="A new first paragraph.\\n\\nHere $a \\\\neq b$ holds.")
    found = problem_changes(PATH, before, after, RulesCache(None))
    assert found.added == () and found.removed == () and _codes(found.kept) == [("latex-newline", "answer")]


def test_a_title_edit_that_breaks_the_file_name_rule_adds_that_problem() -> None:
    before = _version()
    model = article_model(PATH, "How do tides work?", id=101)
    model["fields"]["title"] = "How do the tides work?"
    after = load_version(render(model), PATH)
    found = problem_changes(PATH, before, after, RulesCache(None))
    assert ("file-name-mismatch", "title") in _codes(found.added)


def test_a_version_that_is_not_yaml_adds_a_yaml_error_on_its_line() -> None:
    before = _version()
    after = load_version(render(article_model(PATH, "How do tides work?", id=101)).replace(b"author: QuickTakes",
                                                                                          b'author: "QuickTakes'), PATH)
    found = problem_changes(PATH, before, after, RulesCache(None))
    assert [p.code for p in found.added] == ["yaml-error"] and found.added[0].line is not None


def test_a_deleted_article_removes_its_problems_and_a_new_one_brings_them() -> None:
    broken = _version(answer="Costs $7.25 each = $26.83 in all.")
    rules = RulesCache(None)
    assert _codes(problem_changes(PATH, broken, load_version(None), rules).removed) == [("dollar-math", "answer")]
    assert _codes(problem_changes(PATH, load_version(None), broken, rules).added) == [("dollar-math", "answer")]


def test_links_are_checked_against_the_folder_when_a_resolver_is_given() -> None:
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102)
    folder = {url_key(sky["fields"]["url"]): ArticleRef(sky["path"], 102, "Why is the sky blue?", "Physics",
                                                        sky["fields"]["url"], url_key(sky["fields"]["url"]))}
    good = _version(links=[link_to(sky)])
    gone = dict(link_to(sky), url="/learn/physics/questions/no-such-article")
    broken = _version(links=[link_to(sky), gone])
    found = problem_changes(PATH, good, broken, RulesCache(None), resolve=folder.get)
    assert _codes(found.added) == [("related-broken", "related_article2")]
    assert "did you mean physics/why-is-the-sky-blue.md" in found.added[0].message
    assert _codes(problem_changes(PATH, good, broken, RulesCache(None)).added) == []
