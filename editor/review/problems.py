"""The problems a change adds and the ones it removes.

Both versions go through the checks the index runs on every file (``editor.checks``:
``file_problems`` with the schema's rules, and ``answer_problems`` for the site pitfalls), and an
unreadable version gets the ``yaml-error`` the index would give it. When a ``resolve`` function
is given (a url to the article it points to, from the project's index), the related links of
both versions are checked against it as well: broken, stale, self and duplicate links.

Problems are matched by field, code and message, not by line: a paragraph inserted above a
pitfall moves it, but does not make it new. The answer's own line within the message ("answer
line 7") is left out of the match for the same reason.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from editor.checks.file_rules import RulesCache, answer_problems, file_problems, may_have_pitfalls
from editor.checks.problem import Problem, problem
from editor.checks.links import ArticleRef, link_problems, url_key
from editor.review.fields import related_links
from editor.review.version import Version

Resolve = Callable[[str], "ArticleRef | None"]  # url key -> the article it resolves to
_ANSWER_LINE = re.compile(r" \(answer line \d+\)$")


@dataclass(frozen=True)
class ProblemChanges:
    """Problems only the new version has, only the old one had, and both have."""

    added: tuple[Problem, ...] = ()
    removed: tuple[Problem, ...] = ()
    kept: tuple[Problem, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"added": [p.to_json() for p in self.added], "removed": [p.to_json() for p in self.removed]}


def version_problems(relpath: str, version: Version, rules: RulesCache, resolve: Resolve | None = None) -> list[Problem]:
    """The problems one version of the file at ``relpath`` has on its own (none if it does not exist)."""
    if not version.exists:
        return []
    if version.error is not None:
        error = version.error
        return [problem(relpath, error.line or 1, "", "yaml-error", error.message)]
    values = version.values
    found = file_problems(relpath, values, version.lines, rules(values.get("_schema")))
    answer = values.get("answer")
    if isinstance(answer, str) and may_have_pitfalls(answer):
        found += answer_problems(relpath, answer, version.lines.get("answer"))
    if resolve is not None:
        found += _link_problems(relpath, version, resolve)
    found.sort(key=Problem.sort_key)
    return found


def _link_problems(relpath: str, version: Version, resolve: Resolve) -> list[Problem]:
    values = version.values
    own = ArticleRef(relpath, values.get("id"), values.get("title"), values.get("subject"), values.get("url"),
                     url_key(values.get("url")))
    links = related_links(values, relpath, version.lines)
    articles = [own]
    for link in links:
        target = resolve(link.url_key) if link.url_key else None
        # The article's own url stands for this version, not for what the index holds of it.
        if target is not None and target.path != relpath and link.url_key != own.url_key:
            articles.append(target)
    return link_problems(articles, links)


def _identity(found: Problem) -> tuple[str, str, str]:
    return found.field, found.code, _ANSWER_LINE.sub("", found.message)


def compare_problems(old: list[Problem], new: list[Problem]) -> ProblemChanges:
    """Which problems came, went and stayed; a problem found twice must go twice to be gone."""
    remaining = Counter(_identity(p) for p in old)
    added, kept = [], []
    for found in new:
        key = _identity(found)
        if remaining[key] > 0:
            remaining[key] -= 1
            kept.append(found)
        else:
            added.append(found)
    still = Counter(_identity(p) for p in kept)
    removed = []
    for found in old:
        key = _identity(found)
        if still[key] > 0:
            still[key] -= 1
        else:
            removed.append(found)
    return ProblemChanges(tuple(added), tuple(removed), tuple(kept))


def problem_changes(
    relpath: str, old: Version, new: Version, rules: RulesCache,
    resolve: Resolve | None = None, old_relpath: str | None = None,
) -> ProblemChanges:
    """The problems the change from ``old`` to ``new`` adds and removes (``old_relpath``: where
    the old version lived, for a rename)."""
    return compare_problems(version_problems(old_relpath or relpath, old, rules, resolve),
                            version_problems(relpath, new, rules, resolve))


def index_resolver(project: Any) -> Resolve:
    """A ``resolve`` function over a project's index (``editor.project.Project``)."""
    def resolve(key: str) -> ArticleRef | None:
        info = project.by_url(key)
        if info is None:
            return None
        return ArticleRef(info.relpath, info.id, info.title, info.subject, info.url, info.url_key)
    return resolve
