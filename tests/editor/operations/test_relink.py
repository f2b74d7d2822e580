"""Specification of project-wide link fixes: stale links from their targets, rename and move."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editor.operations import relink
from editor.operations import rename
from editor.article.article import Article
from editor.index.project import Project
from tests.fixtures.link_folder import Spec, write_all

MEMORY = Spec(101, "What is working memory?", keywords="memory, attention")
HABITS = Spec(102, "How do habits form?", keywords="habits, reward")
SLEEP = Spec(103, "Why does sleep help learning?", subject="Biology", keywords="sleep, memory")


def _diff(before: bytes, after: bytes) -> list[str]:
    """Changed lines only (no context), with their +/- marks."""
    lines = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in lines if line[:1] in "+-" and not line.startswith(("+++", "---"))]


@pytest.fixture(autouse=True)
def _own_index_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test indexes into its own cache, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    home = Spec(
        110,
        "How can students revise well?",
        related=[
            MEMORY.link(title="What is short-term memory?"),  # stale title
            HABITS.link(),
            SLEEP.link(subject="Psychology", id="103"),  # stale subject and id (a string, not the int)
        ],
    )
    other = Spec(111, "Does music help concentration?", related=[HABITS.link(title="Old habits title")])
    clean = Spec(112, "What is spaced repetition?", related=[MEMORY.link(), SLEEP.link()])
    write_all(tmp_path, [MEMORY, HABITS, SLEEP, home, other, clean])
    return tmp_path


def _project(folder: Path) -> Project:
    project = Project.open(folder)
    project.index()
    return project


def _path(folder: Path, spec: Spec) -> Path:
    return folder / spec.url.split("/")[2] / f"{spec.stem}.md"


def test_stale_edits_list_each_differing_value_with_its_line(folder: Path) -> None:
    project = _project(folder)
    home = Article.load(folder / "psychology" / "how-can-students-revise-well.md")
    edits = relink.stale_edits(home, relink.project_lookup(project))
    assert [(e.field, e.new) for e in edits] == [
        ("related_article1.title", MEMORY.title),
        ("related_article3.id", 103),
        ("related_article3.subject", "Biology"),
    ]
    assert edits[0].line == home.line_of("related_article1.title")


def test_updating_one_link_changes_only_that_links_stale_lines(folder: Path) -> None:
    project = _project(folder)
    path = folder / "psychology" / "how-can-students-revise-well.md"
    before = path.read_bytes()
    plan = relink.plan_stale(project, path, slot=3)
    summary = relink.apply(plan)
    assert summary.files_changed == [path] and summary.edits == 2
    assert _diff(before, path.read_bytes()) == [
        '-    id: "103"',
        "+    id: 103",
        "-    subject: Psychology",
        "+    subject: Biology",
    ]
    after = Article.load(path)
    assert after.get("related_article3.subject") == "Biology"
    assert after.get("related_article1.title").strip() == "What is short-term memory?"  # not in scope


def test_project_wide_plan_lists_every_file_with_stale_links_before_writing(folder: Path) -> None:
    project = _project(folder)
    snapshot = {p: p.read_bytes() for p in folder.rglob("*.md")}
    plan = relink.plan_stale(project)
    assert sorted(p.name for p in plan.files) == ["does-music-help-concentration.md", "how-can-students-revise-well.md"]
    assert plan.edit_count == 4
    assert {p: p.read_bytes() for p in folder.rglob("*.md")} == snapshot  # planning writes nothing


def test_project_wide_fix_changes_exactly_the_stale_lines_and_reports_a_summary(folder: Path) -> None:
    project = _project(folder)
    home = folder / "psychology" / "how-can-students-revise-well.md"
    other = folder / "psychology" / "does-music-help-concentration.md"
    before = {home: home.read_bytes(), other: other.read_bytes()}
    summary = relink.apply(relink.plan_stale(project))
    assert summary.edits == 4 and sorted(summary.files_changed) == sorted([home, other])
    assert "4 field(s) in 2 files" in summary.text()
    assert _diff(before[other], other.read_bytes()) == ["-        Old habits title", "+        How do habits form?"]
    assert _diff(before[home], home.read_bytes()) == [
        "-        What is short-term memory?",
        "+        What is working memory?",
        '-    id: "103"',
        "+    id: 103",
        "-    subject: Psychology",
        "+    subject: Biology",
    ]
    # Nothing is stale any more.
    assert relink.plan_stale(_project(folder), home).changes == []


def test_broken_links_are_not_touched_by_stale_fixes(tmp_path: Path) -> None:
    gone = Spec(120, "Where did this go?")
    home = Spec(121, "What links to a missing page?", related=[gone.link(), HABITS.link(title="Stale")])
    write_all(tmp_path, [HABITS, home])
    project = _project(tmp_path)
    edits = relink.plan_stale(project, _path(tmp_path, home)).changes[0].edits
    assert [e.field for e in edits] == ["related_article2.title"]


def test_link_statuses_name_ok_stale_broken_self_and_duplicate(tmp_path: Path) -> None:
    home = Spec(130, "Which link is which?")
    home.related = [
        HABITS.link(),
        HABITS.link(),
        MEMORY.link(title="Outdated"),
        Spec(131, "Nowhere to be found").link(),
        home.link(),
    ]
    write_all(tmp_path, [HABITS, MEMORY, home])
    project = _project(tmp_path)
    statuses = relink.link_statuses(Article.load(_path(tmp_path, home)), relink.project_lookup(project))
    assert statuses == {1: ["ok"], 2: ["duplicate"], 3: ["stale"], 4: ["broken"], 5: ["self"]}


def test_renaming_an_article_updates_its_file_url_and_every_backlink(folder: Path) -> None:
    project = _project(folder)
    old = _path(folder, HABITS)
    home = folder / "psychology" / "how-can-students-revise-well.md"
    plan = rename.plan_rename(project, old, new_stem="how-are-habits-formed")
    assert sorted(p.name for p in plan.files) == [
        "does-music-help-concentration.md", "how-can-students-revise-well.md", "how-do-habits-form.md"
    ]
    assert not (folder / "psychology" / "how-are-habits-formed.md").exists()  # preview only
    summary = relink.apply(plan)
    new = folder / "psychology" / "how-are-habits-formed.md"
    assert not old.exists() and new.exists()
    moved = Article.load(new)
    assert moved.get("file_name") == "how-are-habits-formed.md"
    assert moved.get("url") == "/learn/psychology/questions/how-are-habits-formed"
    assert Article.load(home).get("related_article2.url") == "/learn/psychology/questions/how-are-habits-formed"
    music = Article.load(folder / "psychology" / "does-music-help-concentration.md")
    assert music.get("related_article1.url") == "/learn/psychology/questions/how-are-habits-formed"
    assert not summary.failures


def test_moving_an_article_to_another_subject_moves_the_file_and_updates_backlinks(folder: Path) -> None:
    project = _project(folder)
    relink.apply(rename.plan_rename(project, _path(folder, MEMORY), new_stem=MEMORY.stem, new_subject="Biology"))
    new = folder / "biology" / f"{MEMORY.stem}.md"
    assert new.exists() and not _path(folder, MEMORY).exists()
    moved = Article.load(new)
    assert (moved.get("subject"), moved.get("url")) == ("Biology", f"/learn/biology/questions/{MEMORY.stem}")
    clean = Article.load(folder / "psychology" / "what-is-spaced-repetition.md")
    assert clean.get("related_article1.subject") == "Biology"
    assert clean.get("related_article1.url") == f"/learn/biology/questions/{MEMORY.stem}"


def test_rename_refuses_to_overwrite_an_existing_file(folder: Path) -> None:
    project = _project(folder)
    with pytest.raises(ValueError, match="already exists"):
        rename.plan_rename(project, _path(folder, HABITS), new_stem=MEMORY.stem)


def test_one_failing_file_does_not_stop_the_others(folder: Path) -> None:
    project = _project(folder)
    plan = relink.plan_stale(project)
    plan.changes[0].path.write_bytes(b"not an article")
    summary = relink.apply(plan)
    assert len(summary.failures) == 1 and len(summary.files_changed) == 1
    assert "failed" in summary.text()
