"""Find and replace across a project, as a plan: every match becomes a change that can be unticked.

``plan_replace`` runs ``find`` with the replacement and turns each file's matches into a
``FilePlan`` of ``replace`` changes; ``add_matches`` does the same for one file, so a replace
panel can build the plan as the results stream in from a background thread. The new text of
each field is checked before anything is written: the schema must accept it (a select field
keeps to its options) and an answer must not end up holding a literal backslash-n.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from editor.operations.fields import BODY, is_representable
from editor.operations.find import CancelFn, FileMatches, ProgressFn, find
from editor.operations.pattern import Search
from editor.operations.plan import REPLACE, BulkPlan, Change, FilePlan, PlanProblem
from editor.operations.validation import refusal
from editor.index.project import Project
from editor.article.schema import load_schema


def title_of(search: Search, replacement: str) -> str:
    mode = "regex " if search.regex else "whole word " if search.word else ""
    return f"Replace {mode}{search.pattern!r} with {replacement!r} in {', '.join(search.fields)}"


def changes_of(found: FileMatches) -> list[Change]:
    """A ``replace`` change per match that changes something (a match already equal to its
    replacement is not a change)."""
    return [Change(m.field, REPLACE, m.text, m.replacement, m.file_line, m.start, m.end, m.before, m.after)
            for m in found.matches if m.replacement is not None and m.replacement != m.text]


def new_texts(found: FileMatches, changes: list[Change]) -> dict[str, str]:
    """Each changed field's text once every change is made."""
    out: dict[str, str] = {}
    for key, text in found.texts.items():
        spans = sorted((c for c in changes if c.field == key), key=lambda c: c.start)
        if not spans:
            continue
        pieces, at = [], 0
        for change in spans:
            pieces += [text[at:change.start], str(change.new)]
            at = change.end
        out[key] = "".join(pieces) + text[at:]
    return out


def add_matches(plan: BulkPlan, found: FileMatches, schema_folder: Path | None = None) -> FilePlan | None:
    """Add one file's matches (found with a replacement) to ``plan``; returns its FilePlan, or
    None when no match changes anything. Refusals are added to ``plan.problems``."""
    plan.matched += 1
    changes = changes_of(found)
    if not changes:
        return None
    schema = load_schema(found.schema, schema_folder if schema_folder is not None else plan.folder)
    for key, text in new_texts(found, changes).items():
        line = next(c.line for c in changes if c.field == key)
        if not is_representable(key, text):
            plan.problems.append(PlanProblem(found.relpath, line, key, "the new answer holds a backslash followed by "
                                             "n, which the site shows as a line break"))
        elif key != BODY:
            reason = refusal(schema, key, text)
            if reason is not None:
                plan.problems.append(PlanProblem(found.relpath, line, key, reason))
    file_plan = FilePlan(found.path, found.relpath, found.sha256, changes)
    plan.files.append(file_plan)
    return file_plan


def plan_replace(project: Project, search: Search, replacement: str, *, where: str | None = None,
                 paths: Iterable[str | os.PathLike[str]] | None = None, progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None) -> BulkPlan:
    """Every match of ``search`` replaced, as a plan that writes nothing (see ``find`` for the
    arguments). A cancelled find gives the plan of the files found so far."""
    plan = BulkPlan(title_of(search, replacement), project.folder)
    for found in find(project, search, replacement=replacement, where=where, paths=paths,
                      progress=progress, cancel=cancel):
        add_matches(plan, found)
    return plan
