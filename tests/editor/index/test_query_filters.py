"""Specification of the search filters a table filter and ``--where`` use: has:, field:value, and
the unranked selection of every matching article."""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.operations.selection import ValueFilter, select
from editor.index.project import Project
from editor.index.query import matching_paths, parse
from tests.perf.synth import article_model, write_article


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "content"
    write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", id=101))
    write_article(root, article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102,
                                      date="2023-05-01", no_index=True))
    # A wrong file name and a date that is not one: two problems the index stores for this file.
    write_article(root, article_model("psychology/why-does-trust-matter.md", "Why does trust matter?", id=205,
                                      date="soon", file_name="trust.md"))
    project = Project.open(root)
    project.index()
    return project


def paths(project: Project, query: str) -> list[str]:
    return matching_paths(project.connection(), query)


def test_has_problem_selects_the_files_with_a_stored_problem(project: Project) -> None:
    assert paths(project, "has:problem") == ["psychology/why-does-trust-matter.md"]
    assert paths(project, "has:date-invalid") == ["psychology/why-does-trust-matter.md"]
    assert paths(project, "has:related-broken") == []
    assert [r.relpath for r in project.search("has:problem")] == ["psychology/why-does-trust-matter.md"]


def test_an_indexed_field_filter_compares_its_text_ignoring_case_and_spaces(project: Project) -> None:
    assert paths(project, "date:2023-05-01") == ["physics/why-is-the-sky-blue.md"]
    assert paths(project, "file_name:TRUST.md") == ["psychology/why-does-trust-matter.md"]
    assert paths(project, 'title:"why is the sky blue?"') == ["physics/why-is-the-sky-blue.md"]
    assert paths(project, "title:why*") == ["physics/why-is-the-sky-blue.md", "psychology/why-does-trust-matter.md"]
    assert paths(project, "url:/learn/physics/questions/how-do-tides-work") == ["physics/how-do-tides-work.md"]
    assert paths(project, "title:why_*") == []  # LIKE's own wildcards are literal


def test_filters_combine_with_words_and_subjects(project: Project) -> None:
    assert paths(project, "subject:physics title:why*") == ["physics/why-is-the-sky-blue.md"]
    assert paths(project, "tides subject:physics") == ["physics/how-do-tides-work.md"]
    assert paths(project, "") == sorted(paths(project, ""))
    assert len(paths(project, "")) == 3


def test_a_whole_selection_takes_the_last_word_whole(project: Project) -> None:
    assert paths(project, "tid") == []  # as typed in a search box it would be a prefix
    assert [r.relpath for r in project.search("tid")] == ["physics/how-do-tides-work.md"]


def test_keys_the_index_does_not_hold_are_left_for_the_files() -> None:
    query = parse("no_index:true subject:physics sky")
    assert query.unindexed == [("no_index", "true")]
    assert query.fields == [] and query.match is not None and query.subjects


def test_a_selection_checks_unindexed_filters_on_the_loaded_values(project: Project) -> None:
    selection = select(project, "no_index:true")
    assert selection.filters == (ValueFilter("no_index", "true"),)
    assert ValueFilter("no_index", "true").admits({"no_index": True})
    assert not ValueFilter("no_index", "true").admits({"no_index": 1})  # True is not 1
    assert not ValueFilter("no_index", "true").admits({})
    assert ValueFilter("seo.title", "quicktakes | physics").admits({"seo": {"title": " QuickTakes | Physics"}})
    assert ValueFilter("date", "2024-12-02").admits({"date": __import__("datetime").date(2024, 12, 2)})
    assert ValueFilter("author", "quick*").admits({"author": "QuickTakes"})


def test_a_selection_can_be_narrowed_to_given_files(project: Project) -> None:
    chosen = select(project, "subject:physics", [project.folder / "physics/how-do-tides-work.md",
                                                 "psychology/why-does-trust-matter.md"])
    assert chosen.paths == ["physics/how-do-tides-work.md"]
