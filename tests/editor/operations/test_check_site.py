"""``check_site``: the folder's problems as its site publishes and tunes them. The length checks
measure the published <title> and description; rule settings from .article-editor/config.yml apply."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from editor.index.project import Project
from editor.operations.check import check_project, check_site
from editor.operations.page_lengths import source_field
from tests.fixtures.site_checkout import ANSWER, CANONICAL_ANSWER, NO_INDEX_ANSWER, POST, copy_site, write

SHORT_ANSWER = "content/learn/biology/what-is-a-cell.md"
# Its bare title is 16 characters, far under the schema's 60; the published one is not.
SHORT_ANSWER_TEXT = """---
_schema: default
id: 103
date: 2024-03-06
title: >-
    What is a cell?
article_title: >-
    What is a cell?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: Study Desk | Biology
  page_description: >-
    Cells are the smallest units of life: a membrane around water, proteins and the instructions to copy them.
  page_keywords: >-
    cell, membrane
author: Study Desk Team
question: >-
    What is a cell?
answer: >-
    A cell is the smallest **living** unit.
subject: Biology Studies And Everything Around The Living World
file_name: what-is-a-cell.md
url: /learn/biology/questions/what-is-a-cell
score: -1.0
---

&nbsp;"""


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    root = copy_site(tmp_path)
    write(root, SHORT_ANSWER, SHORT_ANSWER_TEXT)
    return root


def problems_of(root: Path, relpath: str, code: str, folder: Path | None = None):
    return [p for p in check_site(Project.open(folder or root)) if p.path == relpath and p.code == code]


def test_the_title_check_measures_the_composed_title_not_the_title_field(root):
    assert not [p for p in check_project(Project.open(root)) if p.path == SHORT_ANSWER and p.code == "title-length"]
    [found] = problems_of(root, SHORT_ANSWER, "title-length")
    assert found.field == "title" and found.line == 5 and found.severity == "warning"
    assert "Student Question : What is a cell? | Biology Studies And Everything" in found.message
    assert "px wide in 20 px Arial" in found.message and "about 580 px" in found.message


def test_the_description_check_measures_the_published_description_on_its_source_field(root):
    [found] = problems_of(root, ANSWER, "seo-description-length")
    assert found.field == "seo.page_description" and found.line == 13
    assert '"Get the full answer from QuickTakes - A short walk' in found.message and "920 px" in found.message


def test_a_description_from_the_description_field_is_reported_on_that_field(root):
    write(root, NO_INDEX_ANSWER, (root / NO_INDEX_ANSWER).read_text(encoding="utf-8").replace(
        "    Chlorophyll breaks down in the cold and the yellow pigments beneath show through.",
        "    " + "Chlorophyll breaks down in the cold and the yellow pigments beneath show through. " * 3))
    [found] = problems_of(root, NO_INDEX_ANSWER, "seo-description-length")
    assert found.field == "description" and found.line == 16


def test_a_too_short_published_description_is_reported(root):
    write(root, NO_INDEX_ANSWER, (root / NO_INDEX_ANSWER).read_text(encoding="utf-8").replace(
        "    Chlorophyll breaks down in the cold and the yellow pigments beneath show through.", "    Leaves."))
    [found] = problems_of(root, NO_INDEX_ANSWER, "seo-description-length")
    assert "is 45 characters" in found.message and "below 50" in found.message


def test_a_posts_title_is_its_seo_title(root):
    long_title = "A much longer search title for this post that keeps going well past the cut | Study Desk"
    write(root, POST, (root / POST).read_text(encoding="utf-8").replace(
        "  title: Three habits for focused study | Study Desk", f"  title: {long_title}"))
    [found] = problems_of(root, POST, "title-length")
    assert found.field == "seo.title" and long_title[:40] in found.message


def test_thresholds_come_from_the_rule_settings_per_collection(root):
    write(root, ".article-editor/config.yml",
          "rules:\n  title-length:\n    collections:\n      answers: {max_px: 2000}\n")
    assert problems_of(root, SHORT_ANSWER, "title-length") == []
    write(root, ".article-editor/config.yml", "rules:\n  title-length:\n    max_px: 2000\n    max: 70\n")
    [found] = problems_of(root, SHORT_ANSWER, "title-length")
    assert "the project's limit is 70" in found.message


def test_a_rule_set_off_for_the_project_is_not_reported(root):
    write(root, ".article-editor/config.yml", "rules:\n  seo-description-length: off\n  title-length: info\n")
    found = Counter((p.code, p.severity) for p in check_site(Project.open(root)))
    assert not any(code == "seo-description-length" for code, _ in found)
    assert found[("title-length", "info")] == 4 and not found[("title-length", "warning")]


def test_the_configs_problems_are_reported_and_schema_templates_are_not_checked(root):
    write(root, ".article-editor/page-rules.yml", "rule_sets:\n  post: [a list]\n")
    found = check_site(Project.open(root))
    assert any(p.path == ".article-editor/page-rules.yml" and p.line == 2 and p.code == "config-invalid" for p in found)
    assert any(p.path == "cloudcannon.config.yml" and p.code == "config-folder-missing" for p in found)
    assert not any(p.path == "schemas/post.md" for p in found)


def test_a_folder_inside_the_site_is_checked_by_the_sites_rules_with_its_own_paths(root):
    folder = root / "content" / "learn"
    found = [p for p in check_site(Project.open(folder)) if p.code == "title-length"]
    assert {p.path for p in found} == {"biology/what-is-a-cell.md", "biology/how-do-mitochondria-make-energy.md",
                                       "biology/why-do-leaves-change-colour-in-autumn.md", "geology/what-causes-earthquakes.md"}
    assert all("Student Question : " in p.message for p in found)


def test_the_source_field_is_the_first_non_empty_alternative_of_the_template():
    data = {"title": "T", "seo": {"title": "", "page_description": "D"}, "description": "d"}
    assert source_field("{seo.title|title}", data) == "title"
    assert source_field("Get it - {seo.page_description|description}", data) == "seo.page_description"
    assert source_field("Student Question : {title} | {subject_title}", data) == "title"
    assert source_field("{stem}", data) is None


def test_a_canonical_answer_is_still_measured(root):
    assert problems_of(root, CANONICAL_ANSWER, "title-length")
