"""The review of one changed article, and of a whole change set: fields, links, problems, and
on demand the rendered and source diffs; a summary; the JSON the CLI prints.

``review_article`` does the cheap part at once (fields, related lists, problems); the rendered
diff and the source diff of the answer or body are computed when asked for, so stepping
through 500 changed articles costs only what is shown.

The JSON shape (``changeset_json``)::

    {"range": "HEAD..(work tree)", "summary": {...},
     "articles": [{"path", "status", "old_path", "error",
                   "fields": [{"key", "old", "new", "change"}],
                   "problems": {"added": [...], "removed": [...]}}]}

Paths are relative to the folder, keys dotted, ``answer`` and ``body`` decoded.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from editor.checks.file_rules import RulesCache
from editor.review.changeset import ArticleChange, ChangeSet
from editor.review.fields import BODY, FieldChange, RelatedLists, field_changes, related_lists
from editor.review.problems import ProblemChanges, Resolve, problem_changes
from editor.review.rendered import RenderedDiff, rendered_diff
from editor.review.source import SourceRow, side_by_side
from editor.review.version import Version

TEXT_KEYS = ("answer", BODY)  # values shown as a rendered diff and a source diff


@dataclass(frozen=True)
class ArticleReview:
    """What a change does to one article. ``error`` is set when either version cannot be read as
    an article: then there are no fields, and the source diff compares the whole files."""

    change: ArticleChange
    fields: tuple[FieldChange, ...]
    related: RelatedLists
    problems: ProblemChanges
    error: str | None = None
    _cache: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.change.path

    @property
    def status(self) -> str:
        return self.change.status

    @property
    def title(self) -> str:
        """The article's title (the new one, or the old one of a deleted article), else its path."""
        for version in (self.change.new, self.change.old):
            title = version.values.get("title")
            if isinstance(title, str) and title.strip():
                return " ".join(title.split())
        return self.change.path

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def text_changed(self, key: str = "answer") -> bool:
        return key in self.keys

    def texts(self, key: str = "answer") -> tuple[str, str]:
        """Old and new markdown of ``answer`` or ``body``; whole files when one cannot be read."""
        old, new = self.change.old, self.change.new
        if self.error is not None:
            return old.text, new.text
        return _text(old, key), _text(new, key)

    def rendered(self, key: str = "answer", flavour: str = "site") -> RenderedDiff:
        """The rendered diff of the answer (or body), computed once."""
        cached = self._cache.get(("rendered", key + ":" + flavour))
        if cached is None:
            cached = self._cache[("rendered", key + ":" + flavour)] = rendered_diff(*self.texts(key), flavour)
        return cached

    def source(self, key: str = "answer", context: int | None = 3) -> list[SourceRow]:
        """The side-by-side source diff of the decoded answer (or body)."""
        return side_by_side(*self.texts(key), context=context)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "status": self.status, "old_path": self.change.old_path, "error": self.error,
            "fields": [f.to_json() for f in self.fields], "problems": self.problems.to_json(),
        }


def _text(version: Version, key: str) -> str:
    return version.answer if key == "answer" else version.body if key == BODY else str(version.values.get(key) or "")


def review_article(change: ArticleChange, rules: RulesCache, resolve: Resolve | None = None) -> ArticleReview:
    """Fields, related lists and problems of one changed article."""
    problems = problem_changes(change.path, change.old, change.new, rules, resolve, change.old_relpath)
    broken = next((v.error for v in (change.old, change.new) if v.error is not None), None)
    if broken is not None:
        return ArticleReview(change, (), related_lists(Version(None), Version(None)), problems, str(broken))
    return ArticleReview(change, tuple(field_changes(change.old, change.new)), related_lists(change.old, change.new),
                         problems)


def review_changeset(changeset: ChangeSet, rules: RulesCache | None = None,
                     resolve: Resolve | None = None) -> list[ArticleReview]:
    """``review_article`` for every article of the change set, in path order."""
    rules = rules or RulesCache(changeset.folder)
    return [review_article(change, rules, resolve) for change in changeset.articles]


@dataclass(frozen=True)
class Summary:
    """Counts over a change set: files per status, field changes per key, problems."""

    files: int
    by_status: dict[str, int]
    fields_changed: int
    by_key: dict[str, int]
    problems_added: int
    problems_removed: int
    unreadable: int

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files, "by_status": self.by_status, "fields_changed": self.fields_changed,
            "by_key": self.by_key, "problems_added": self.problems_added, "problems_removed": self.problems_removed,
            "unreadable": self.unreadable,
        }


def summarise(reviews: list[ArticleReview]) -> Summary:
    keys: Counter[str] = Counter()
    for review in reviews:
        # Related links count once per slot, not once per id, title, subject and url.
        keys.update({f.key.split(".")[0] if f.key.startswith("related_article") else f.key for f in review.fields})
    return Summary(
        files=len(reviews),
        by_status=dict(Counter(r.status for r in reviews)),
        fields_changed=sum(len(r.fields) for r in reviews),
        by_key=dict(keys.most_common()),
        problems_added=sum(len(r.problems.added) for r in reviews),
        problems_removed=sum(len(r.problems.removed) for r in reviews),
        unreadable=sum(1 for r in reviews if r.error is not None),
    )


def changeset_json(changeset: ChangeSet, reviews: list[ArticleReview]) -> dict[str, Any]:
    """The ``review --json`` document of a change set."""
    return {
        "folder": str(changeset.folder),
        "range": changeset.label,
        "old": changeset.rev_range.old,
        "new": changeset.rev_range.new,
        "summary": summarise(reviews).to_json(),
        "articles": [review.to_json() for review in reviews],
    }

