"""Specification of the link graph: resolution, backlinks and the four link problems."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from editor.operations.check import check_project
from editor.checks.links import ArticleRef, Link, link_problems, url_key
from editor.index.project import Project
from tests.perf.synth import make_folder, write_linked_folder

TIDES_URL = "/learn/physics/questions/how-do-tides-work"


def ref(path: str, id: Any, title: Any, subject: Any, url: Any) -> ArticleRef:
    return ArticleRef(path, id, title, subject, url, url_key(url))


def link(path: str, slot: int, id: Any, title: Any, subject: Any, url: Any) -> Link:
    return Link(path, slot, f"related_article{slot}", id, title, subject, url, url_key(url), 10 + slot)


TIDES = ref("physics/how-do-tides-work.md", 101, "How do tides work?", "Physics", TIDES_URL)
SKY = ref("physics/why-is-the-sky-blue.md", 102, "Why is the sky blue?", "Physics", "/learn/physics/questions/why-is-the-sky-blue")


def codes(found: list[Any]) -> list[tuple[str, str, str]]:
    return sorted((p.path, p.field, p.code) for p in found)


def test_a_link_resolves_by_exact_url_after_stripping_white_space_only() -> None:
    found = link_problems([TIDES, SKY], [
        link(SKY.path, 1, 101, "How do tides work?", "Physics", f"  {TIDES_URL}\t"),
        link(SKY.path, 2, 101, "How do tides work?", "Physics", TIDES_URL.upper()),
        link(SKY.path, 3, 101, "How do tides work?", "Physics", TIDES_URL + "/"),
    ])
    assert codes(found) == [(SKY.path, "related_article2", "related-broken"), (SKY.path, "related_article3", "related-broken")]
    assert all(p.severity == "error" and p.line in (12, 13) for p in found)


def test_when_articles_share_a_url_the_first_in_path_order_is_the_target() -> None:
    copy = ref("zoology/how-do-tides-work.md", 101, "How tides work (old copy)", "Physics", TIDES_URL)
    # The link copies the first article in path order, so it is not stale ...
    assert link_problems([copy, TIDES, SKY], [link(SKY.path, 1, 101, "How do tides work?", "Physics", TIDES_URL)]) == []
    # ... and a link copying the later one is.
    found = link_problems([copy, TIDES, SKY], [link(SKY.path, 1, 101, "How tides work (old copy)", "Physics", TIDES_URL)])
    assert codes(found) == [(SKY.path, "related_article1", "related-stale")]


def test_a_broken_link_suggests_the_article_with_its_title_or_id() -> None:
    found = link_problems([TIDES, SKY], [link(SKY.path, 1, 101, "How do tides work?", "Physics", TIDES_URL + "-old")])
    (problem,) = found
    assert problem.code == "related-broken" and "did you mean physics/how-do-tides-work.md" in problem.message
    assert problem.fix == {"title": "Point related_article1 to physics/how-do-tides-work.md",
                           "edits": [{"field": "related_article1.url", "value": TIDES_URL}]}
    by_id = link_problems([TIDES, SKY], [link(SKY.path, 1, 101, "Some other title", "Physics", "/gone")])
    assert {"field": "related_article1.url", "value": TIDES_URL} in by_id[0].fix["edits"]
    assert {"field": "related_article1.title", "value": "How do tides work?"} in by_id[0].fix["edits"]
    nothing = link_problems([TIDES, SKY], [link(SKY.path, 1, 999, "Unknown", "Physics", "/gone")])
    assert nothing[0].fix is None and "did you mean" not in nothing[0].message


def test_a_broken_link_is_never_also_stale() -> None:
    found = link_problems([TIDES, SKY], [link(SKY.path, 1, "101", "Other", "Law", "/gone")])
    assert [p.code for p in found] == ["related-broken"]


@pytest.mark.parametrize("field, value", [
    ("id", "101"),              # the string "101" is not the int 101
    ("id", 102),
    ("title", "How do tides work"),
    ("subject", "physics"),
])
def test_a_resolved_link_whose_copy_differs_from_the_target_is_stale_with_a_certain_fix(field: str, value: Any) -> None:
    values = {"id": 101, "title": "How do tides work?", "subject": "Physics"} | {field: value}
    found = link_problems([TIDES, SKY], [link(SKY.path, 2, values["id"], values["title"], values["subject"], TIDES_URL)])
    (problem,) = found
    assert (problem.code, problem.severity, problem.field, problem.line) == ("related-stale", "warning", "related_article2", 12)
    assert problem.fix["edits"] == [{"field": f"related_article2.{field}", "value": getattr(TIDES, field)}]
    assert problem.fix_is_certain


def test_white_space_around_copied_strings_is_not_staleness() -> None:
    assert link_problems([TIDES, SKY], [link(SKY.path, 1, 101, " How do tides work? ", "Physics\t", TIDES_URL)]) == []


def test_self_and_duplicate_links_are_reported_independently_of_staleness() -> None:
    found = link_problems([TIDES, SKY], [
        link(SKY.path, 1, 101, "How do tides work?", "Physics", TIDES_URL),
        link(SKY.path, 2, 102, "Old sky title", "Physics", SKY.url),    # self and stale
        link(SKY.path, 3, 101, "How do tides work?", "Physics", TIDES_URL),  # duplicate of slot 1
        link(SKY.path, 4, 5, "Gone", "Physics", "/gone"),
        link(SKY.path, 5, 5, "Gone", "Physics", "/gone"),                # broken and duplicate
    ])
    assert codes(found) == [
        (SKY.path, "related_article2", "related-self"),
        (SKY.path, "related_article2", "related-stale"),
        (SKY.path, "related_article3", "related-duplicate"),
        (SKY.path, "related_article4", "related-broken"),
        (SKY.path, "related_article5", "related-broken"),
        (SKY.path, "related_article5", "related-duplicate"),
    ]
    duplicate = next(p for p in found if p.field == "related_article3")
    assert "related_article1" in duplicate.message and duplicate.severity == "warning"


def test_duplicates_count_from_lower_numbered_slots_whatever_the_file_order() -> None:
    found = link_problems([TIDES, SKY], [
        link(SKY.path, 3, 101, "How do tides work?", "Physics", TIDES_URL),
        link(SKY.path, 1, 101, "How do tides work?", "Physics", TIDES_URL),
    ])
    assert codes(found) == [(SKY.path, "related_article3", "related-duplicate")]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return write_linked_folder(tmp_path / "content")


def test_backlinks_lists_the_links_to_an_article_by_url_or_path(folder: Path) -> None:
    project = Project.open(folder)
    project.index()
    by_url = project.backlinks(TIDES_URL)
    assert [(l.path, l.key) for l in by_url] == [
        ("physics/why-is-the-sky-blue.md", "related_article1"),
        ("psychology/why-does-trust-matter.md", "related_article2"),
    ]
    assert project.backlinks("physics/how-do-tides-work.md") == by_url
    assert project.backlinks("psychology/why-does-trust-matter.md") == []
    assert project.resolve(TIDES_URL + " ").relpath == "physics/how-do-tides-work.md"
    assert project.resolve("/nowhere") is None


def test_yaml_types_from_files_decide_staleness(folder: Path) -> None:
    """A link id written as "101" in the file is a string, so it is stale against id: 101."""
    sky = folder / "physics" / "why-is-the-sky-blue.md"
    sky.write_bytes(sky.read_bytes().replace(b"    id: 101", b'    id: "101"'))
    found = check_project(Project.open(folder))
    stale = [p for p in found if p.code == "related-stale"]
    slot_line = sky.read_text().splitlines().index("related_article1:") + 1
    assert [(p.path, p.field, p.line) for p in stale] == [("physics/why-is-the-sky-blue.md", "related_article1", slot_line)]
    assert stale[0].fix["edits"] == [{"field": "related_article1.id", "value": 101}]


@pytest.mark.parametrize("seed", [11, 12])
def test_check_finds_exactly_the_link_problems_planted_in_a_generated_folder(tmp_path: Path, seed: int,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    planted = make_folder(tmp_path / "content", 700, seed=seed)
    found = Counter(p.code for p in check_project(Project.open(tmp_path / "content")))
    assert planted["broken"] and planted["stale"] and planted["self"] and planted["duplicate"]
    assert (found["related-broken"], found["related-stale"], found["related-self"], found["related-duplicate"]) == (
        planted["broken"], planted["stale"], planted["self"], planted["duplicate"])
