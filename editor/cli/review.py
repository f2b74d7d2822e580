"""``article-editor review FOLDER [REV_RANGE]`` and ``check FOLDER --changed [REV]``: reviewing
changes from the command line (for pull-request CI).

``check --changed`` (editor/cli/project.py) asks ``changed_articles`` which articles changed.

- ``review FOLDER [REV_RANGE] [--staged | --unstaged] [--json] [-o report.html] [--links]``
  prints the field-level review of every changed article: the work tree against HEAD by
  default, ``REV`` (against the work tree), ``A..B`` or ``A...B`` (against the merge base).
  ``--json`` prints ``{"articles": [{"path", "status", "fields": [{"key", "old", "new"}]}]}``
  (paths relative to FOLDER, keys dotted, answer and body decoded); ``-o`` writes the
  self-contained HTML report; ``--links`` also checks related links against the folder's index.
- ``check FOLDER --changed [REV]`` (with every other ``check`` option) reports the problems of
  the articles changed against REV (HEAD by default) only.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from editor.git.repository import GitError, Repository, open_repository
from editor.git.revisions import RevRange, changed_paths

_CONTEXT = 30  # characters of unchanged text kept around a word change in the text output


def register(subparsers: Any) -> None:
    review = subparsers.add_parser(
        "review", help="review the changed articles of a git work tree, field by field",
        description="Show what changed in every changed article: the work tree against HEAD by default, "
                    "REV against the work tree, A..B, or A...B (against the merge base).")
    review.add_argument("folder", type=Path)
    review.add_argument("rev_range", nargs="?", default="", metavar="REV_RANGE")
    sides = review.add_mutually_exclusive_group()
    sides.add_argument("--staged", action="store_true", help="the index against HEAD")
    sides.add_argument("--unstaged", action="store_true", help="the work tree against the index")
    review.add_argument("--json", action="store_true", help='print {"articles": [...]}')
    review.add_argument("-o", "--output", type=Path, help="write the HTML report to this file")
    review.add_argument("--links", action="store_true", help="check related links against the folder's index")
    review.set_defaults(func=run_review)


def _repository(folder: Path) -> Repository:
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    return open_repository(folder)


def _range(args: argparse.Namespace) -> RevRange:
    if args.staged or args.unstaged:
        if args.rev_range:
            raise ValueError("give a REV_RANGE or --staged/--unstaged, not both")
        return RevRange.staged() if args.staged else RevRange.unstaged()
    return RevRange.parse(args.rev_range)


def run_review(args: argparse.Namespace) -> int:
    from editor.review.article_review import changeset_json, review_changeset, summarise
    from editor.review.changeset import load_changeset
    from editor.review.problems import index_resolver

    try:
        repo = _repository(args.folder)
        changeset = load_changeset(repo, _range(args))
    except GitError as exc:
        print(f"article-editor: {exc}", file=sys.stderr)
        return 1
    resolve = None
    if args.links:
        from editor.index.project import Project

        project = Project.open(args.folder)
        project.index()
        resolve = index_resolver(project)
    reviews = review_changeset(changeset, resolve=resolve)
    if args.output is not None:
        from editor.article.atomic import write_atomic
        from editor.review.report import report_html

        write_atomic(args.output, report_html(changeset, reviews).encode("utf-8"))
    if args.json:
        print(json.dumps(changeset_json(changeset, reviews), indent=1, ensure_ascii=False))
        return 0
    for review in reviews:
        _print_review(review)
    summary = summarise(reviews)
    print(f"{summary.files} changed article(s), {summary.fields_changed} field(s) changed; "
          f"problems: {summary.problems_added} added, {summary.problems_removed} removed")
    return 0


def _print_review(review: Any) -> None:
    moved = f" (from {review.change.old_path})" if review.change.old_path else ""
    print(f"{review.path}  {review.status}{moved}")
    if review.error:
        print(f"  cannot be read: {review.error}")
    for found in review.fields:
        print(f"  {found.key}: {_change_text(found)}")
    for found in review.problems.added:
        print(f"  + {found.severity} {found.code}: {found.message}")
    for found in review.problems.removed:
        print(f"  - {found.code}: {found.message}")
    print()


def _change_text(found: Any) -> str:
    """``old -> new`` for short values; a word diff (``[-old-]{+new+}``) for long text."""
    from editor.review.fields import ABSENT, json_value
    from editor.review.words import EQUAL, INSERT, word_diff

    def shown(value: Any) -> str:
        return "(not set)" if value is ABSENT else json.dumps(json_value(value), ensure_ascii=False)

    if not (found.is_text and found.old is not ABSENT and found.new is not ABSENT) or \
            len(found.old) + len(found.new) < 120:
        return f"{shown(found.old)} -> {shown(found.new)}"
    parts = []
    for op in word_diff(found.old, found.new):
        text = op.text.replace("\n", "\\n")  # one line per field, as the file itself writes it
        if op.op == EQUAL:
            parts.append(text if len(text) <= 2 * _CONTEXT else f"{text[:_CONTEXT]} … {text[-_CONTEXT:]}")
        else:
            parts.append(f"{{+{text}+}}" if op.op == INSERT else f"[-{text}-]")
    return "".join(parts)


def changed_articles(folder: Path, rev: str = "HEAD") -> set[str]:
    """Paths (relative to ``folder``) of the articles changed against ``rev``, deleted ones left out."""
    from editor.review.changeset import is_article_path

    repo = _repository(folder)
    found = set()
    for change in changed_paths(repo, RevRange.parse(rev)):
        relpath = repo.folder_path(change.path)
        if relpath is not None and change.kind != "deleted" and is_article_path(relpath):
            found.add(relpath)
    return found
