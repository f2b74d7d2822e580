"""Specification of ``recheck``: a few files checked again give what a full check would give."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.checks.problem import Problem, apply_text_edit
from editor.index.project import Project
from editor.operations.check import apply_fix, check_project
from editor.operations.recheck import LINK_CODES, folder_facts, recheck
from tests.perf.synth import article_model, link_to, make_folder, render, write_article


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _by_file(problems: list[Problem]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for found in sorted(problems, key=Problem.sort_key):
        grouped[found.path].append(found.to_json())
    return grouped


def _json(problems: list[Problem]) -> list[dict]:
    return [p.to_json() for p in sorted(problems, key=Problem.sort_key)]


def test_rechecking_any_file_gives_the_full_checks_problems_for_it(tmp_path: Path) -> None:
    """On a generated folder with every kind of problem (broken links with their did-you-mean
    fixes, stale copies, copies with one id, variant subjects, pitfalls, malformed files)."""
    root = tmp_path / "content"
    make_folder(root, 400, seed=3)
    project = Project.open(root)
    expected = _by_file(check_project(project))
    folder = folder_facts(project)
    paths = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))
    for path in paths:
        (update, *_others) = recheck(project, folder, {}, [path]).updates
        assert update.path == path and update.codes is None
        assert _json(update.problems) == expected.get(path, []), path


def _pair(root: Path) -> tuple[dict, dict, Path, Path]:
    tides = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101)
    moon = article_model("physics/what-does-the-moon-do.md", "What does the moon do?", id=102, links=[link_to(tides)])
    return tides, moon, write_article(root, tides), write_article(root, moon)


def test_a_new_title_in_an_open_buffer_makes_the_linking_articles_copies_stale(tmp_path: Path) -> None:
    root = tmp_path / "content"
    _tides, _moon, tides_path, _ = _pair(root)
    project = Project.open(root)
    assert check_project(project) == []
    article = Article.load(tides_path)
    article.set("title", "How do ocean tides work?")
    result = recheck(project, None, {}, ["physics/how-do-tides-work.md"],
                     buffers={"physics/how-do-tides-work.md": article.dumps()})
    linker = next(u for u in result.updates if u.path == "physics/what-does-the-moon-do.md")
    assert linker.codes == LINK_CODES
    (stale,) = linker.problems
    assert stale.code == "related-stale"
    assert stale.fix["edits"] == [{"field": "related_article1.title", "value": "How do ocean tides work?"}]
    assert result.titles["physics/how-do-tides-work.md"] == "How do ocean tides work?"


def test_a_new_url_breaks_the_links_and_the_fix_points_them_at_the_article_again(tmp_path: Path) -> None:
    root = tmp_path / "content"
    _tides, _moon, tides_path, _ = _pair(root)
    project = Project.open(root)
    project.index()
    text = tides_path.read_text().replace("url: /learn/physics/questions/how-do-tides-work",
                                          "url: /learn/physics/questions/tides")
    tides_path.write_text(text)  # saved: the index still has the old url
    result = recheck(project, folder_facts(project), {}, ["physics/how-do-tides-work.md"])
    linker = next(u for u in result.updates if u.path == "physics/what-does-the-moon-do.md")
    (broken,) = linker.problems
    assert broken.code == "related-broken" and "how-do-tides-work.md" in broken.message
    assert {"field": "related_article1.url", "value": "/learn/physics/questions/tides"} in broken.fix["edits"]


def test_facts_kept_from_an_earlier_recheck_stand_for_a_file_the_index_has_not_read_again(tmp_path: Path) -> None:
    root = tmp_path / "content"
    _tides, _moon, tides_path, moon_path = _pair(root)
    project = Project.open(root)
    project.index()
    folder = folder_facts(project)
    tides_path.write_text(tides_path.read_text().replace("    How do tides work?\narticle_title",
                                                         "    How do tides rise?\narticle_title"))
    first = recheck(project, folder, {}, ["physics/how-do-tides-work.md"])
    # The linker is fixed and saved; checked on its own, it must compare with the new title.
    moon_path.write_text(moon_path.read_text().replace("        How do tides work?", "        How do tides rise?"))
    second = recheck(project, folder, first.facts, ["physics/what-does-the-moon-do.md"])
    (update,) = second.updates
    assert [p.code for p in update.problems] == []


def test_an_id_change_updates_the_id_duplicates_of_the_other_holder(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", id=101))
    other = write_article(root, article_model("physics/what-is-a-wave.md", "What is a wave?", id=101))
    project = Project.open(root)
    assert {p.code for p in check_project(project)} == {"id-duplicate"}
    other.write_text(other.read_text().replace("id: 101", "id: 102"))
    result = recheck(project, folder_facts(project), {}, ["physics/what-is-a-wave.md"])
    updates = {u.path: u for u in result.updates}
    assert updates["physics/what-is-a-wave.md"].problems == []
    assert updates["physics/how-do-tides-work.md"].codes == {"id-duplicate"}
    assert updates["physics/how-do-tides-work.md"].problems == []


def test_a_deleted_file_has_no_problems_and_its_linkers_links_are_broken(tmp_path: Path) -> None:
    root = tmp_path / "content"
    _tides, _moon, tides_path, _ = _pair(root)
    project = Project.open(root)
    folder = folder_facts(project) if project.index() else None
    tides_path.unlink()
    updates = {u.path: u for u in recheck(project, folder, {}, ["physics/how-do-tides-work.md"]).updates}
    assert updates["physics/how-do-tides-work.md"].problems == []
    assert [p.code for p in updates["physics/what-does-the-moon-do.md"].problems] == ["related-broken"]


def test_a_pitfall_fix_is_a_span_of_the_answer_found_again_after_other_edits(tmp_path: Path) -> None:
    root = tmp_path / "content"
    answer = "Prices: $7.25 each = $26.83 in total.\\n\\nAnd $a \\neq b$ in math."  # as stored: \n pairs
    path = write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", answer=answer))
    found = {p.code: p for p in check_project(Project.open(root))}
    latex, dollars = found["latex-newline"], found["dollar-math"]
    assert latex.fix["title"] == "Write ≠" and dollars.fix["title"] == "Escape the dollars"
    apply_fix(root, dollars)  # the answer grows by two backslashes before the \neq
    apply_fix(root, latex)
    assert Article.load(path).answer == "Prices: \\$7.25 each = \\$26.83 in total.\n\nAnd $a ≠ b$ in math."
    assert apply_text_edit("no such text", latex.fix["edits"][0]) is None
    with pytest.raises(ValueError, match="no longer there"):
        apply_fix(root, latex)
