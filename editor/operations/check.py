"""The whole folder's check: every problem, from the index, and applying a problem's fix.

``check_project`` gives the problems as the index found them. ``check_site`` gives them as the
folder's site publishes and tunes them, which is what ``article-editor check`` reports:

1. the index's ``title-length`` and ``seo-description-length`` measure the bare ``title`` and
   ``seo.page_description`` fields; they are replaced by the same checks on the published
   ``<title>`` and description (``editor.operations.page_lengths``), with the project's
   thresholds;
2. the problems of schema template files (``schemas/*.md``) go: they are forms, not content;
   the problems of the site's configs (CMS config, ``.article-editor/`` files) are added;
3. the project's rule settings apply: a severity per code and collection, or ``off``.

The seam that would make step 1 cheap: the index reads every file's front matter anyway, but
keeps neither ``seo.title`` nor the description, and the page rules sit above it. If
``editor.index.database.FileContext`` held the folder's ``Publishing`` (``editor.site.locate``),
``Batch._add_loaded`` could store ``meta.title`` and ``meta.description`` of
``publishing.meta(relpath, data)`` with the lines of their source fields (new ``articles``
columns ``page_title``, ``page_title_line``, ``page_description``, ``page_description_line``;
SCHEMA_VERSION 10; the digests of ``.article-editor/page-rules.yml`` and ``config.yml`` in the
index's fingerprint), ``file_problem_rows`` would skip its two bare-field length checks, and
``Project.field_rows`` would offer the four columns; ``check_site`` would then measure those rows
(``published_length_problems`` on the stored texts) instead of reading the files again.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from editor.article.article import Article
from editor.checks.file_rules import answer_problems
from editor.checks.folder_rules import id_duplicates, subject_variants
from editor.checks.links import link_problems
from editor.checks.problem import Problem, apply_text_edit
from editor.index.project import Project
from editor.operations.image_check import missing_images
from editor.operations.page_lengths import LENGTH_CODES, folder_length_problems
from editor.site.checkout import known_codes
from editor.site.locate import Publishing, find_site_root, open_publishing
from editor.site.project_config import read_project_config
from editor.site.rule_settings import RuleSettings, apply_rule_settings


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
    found += missing_images(project)
    found.sort(key=Problem.sort_key)
    return found


def check_site(
    project: Project,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
    publishing: Publishing | None = None,
) -> list[Problem]:
    """Every problem in the folder as its site publishes and tunes them (see the module's
    docstring), sorted by file and line. ``publishing`` defaults to the site the folder is in
    (the nearest folder at or above it with a CMS config or ``.article-editor/``), else the
    folder itself as a site without a config."""
    folder = Path(project.folder)
    publishing = publishing or open_publishing(find_site_root(folder) or folder)
    settings = read_project_config(publishing.root, known_codes()).rules
    base = publishing.relpath(folder) or ""
    # Schema templates are forms, not content; the index will skip them once it reads the site.
    found = [p for p in check_project(project, progress, cancel)
             if p.code not in LENGTH_CODES and not publishing.site.is_schema_template(f"{base}/{p.path}" if base else p.path)]
    found += folder_length_problems(folder, (row[0] for row in project.records()), publishing, settings)
    found += _config_problems(folder, publishing)
    found = tune_problems(found, folder, publishing, settings)
    found.sort(key=Problem.sort_key)
    return found


def tune_problems(problems: Iterable[Problem], folder: Path, publishing: Publishing,
                  settings: RuleSettings) -> list[Problem]:
    """``problems`` of files relative to ``folder`` with the project's rule settings applied,
    each by the collection its file is in."""
    base = publishing.relpath(folder) or ""

    def collection_of(relpath: str) -> str | None:
        collection = publishing.site.collection_for(f"{base}/{relpath}" if base else relpath)
        return collection.name if collection is not None else None

    return apply_rule_settings(problems, settings, collection_of)


def _config_problems(folder: Path, publishing: Publishing) -> list[Problem]:
    """The site's and the page rules' messages, their paths made relative to the checked folder."""
    found = []
    for message in publishing.messages:
        found_problem = message.as_problem()
        if message.path.startswith("resources/"):
            path = message.path  # a bundled file: named as the editor ships it
        else:
            path = Path(os.path.relpath(publishing.root / message.path, folder)).as_posix()
        found.append(Problem(path, found_problem.line, found_problem.field, found_problem.severity,
                             found_problem.code, found_problem.message))
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
