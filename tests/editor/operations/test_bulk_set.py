"""Specification of setting a field on a selection: values, templates, find/replace in a field,
related links, removing keys; schema checks before anything is written."""
from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.operations.field_edit import (AddRelated, Clear, RemoveKeys, ReplaceIn, SetValue, Template, plan_set,
                                          target_of)
from editor.operations.fields import ABSENT
from editor.operations.pattern import PatternError, Search
from editor.index.project import Project
from tests.editor.operations.bulk_fixtures import snapshot

TIDES, SKY, TRUST = "physics/how-do-tides-work.md", "physics/why-is-the-sky-blue.md", "psychology/why-does-trust-matter.md"


def changed(before: bytes, after: bytes) -> list[str]:
    lines = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def rendered(plan, relpath: str) -> Article:  # type: ignore[no-untyped-def]
    return Article.parse(next(f for f in plan.files if f.relpath == relpath).render())


def test_setting_a_value_on_a_subject_changes_one_line_per_article_whose_value_differs(
        project: Project, folder: Path) -> None:
    before = snapshot(folder)
    plan = plan_set(project, SetValue("seo.title", "QuickTakes | Science"), where="subject:physics")
    assert [f.relpath for f in plan.files] == [TIDES, SKY] and plan.matched == 2
    for file_plan in plan.files:
        assert changed(before[file_plan.relpath], file_plan.render()) == [
            "-  title: QuickTakes | Physics", "+  title: QuickTakes | Science"]
    assert snapshot(folder) == before
    again = plan_set(project, SetValue("seo.title", "QuickTakes | Physics"), where="subject:physics")
    assert not again and again.matched == 2  # every value is already the one wanted


def test_text_from_a_command_line_is_read_by_the_fields_type(project: Project) -> None:
    plan = plan_set(project, SetValue("date", "2025-01-31", text=True), where="subject:psychology")
    assert rendered(plan, TRUST).get("date") == dt.date(2025, 1, 31)
    plan = plan_set(project, SetValue("author", "yes", text=True), where="subject:psychology")
    assert rendered(plan, TRUST).get("author") == "yes"  # a text field keeps it as text
    plan = plan_set(project, SetValue("reviewed", "true", text=True), where="subject:psychology")
    assert plan.blocked and "--new" in plan.problems[0].message  # a typo must not add a key everywhere
    plan = plan_set(project, SetValue("reviewed", "true", text=True, new=True), where="subject:psychology")
    assert rendered(plan, TRUST).get("reviewed") == "true"  # a key the schema does not know stays text
    plan = plan_set(project, SetValue("no_index", "false", text=True), where="subject:psychology")
    assert rendered(plan, TRUST).get("no_index") is False  # no_index is a checkbox of the schema: read as one


def test_a_value_the_schema_refuses_stops_the_plan_and_names_every_file(project: Project) -> None:
    plan = plan_set(project, SetValue("date", "soon", text=True), where="subject:physics")
    assert plan.blocked
    assert [(p.relpath, p.field) for p in plan.problems] == [(TIDES, "date"), (SKY, "date")]
    assert "takes a date" in plan.problems[0].message
    assert plan_set(project, SetValue("score", "high", text=True), where="").blocked
    assert plan_set(project, SetValue("id", 7), where="").blocked  # read-only
    assert plan_set(project, Clear("title"), where="").blocked  # required


def test_clearing_empties_text_and_nulls_other_values(project: Project) -> None:
    plan = plan_set(project, Clear("seo.page_keywords"), where="subject:psychology")
    assert rendered(plan, TRUST).get("seo.page_keywords") == ""
    plan = plan_set(project, Clear("score"), where="subject:psychology")
    assert rendered(plan, TRUST).get("score") is None


def test_a_template_fills_in_other_fields_dotted_keys_and_braces(project: Project, folder: Path) -> None:
    plan = plan_set(project, Template("seo.title", "{title} | {subject} {{{id}}}"), where="subject:physics")
    assert rendered(plan, SKY).get("seo.title") == "Why is the sky blue? | Physics {102}"
    plan = plan_set(project, Template("article_title", "{seo.title}"), where="id:205")
    assert rendered(plan, TRUST).get("article_title") == "QuickTakes | Psychology"


def test_a_template_naming_a_missing_field_stops_the_plan(project: Project) -> None:
    plan = plan_set(project, Template("seo.title", "{title} | {nothing.here}"), where="subject:physics")
    assert plan.blocked and "nothing.here" in plan.problems[0].message
    with pytest.raises(PatternError, match="unmatched brace"):
        Template("seo.title", "{title")


