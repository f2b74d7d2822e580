"""Specification of the bulk plan: previewed as unified diffs, changes unticked, nothing written
until applied, every file rendered through Article.set (its own lines only, its own conventions)."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.operations.pattern import Search
from editor.operations.plan import StalePlanError, unified_diff
from editor.operations.replace import plan_replace
from editor.index.project import Project
from tests.editor.operations.bulk_fixtures import snapshot


def changed(before: bytes, after: bytes) -> list[str]:
    lines = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_planning_a_replace_writes_nothing(project: Project, folder: Path) -> None:
    before = snapshot(folder)
    plan = plan_replace(project, Search("moon"), "Moon")
    assert [f.relpath for f in plan.files] == ["physics/how-do-tides-work.md", "posts/notes-on-the-moon.md"]
    assert plan.change_count == 4 and plan.matched == 2 and not plan.blocked
    for _, diff in plan.diff():
        assert diff
    assert snapshot(folder) == before


def test_the_diff_shows_only_the_answer_line_in_the_files_convention(project: Project, folder: Path) -> None:
    plan = plan_replace(project, Search("sea"), "ocean")
    file_plan = plan.files[0]
    old = (folder / file_plan.relpath).read_bytes()
    new = file_plan.render()
    assert changed(old, new) == [
        "-    " + Article.parse(old).get("answer"),
        "+    " + Article.parse(old).get("answer").replace("the sea", "the ocean"),
    ]
    diff = file_plan.diff()
    assert diff.startswith("--- a/physics/how-do-tides-work.md\n+++ b/physics/how-do-tides-work.md\n@@ ")
    assert diff.count("\n-") == 1 and diff.count("\n+") == 1 + 1  # the +++ header and one line


def test_a_line_break_in_the_replacement_is_written_as_a_backslash_n_pair(project: Project, folder: Path) -> None:
    plan = plan_replace(project, Search("Without trust, "), "Without trust,\n\n")
    new = plan.files[0].render()
    article = Article.parse(new)
    assert article.get("answer") == "Trust lets a team take risks.\\n\\nWithout trust,\\n\\npeople hide mistakes."
    assert article.answer.count("\n") == 4
    assert len(changed((folder / plan.files[0].relpath).read_bytes(), new)) == 2


def test_a_replacement_that_makes_a_literal_backslash_n_stops_the_plan(project: Project) -> None:
    plan = plan_replace(project, Search("moon"), "\\no")
    assert plan.blocked
    assert {p.relpath for p in plan.problems} == {"physics/how-do-tides-work.md"}
    assert "backslash followed by n" in plan.problems[0].message


def test_a_value_the_schema_refuses_stops_the_plan_naming_the_files(project: Project) -> None:
    plan = plan_replace(project, Search("MMM DD", ("date_format",), case=True), "Month Day")
    assert plan.blocked
    assert sorted({p.relpath for p in plan.problems}) == ["physics/how-do-tides-work.md",
                                                           "physics/why-is-the-sky-blue.md",
                                                           "psychology/why-does-trust-matter.md"]
    assert "is one of" in plan.problems[0].message


def test_an_unticked_change_is_left_out_of_the_new_bytes(project: Project) -> None:
    plan = plan_replace(project, Search("moon"), "MOON")
    tides = plan.files[0]
    assert len(tides.changes) == 3
    tides.changes[1].enabled = False
    answer = Article.parse(tides.render()).answer
    assert answer.count("MOON") == 2 and answer.count("moon") == 1
    assert answer.index("moon") > answer.index("MOON")
    for change in tides.changes:
        change.enabled = False
    assert [f.relpath for f in plan.active] == ["posts/notes-on-the-moon.md"]
    assert plan.change_count == 1


def test_a_body_is_replaced_without_touching_the_front_matter(project: Project, folder: Path) -> None:
    plan = plan_replace(project, Search("black", ("@body",)), "dark")
    old = (folder / "posts/notes-on-the-moon.md").read_bytes()
    new = plan.files[0].render()
    assert changed(old, new) == ["-So its sky is black, even by day.", "+So its sky is dark, even by day."]
    assert not new.endswith(b"\n")  # no final newline, as before
    assert "\\ No newline at end of file" in plan.files[0].diff()


def test_crlf_and_bom_files_keep_them(tmp_path: Path) -> None:
    root = tmp_path / "odd"
    (root / "a").mkdir(parents=True)
    text = ("---\r\ntitle: >-\r\n    Moons\r\nanswer: >-\r\n    One moon.\\nTwo moons.\r\nscore: 1.0\r\n---\r\n\r\n&nbsp;")
    (root / "a" / "crlf.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    project = Project.open(root)
    project.index()
    plan = plan_replace(project, Search("moons"), "suns")
    new = plan.files[0].render()
    assert new == b"\xef\xbb\xbf" + text.replace("Two moons", "Two suns").encode()


def test_an_answer_stored_with_real_line_feeds_is_written_in_the_files_convention(tmp_path: Path) -> None:
    root = tmp_path / "quoted"
    (root / "a").mkdir(parents=True)
    (root / "a" / "q.md").write_bytes(b'---\ntitle: Q\nanswer: "First line.\\nSecond moon."\n---\n')
    project = Project.open(root)
    project.index()
    plan = plan_replace(project, Search("moon"), "sun")
    assert Article.parse(plan.files[0].render()).get("answer") == "First line.\\nSecond sun."


def test_rendering_refuses_a_file_that_changed_since_the_plan(project: Project, folder: Path) -> None:
    plan = plan_replace(project, Search("sea"), "ocean")
    path = folder / plan.files[0].relpath
    path.write_bytes(path.read_bytes().replace(b"Spring", b"Spring-time"))
    with pytest.raises(StalePlanError, match="changed on disk"):
        plan.files[0].render()


def test_several_fields_of_one_file_change_in_one_plan(project: Project, folder: Path) -> None:
    plan = plan_replace(project, Search("sky", ("title", "question", "answer"), word=True), "heaven")
    sky = next(f for f in plan.files if f.relpath == "physics/why-is-the-sky-blue.md")
    assert sorted({c.field for c in sky.changes}) == ["answer", "question", "title"]
    lines = changed((folder / sky.relpath).read_bytes(), sky.render())
    assert len(lines) == 6  # three lines out, three in: the two folded contents and the answer


def test_the_plan_lists_files_and_changes_as_json(project: Project, folder: Path) -> None:
    plan = plan_replace(project, Search("sea"), "ocean")
    report = plan.to_json()
    assert report["file_count"] == 1 and report["change_count"] == 1
    line = (folder / "physics/how-do-tides-work.md").read_text().splitlines().index("answer: >-") + 1
    assert report["files"][0]["changes"][0] == {"field": "answer", "kind": "replace", "line": line, "old": "sea",
                                                "new": "ocean", "enabled": True}


def test_unified_diff_of_identical_bytes_is_empty() -> None:
    assert unified_diff(b"a\n", b"a\n", "x.md") == ""
