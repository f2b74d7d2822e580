"""Bulk edits from the command line: ``replace``, ``set FOLDER --where``, ``undo`` and ``redo``.

- ``replace FOLDER PATTERN REPLACEMENT [--field KEY]... [--regex] [--case] [--word]
  [--where QUERY] [--dry-run] [--json]``: find and replace in the chosen fields (default: the
  answer and the body), in the articles the query selects (default: all).
- ``set FOLDER --where QUERY KEY VALUE [--template] [--dry-run] [--json]``: set one field on
  every selected article (``set FILE KEY VALUE`` stays the one-file command, in
  ``editor.cli.article``, which hands folders over to ``run_set_folder``).
- ``undo FOLDER [--list] [--operation ID] [--dry-run] [--json]``: reverse the last bulk
  operation (every file it changed gets its old bytes back, unless it changed since); ``redo``
  applies it again, or finishes one a crash or a full disk interrupted.

``--dry-run`` prints the unified diff of every change and writes nothing. Exit status: 0 done,
1 nothing matched (or nothing to undo, or some file was left alone), 2 bad input (a pattern, a
value the schema refuses, a folder that is not one).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

OK, NOTHING, BAD_INPUT = 0, 1, 2


def register(subparsers: Any) -> None:
    replace = subparsers.add_parser("replace", help="find and replace across a content folder", description=(
        "Replace PATTERN with REPLACEMENT in every selected article, changing only the matched fields' lines. "
        "Fields: answer (as its text with real line breaks), @body (the markdown after the front matter), "
        "title, or any dotted key; default answer and @body."))
    replace.add_argument("folder", type=Path)
    replace.add_argument("pattern")
    replace.add_argument("replacement")
    replace.add_argument("--field", action="append", dest="fields", metavar="KEY",
                         help="a field to search (repeat for several)")
    replace.add_argument("--regex", action="store_true", help="PATTERN is a Python regular expression; "
                         "REPLACEMENT may use its groups (\\1, \\g<name>)")
    replace.add_argument("--case", action="store_true", help="match case (by default case is ignored)")
    replace.add_argument("--word", action="store_true", help="match whole words only")
    _selection_and_output(replace)
    replace.set_defaults(func=run_replace)

    for name, verb in (("undo", "reverse"), ("redo", "apply again (or finish)")):
        parser = subparsers.add_parser(name, help=f"{verb} the last bulk operation in a content folder",
                                       description=f"{verb.capitalize()} the last bulk operation (replace or set "
                                       "on a folder); files changed on disk since are reported and left alone.")
        parser.add_argument("folder", type=Path)
        parser.add_argument("--list", action="store_true", help="list the journaled operations instead")
        parser.add_argument("--operation", metavar="ID", help="the operation to take (see --list)")
        parser.add_argument("--dry-run", action="store_true", help="say what would be written, write nothing")
        parser.add_argument("--json", action="store_true")
        parser.set_defaults(func=run_undo if name == "undo" else run_redo)


def _selection_and_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--where", metavar="QUERY", help="only the articles this search selects "
                        "(subject:psychology, has:problem, no_index:true, words...)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff of every change; write nothing")
    parser.add_argument("--json", action="store_true", help="list the files and changes as JSON")


def _fail(message: str, code: int = BAD_INPUT) -> int:
    print(f"article-editor: {message}", file=sys.stderr)
    return code


def _project(folder: Path) -> Any:
    from editor.index.project import Project

    project = Project.open(folder)
    project.index()
    return project


def _finish(args: argparse.Namespace, plan: Any, command: str) -> int:
    """Print or apply a plan: the part ``replace`` and ``set FOLDER`` share."""
    from editor.operations.apply import apply

    if plan.blocked:
        for problem in plan.problems:
            if problem.blocking:
                print(f"{problem.text()}", file=sys.stderr)
        return _fail(f"nothing was written: the schema refuses {sum(p.blocking for p in plan.problems)} change(s) "
                     f"(files listed above)")
    if plan.matched == 0:
        if args.json:
            print(json.dumps({"command": command, "dry_run": args.dry_run, **plan.to_json()}, indent=1))
        return _fail("nothing matched", NOTHING)
    report: dict[str, Any] = {"command": command, "dry_run": args.dry_run, **plan.to_json()}
    if args.dry_run:
        diffs = []
        for file_plan, diff in plan.diff():
            diffs.append(diff)
            if not args.json:
                sys.stdout.write(diff)
        if args.json:
            for entry, diff in zip(report["files"], diffs):
                entry["diff"] = diff
            print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
        else:
            print(f"{plan.change_count} change(s) in {len(plan.active)} file(s); dry run, nothing written",
                  file=sys.stderr)
        return OK
    outcome = apply(plan)
    report["outcome"] = outcome.to_json()
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False, default=str))
    else:
        for file_plan in plan.active:
            print(f"{file_plan.relpath}: {len(file_plan.enabled)} change(s)")
        _print_outcome(outcome)
        if outcome.operation is not None:
            print(f"undo with: article-editor undo {getattr(args, 'folder', None) or args.file}", file=sys.stderr)
    return OK if outcome.complete else NOTHING


def _print_outcome(outcome: Any) -> None:
    for path, reason in outcome.conflicts + outcome.failures:
        print(f"{path}: not written: {reason}", file=sys.stderr)
    print(outcome.text(), file=sys.stderr)


def run_replace(args: argparse.Namespace) -> int:
    from editor.operations.fields import DEFAULT_FIELDS
    from editor.operations.pattern import PatternError, Search
    from editor.operations.replace import plan_replace

    if not args.folder.is_dir():
        return _fail(f"{args.folder}: not a folder")
    try:
        search = Search(args.pattern, tuple(args.fields or DEFAULT_FIELDS), regex=args.regex, case=args.case,
                        word=args.word)
        search.check_replacement(args.replacement)
    except PatternError as exc:
        return _fail(str(exc))
    plan = plan_replace(_project(args.folder), search, args.replacement, where=args.where)
    return _finish(args, plan, "replace")


def run_set_folder(args: argparse.Namespace) -> int:
    """``set FOLDER --where QUERY KEY VALUE``; VALUE is read as ``set FILE`` reads it."""
    from editor.operations.field_edit import SetValue, Template, plan_set
    from editor.operations.pattern import PatternError
    from editor.operations.selection import scalar

    if args.where is None:
        return _fail("set on a folder needs --where QUERY to choose the articles (--where '' for all of them)")
    if args.force:
        return _fail("--force takes one FILE; a bulk set writes only values the schema accepts")
    raw = args.value
    if raw == "-":
        raw = sys.stdin.read()
        raw = raw[:-1] if raw.endswith("\n") else raw
    try:
        if args.template:
            edit: Any = Template(args.key, raw)
        elif args.yaml:
            edit = SetValue(args.key, scalar(raw))
        else:
            edit = SetValue(args.key, raw, text=not args.string, new=args.new)
    except PatternError as exc:
        return _fail(str(exc))
    plan = plan_set(_project(args.file), edit, where=args.where)
    return _finish(args, plan, "set")


def _operation(args: argparse.Namespace, pick: Any) -> tuple[Any, Any]:
    from editor.operations.bulk_journal import Journal

    journal = Journal(args.folder)
    if args.operation:
        return journal, next((op for op in journal.operations() if op.id == args.operation), None)
    return journal, pick(journal)


def _list(journal: Any, as_json: bool) -> int:
    operations = journal.operations()
    if as_json:
        print(json.dumps({"operations": [op.to_json() for op in operations]}, indent=1))
    for op in operations if not as_json else ():
        print(f"{op.id}  {op.state:<10}  {len(op.entries):>6} file(s)  {op.title}")
    return OK if operations else NOTHING


def _reverse_or_redo(args: argparse.Namespace, action: str) -> int:
    from editor.operations import apply as applying
    from editor.operations.bulk_journal import NEW, OLD, Busy

    if not args.folder.is_dir():
        return _fail(f"{args.folder}: not a folder")
    journal, operation = _operation(args, applying.last_to_undo if action == "undo" else applying.last_to_redo)
    if args.list:
        return _list(journal, args.json)
    if operation is None:
        return _fail(f"nothing to {action}" + (f": no operation {args.operation}" if args.operation else ""), NOTHING)
    if args.dry_run:
        target = OLD if action == "undo" else NEW
        states = [(entry.relpath, operation.file_state(entry)) for entry in operation.entries]
        todo = [path for path, state in states if state not in (target,) and state in (OLD, NEW)]
        left = [(path, state) for path, state in states if state not in (OLD, NEW)]
        if args.json:
            print(json.dumps({"operation": operation.to_json(), "would_write": todo,
                              "left_alone": [{"path": p, "state": s} for p, s in left]}, indent=1))
        else:
            print(f"{action} {operation.title!r}: would write {len(todo)} file(s); "
                  f"{len(left)} changed on disk since and would be left alone")
            for path, state in left:
                print(f"{path}: {state}")
        return OK
    try:
        outcome = applying.undo(operation) if action == "undo" else applying.redo(operation)
    except Busy as exc:
        return _fail(str(exc), NOTHING)
    if args.json:
        print(json.dumps(outcome.to_json(), indent=1))
    else:
        print(f"{action} {operation.title!r}")
        _print_outcome(outcome)
    return OK if outcome.complete else NOTHING


def run_undo(args: argparse.Namespace) -> int:
    return _reverse_or_redo(args, "undo")


def run_redo(args: argparse.Namespace) -> int:
    return _reverse_or_redo(args, "redo")