def test_find_and_replace_inside_one_field_keeps_its_spans_tickable(project: Project, folder: Path) -> None:
    plan = plan_set(project, ReplaceIn("question", Search(r"^(Why|How) ", regex=True), r"\1, then, "),
                    where="subject:physics")
    assert [len(f.changes) for f in plan.files] == [1, 1]
    assert rendered(plan, TIDES).get("question") == "How, then, do tides work?"
    assert changed(snapshot(folder)[TIDES], plan.files[0].render()) == [
        "-    How do tides work?", "+    How, then, do tides work?"]


def test_adding_a_related_link_takes_the_first_free_slot_and_copies_the_target(project: Project, folder: Path) -> None:
    target = target_of(folder / TRUST)
    plan = plan_set(project, AddRelated(target), where="subject:physics")
    assert [f.relpath for f in plan.files] == [TIDES, SKY]
    tides = rendered(plan, TIDES)
    assert tides.get("related_article1") == {"id": 205, "title": "Why does trust matter?", "subject": "Psychology",
                                             "url": "/learn/psychology/questions/why-does-trust-matter"}
    sky = rendered(plan, SKY)
    assert sky.get("related_article2")["url"] == target.url and sky.get("related_article1")["id"] == 101
    # The new block is written like the file's other links: a folded title at 8 spaces.
    new_lines = changed(snapshot(folder)[SKY], plan.files[1].render())
    assert new_lines == ["+related_article2:", "+    id: 205", "+    title: >-", "+        Why does trust matter?",
                         "+    subject: Psychology", "+    url: /learn/psychology/questions/why-does-trust-matter"]


def test_adding_a_link_skips_the_target_itself_articles_that_have_it_and_full_slots(
        project: Project, folder: Path) -> None:
    plan = plan_set(project, AddRelated(target_of(folder / TIDES)), where="")
    # Sky and trust link to tides already; tides is the target; only the post gets the link.
    assert [f.relpath for f in plan.files] == ["posts/notes-on-the-moon.md"]
    assert [(p.relpath, p.blocking) for p in plan.problems] == [(TIDES, False)]


def test_removing_keys_takes_out_their_lines_where_present(project: Project, folder: Path) -> None:
    plan = plan_set(project, RemoveKeys(("no_index", "score")), where="")
    trust = next(f for f in plan.files if f.relpath == TRUST)
    assert [c.field for c in trust.changes] == ["no_index", "score"]
    assert changed(snapshot(folder)[TRUST], trust.render()) == ["-score: -1.0", "-no_index: True"]
    assert plan_set(project, RemoveKeys(("title",)), where="").blocked


def test_files_that_do_not_load_are_reported_without_stopping_the_plan(project: Project) -> None:
    plan = plan_set(project, SetValue("author", "The team"), paths=[project.folder / "physics/broken.md", TIDES])
    assert [f.relpath for f in plan.files] == [TIDES]
    assert not plan.blocked


def test_a_change_records_the_old_value_and_its_line(project: Project, folder: Path) -> None:
    plan = plan_set(project, SetValue("author", "The team"), where="id:101")
    change = plan.files[0].changes[0]
    assert (change.old, change.new) == ("QuickTakes", "The team")
    assert (folder / TIDES).read_text().splitlines()[change.line - 1] == "author: QuickTakes"
    added = plan_set(project, SetValue("draft", True), where="id:101").files[0].changes[0]
    assert added.old is ABSENT and added.describe() == "draft: (missing) -> True"


def test_the_answer_is_set_as_its_decoded_text(project: Project) -> None:
    plan = plan_set(project, SetValue("answer", "One.\n\nTwo."), where="id:205")
    assert rendered(plan, TRUST).get("answer") == "One.\\n\\nTwo."
    assert plan_set(project, SetValue("answer", "a \\n b"), where="id:205").blocked


def test_an_article_with_every_slot_taken_is_reported_and_left_alone(tmp_path: Path) -> None:
    from tests.perf.synth import article_model, link_to, write_article

    root = tmp_path / "full"
    targets = [article_model(f"physics/t{n}.md", f"T{n}", id=n) for n in range(1, 7)]
    full = article_model("physics/full.md", "Full", id=50, links=[link_to(t) for t in targets[:5]])
    for model in (*targets, full):
        write_article(root, model)
    project = Project.open(root)
    project.index()
    plan = plan_set(project, AddRelated(target_of(root / "physics/t6.md")), paths=[root / "physics/full.md"])
    assert not plan.files and not plan.blocked
    assert [p.message for p in plan.problems] == ["no free related slot (the schema has 5)"]
