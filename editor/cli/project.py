"""``article-editor index|search|check FOLDER``: the project index from the command line.

- ``index FOLDER [--json]`` builds or refreshes the index; prints counts, time and cache use.
- ``search FOLDER QUERY [--limit N] [--json]`` prints ranked matches (filters such as
  ``subject:psychology`` work as in the app).
- ``check FOLDER [--json] [--fix] [--select CODES] [--ignore CODES] [--severity LEVEL]
  [--baseline FILE]`` prints problems grouped by file, like a linter; ``--json`` prints
  ``{"problems": [...]}``. The problems are the folder's site's (``editor.operations.check_site``):
  the length checks measure the published title and description, and the project's rule
  settings (``.article-editor/config.yml``) apply. ``--select``/``--ignore`` take codes, prefixes
  (``related-``) or globs (``*-length``), comma-separated or repeated; ``--severity error`` prints
  errors only (``warning``: warnings and errors); ``--baseline FILE`` (what ``check --json``
  printed) leaves out the problems it holds. It exits 1 when any problem printed is an error,
  else 0. ``--fix`` first applies the fixes that are certain (stale link copies, file_name
  mismatches).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from itertools import groupby
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    index = subparsers.add_parser("index", help="build or refresh a content folder's index",
                                  description="Build or refresh the index of a content folder.")
    index.add_argument("folder", type=Path)
    index.add_argument("--json", action="store_true", help="print the statistics as JSON")
    index.set_defaults(func=run_index)

    search = subparsers.add_parser("search", help="search a content folder",
                                   description="Search titles, questions, keywords and subjects. "
                                   "Filters: subject:NAME, id:N. The last word matches as a prefix.")
    search.add_argument("folder", type=Path)
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true")
    search.set_defaults(func=run_search)

    check = subparsers.add_parser("check", help="check a content folder for problems",
                                  description="Report problems by file; exit 1 when any is an error.")
    check.add_argument("folder", type=Path)
    check.add_argument("--json", action="store_true", help='print {"problems": [...]}')
    check.add_argument("--fix", action="store_true", help="apply the certain fixes first")
    check.add_argument("--select", action="append", default=[], metavar="CODES",
                       help="report only these codes (comma-separated; prefixes such as related- and globs such as "
                            "'*-length' work)")
    check.add_argument("--ignore", action="append", default=[], metavar="CODES",
                       help="leave out these codes (as --select)")
    check.add_argument("--severity", choices=("error", "warning", "info"),
                       help="report only problems of this severity or worse")
    check.add_argument("--baseline", type=Path, metavar="FILE",
                       help="report only problems not in FILE (the output of check --json)")
    check.add_argument("--changed", nargs="?", const="HEAD", default=None, metavar="REV",
                       help="report only the articles changed against REV (HEAD by default): for pull-request CI")
    check.set_defaults(func=run_check)


def _open(folder: Path) -> Any:
    from editor.index.project import Project

    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    return Project.open(folder)


def run_index(args: argparse.Namespace) -> int:
    project = _open(args.folder)
    stats = project.index()
    if args.json:
        print(json.dumps(stats.to_json(), indent=2))
        return 0
    print(f"{stats.files} files: {stats.articles} articles, {stats.errors} that do not load")
    print(f"read {stats.added + stats.updated} ({stats.added} new, {stats.updated} changed), "
          f"{stats.unchanged} unchanged, {stats.removed} removed; "
          f"{stats.fast} by the fast scanner, {stats.fallback} by the full parser")
    print(f"{stats.seconds:.2f} s; index {stats.database} ({stats.database_bytes / 2**20:.1f} MB)")
    return 0


def run_search(args: argparse.Namespace) -> int:
    project = _open(args.folder)
    project.index()
    results = project.search(args.query, limit=args.limit)
    if args.json:
        print(json.dumps({"results": [r.to_json() for r in results]}, indent=2, ensure_ascii=False))
        return 0
    for result in results:
        print(f"{result.relpath}\t{result.title}\t({result.subject})")
    if not results:
        print("no matches", file=sys.stderr)
    return 0


def run_check(args: argparse.Namespace) -> int:
    from editor.checks.problem import ERROR
    from editor.operations.check import apply_fix, check_site
    from editor.site.baseline import BaselineError, new_problems, parse_baseline
    from editor.site.rule_settings import select_problems

    changed = None
    if args.changed is not None:
        from editor.cli.review import changed_articles

        changed = changed_articles(args.folder, args.changed)
    known = None
    if args.baseline is not None:
        try:
            known = parse_baseline(args.baseline.read_text(encoding="utf-8"))
        except BaselineError as exc:
            raise ValueError(f"{args.baseline}:{exc.line or 1}: {exc.message}") from None
    project = _open(args.folder)
    problems = check_site(project)
    if args.fix:
        fixed = 0
        for found in problems:
            if found.fix_is_certain:
                apply_fix(project.folder, found)
                fixed += 1
        if fixed:
            print(f"applied {fixed} fix(es)", file=sys.stderr)
            problems = check_site(project)
    problems = select_problems(problems, _codes(args.select), _codes(args.ignore), args.severity)
    if known is not None:
        problems = new_problems(problems, known)
    if changed is not None:
        problems = [p for p in problems if p.path in changed]
    if args.json:
        report: dict[str, Any] = {"problems": [p.to_json() for p in problems]}
        if changed is not None:
            report["changed"] = sorted(changed)
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        _print_grouped(problems)
    return 1 if any(p.severity == ERROR for p in problems) else 0


def _codes(values: list[str]) -> list[str]:
    """``--select a,b --select c`` as [a, b, c]."""
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _print_grouped(problems: list[Any]) -> None:
    """Problems under their file, like a linter: ``  LINE  SEVERITY  CODE  FIELD: MESSAGE``."""
    for path, group in groupby(problems, key=lambda p: p.path):
        print(path)
        for found in group:
            fix = "  [fix]" if found.fix else ""
            where = f"{found.field}: " if found.field else ""
            print(f"  {found.line or 0:>5}  {found.severity:<7}  {found.code:<22}  {where}{found.message}{fix}")
        print()
    by_code = Counter(p.code for p in problems)
    if by_code:
        print("by code: " + ", ".join(f"{code} {count}" for code, count in sorted(by_code.items(), key=lambda i: (-i[1], i[0]))))
    counts = Counter(p.severity for p in problems)
    files = len({p.path for p in problems})
    print(f"{len(problems)} problem(s) in {files} file(s): {counts['error']} error(s), {counts['warning']} warning(s), "
          f"{counts['info']} info")
