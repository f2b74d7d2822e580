"""Find and replace across a project, as a plan: every match becomes a change that can be unticked.

``plan_replace`` runs ``find`` with the replacement and turns each file's matches into a
``FilePlan`` of ``replace`` changes; ``add_matches`` does the same for one file, so a replace
panel can build the plan as the results stream in from a background thread. The new text of
each field is checked as it is found (``find``'s refusals): the schema must accept it (a select
field keeps to its options) and an answer must not end up holding a literal backslash-n.
"""
from __future__ import annotations

import os
from typing import Iterable

from editor.index.project import Project
from editor.operations.find import CancelFn, FileMatches, ProgressFn, find
from editor.operations.pattern import Search
from editor.operations.plan import REPLACE, BulkPlan, Change, FilePlan, PlanProblem


def title_of(search: Search, replacement: str) -> str:
    mode = "regex " if search.regex else "whole word " if search.word else ""
    return f"Replace {mode}{search.pattern!r} with {replacement!r} in {', '.join(search.fields)}"


def changes_of(found: FileMatches) -> list[Change]:
    """A ``replace`` change per match that changes something (a match already equal to its
    replacement is not a change)."""
    return [Change(m.field, REPLACE, m.text, m.replacement, m.file_line, m.start, m.end, m.before, m.after)
            for m in found.matches if m.replacement is not None and m.replacement != m.text]


def add_matches(plan: BulkPlan, found: FileMatches) -> FilePlan | None:
    """Add one file's matches (found with a replacement) to ``plan``; returns its FilePlan, or
    None when no match changes anything. The file's refusals become blocking problems."""
    plan.matched += 1
    changes = changes_of(found)
    if not changes:
        return None
    for key, line, reason in found.refusals:
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
