"""The whole folder's check: every problem, from the index, and applying a problem's fix."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from editor.article.article import Article
from editor.checks.file_rules import answer_problems
from editor.checks.folder_rules import id_duplicates, subject_variants
from editor.checks.links import link_problems
from editor.checks.problem import Problem, apply_text_edit
from editor.index.project import Project


def check_project(
    project: Project,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[Problem]:
    """Every problem in the folder, sorted by file and line. Refreshes the index first."""
    project.index(progress=progress, cancel=cancel)
    found = project.stored_problems()
    for path, line, answer in project.math_answers():
        found += answer_problems(path, answer, line)
    found += id_duplicates(project.field_rows("id"))
    found += subject_variants(project.field_rows("subject"))
    articles, links = project.link_graph()
    found += link_problems(articles, links)
    found.sort(key=Problem.sort_key)
    return found


def apply_fix(folder: str | Path, found: Problem) -> Path:
    """Apply a problem's fix to its file through ``editor.article.Article``; returns the path."""
    if found.fix is None:
        raise ValueError(f"{found.path}: {found.code} has no fix")
    path = Path(folder) / found.path
    article = Article.load(path)
    for edit in found.fix["edits"]:
        if "old" in edit:  # a span of the answer (a pitfall's fix), found again in the text as it is now
            fixed = apply_text_edit(article.answer, edit)
            if fixed is None:
                raise ValueError(f"{found.path}: the text {edit['old']!r} of this {found.code} is no longer there")
            article.answer = fixed
        else:
            article.set(edit["field"], edit["value"])
    article.save()
    return path
