"""``article-editor links FOLDER [--fix-stale] [--dry-run]``: report or fix related-link problems.

Without ``--fix-stale`` it lists the link problems (broken, stale, self, duplicate). With it,
every stale copy of a target's id, title or subject is updated from the target, file by file
through the atomic minimal-diff save, so only the stale lines change. ``--dry-run`` prints the
same changes without writing. Stale links are a routine fix, not a failure: it exits 0.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "links",
        help="report related-link problems, or update stale links from their targets",
        description="Report related-link problems, or update stale links from their targets.",
    )
    parser.add_argument("folder", type=Path, help="the content folder")
    parser.add_argument("--fix-stale", action="store_true", help="update stale links from their targets")
    parser.add_argument("--dry-run", action="store_true", help="print the changes without writing them")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from editor.operations import relink
    from editor.index.project import Project

    folder = Path(args.folder)
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    project = Project.open(folder)
    project.index()
    root = Path(project.folder)

    if not args.fix_stale:
        problems = relink.project_link_problems(project)
        for problem in problems:
            print(f"{problem.path}:{problem.line or 0}: {problem.code}: {problem.message}")
        print(f"{len(problems)} link problem(s)")
        return 0

    plan = relink.plan_stale(project)
    for change in plan.changes:
        for edit in change.edits:
            print(f"{relink.relative(change.path, root)}:{edit.line or 0}: {edit.field}: "
                  f"{relink.show_value(edit.old)} -> {relink.show_value(edit.new)}")
    if args.dry_run:
        print(f"Would change {plan.edit_count} field(s) in {len(plan.changes)} file(s) (dry run).")
        return 0
    summary = relink.apply(plan)
    print(summary.text())
    for path, reason in summary.failures:
        print(f"{relink.relative(path, root)}: not changed: {reason}")
    return 0
