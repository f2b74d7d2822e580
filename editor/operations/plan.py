"""One plan type for every bulk edit: what will change, per file, before anything is written.

A ``BulkPlan`` lists ``FilePlan``s, each with its ``Change``s and the sha256 of the bytes it was
made from. A change is a span of a field's text replaced (find and replace), a field set to a new
value, or a field removed; each can be unticked (``enabled = False``). ``FilePlan.render`` makes
the new bytes from the old ones with the ticked changes, through ``Article.set`` (only the
changed field's lines differ; the answer written back in the file's backslash-n convention), and
``FilePlan.diff`` shows them as a unified diff. Problems found while planning (a value the schema
refuses) are listed on the plan; a plan with a blocking problem is never applied.

Plans hold no parsed articles, only paths, hashes and changes, so a plan over 35,000 files stays
small; rendering re-reads the file and refuses (``StalePlanError``) when it changed since.
A plan is not locked: one thread adds to it (the window adds what its worker sends).
"""
from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from editor.article.article import Article, ArticleError
from editor.operations.fields import ABSENT, BODY, article_text, is_representable, split_body, with_body, write_text

REPLACE, SET, REMOVE = "replace", "set", "remove"


class StalePlanError(ArticleError):
    """The file is not what the plan was made from (changed on disk, or a span no longer fits)."""


def show(value: Any, limit: int = 70) -> str:
    """A value on one short line, for listings."""
    if value is ABSENT:
        return "(missing)"
    text = " ".join(str(value).split()) if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class Change:
    """One change to one field. ``replace``: the text ``old`` at ``start:end`` of the field's text
    becomes ``new``; ``set``: the field's value ``old`` (``ABSENT`` for a new key) becomes ``new``;
    ``remove``: the field goes. Answer values are decoded text. ``line`` is the file's line."""

    field: str
    kind: str
    old: Any
    new: Any
    line: int | None = None
    start: int = 0
    end: int = 0
    before: str = ""  # replace: the text just before and after, on the same line
    after: str = ""
    enabled: bool = True

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        if self.kind == REMOVE:
            return f"{where}{self.field}: remove ({show(self.old)})"
        return f"{where}{self.field}: {show(self.old)} -> {show(self.new)}"

    def to_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if value is ABSENT:
                return None
            return value if isinstance(value, (str, int, float, bool, type(None), dict, list)) else str(value)

        return {"field": self.field, "kind": self.kind, "line": self.line, "old": plain(self.old),
                "new": plain(self.new), "enabled": self.enabled}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class FilePlan:
    """The changes to one file, made from the bytes whose sha256 is ``sha256``."""

    path: Path
    relpath: str
    sha256: str
    changes: list[Change] = field(default_factory=list)

    @property
    def enabled(self) -> list[Change]:
        return [change for change in self.changes if change.enabled]

    def read(self) -> bytes:
        """The file's bytes, when they are still the ones the plan was made from."""
        try:
            data = self.path.read_bytes()
        except OSError as exc:
            raise StalePlanError(self.path, None, f"cannot read the file: {exc.strerror or exc}") from None
        if _sha256(data) != self.sha256:
            raise StalePlanError(self.path, None, "the file changed on disk since the plan was made")
        return data

    def render(self, data: bytes | None = None) -> bytes:
        """The file's new bytes with the ticked changes (``data``: its current bytes, read when
        not given). Raises ``StalePlanError`` or ``ArticleError`` when a change cannot be made."""
        return self.rendered(data)[0]

    def rendered(self, data: bytes | None = None) -> tuple[bytes, Article | None]:
        """``render``, with the edited Article when it holds exactly the new bytes (no body
        change): saving it writes them, with its check that the file still holds ``data``."""
        data = self.read() if data is None else data
        if _sha256(data) != self.sha256:
            raise StalePlanError(self.path, None, "the file changed on disk since the plan was made")
        article = Article.parse(data, self.path)
        body: list[Change] = []
        for key, changes in _by_field(self.enabled):
            if key == BODY:
                body = changes
            elif changes[0].kind == REPLACE:
                write_text(article, key, self._spliced(key, article_text(article, key), changes))
            else:
                for change in changes:
                    self._set(article, change)
        out = article.dumps()
        if body:
            return with_body(out, self._spliced(BODY, split_body(out)[1], body)), None
        return out, article

    def _spliced(self, key: str, text: str | None, changes: list[Change]) -> str:
        if text is None:
            raise StalePlanError(self.path, None, f"{key} is no longer text")
        pieces, at = [], 0
        for change in sorted(changes, key=lambda c: (c.start, c.end)):
            if change.start < at or text[change.start:change.end] != change.old:
                raise StalePlanError(self.path, change.line, f"{key} no longer holds {show(change.old)!r} there")
            pieces += [text[at:change.start], change.new]
            at = change.end
        new = "".join(pieces) + text[at:]
        if not is_representable(key, new):
            raise ArticleError(self.path, changes[0].line, f"the new {key} holds a backslash followed by n, which "
                               "the site shows as a line break")
        return new

    def _set(self, article: Article, change: Change) -> None:
        if change.kind == REMOVE:
            if article.has(change.field):
                article.delete(change.field)
        elif isinstance(change.new, str):
            write_text(article, change.field, change.new)
        else:
            article.set(change.field, change.new)

    def diff(self, old: bytes | None = None, new: bytes | None = None, context: int = 3) -> str:
        """The unified diff of the ticked changes (``git diff`` style, ``a/`` and ``b/`` paths)."""
        old = self.read() if old is None else old
        return unified_diff(old, self.render(old) if new is None else new, self.relpath, context)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.relpath, "changes": [change.to_json() for change in self.changes]}


def _by_field(changes: list[Change]) -> Iterator[tuple[str, list[Change]]]:
    """Changes grouped by field, in the order each field first appears."""
    groups: dict[str, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.field, []).append(change)
    return iter(groups.items())


def unified_diff(old: bytes, new: bytes, relpath: str, context: int = 3) -> str:
    """A unified diff of two versions of a file, with git's marker for a missing final newline."""
    if old == new:
        return ""
    a = old.decode("utf-8", "replace").splitlines(keepends=True)
    b = new.decode("utf-8", "replace").splitlines(keepends=True)
    out = []
    for line in difflib.unified_diff(a, b, f"a/{relpath}", f"b/{relpath}", n=context):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@dataclass(frozen=True)
class PlanProblem:
    """Something wrong with a planned change. A blocking one stops the whole plan."""

    relpath: str
    line: int | None
    field: str
    message: str
    blocking: bool = True

    def text(self) -> str:
        return f"{self.relpath}:{self.line or 0}: {self.field}: {self.message}"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.relpath, "line": self.line, "field": self.field, "message": self.message,
                "blocking": self.blocking}


class PlanRefused(ValueError):
    """A plan with blocking problems was asked to apply; nothing was written."""

    def __init__(self, problems: list[PlanProblem]) -> None:
        self.problems = problems
        names = sorted({p.relpath for p in problems})
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        super().__init__(f"nothing was written: {len(problems)} change(s) cannot be made, in {shown}: "
                         + "; ".join(p.text() for p in problems[:3]))


@dataclass
class BulkPlan:
    """A bulk edit of a project, previewable and applicable as one step (see ``apply``)."""

    title: str
    folder: Path
    files: list[FilePlan] = field(default_factory=list)
    problems: list[PlanProblem] = field(default_factory=list)
    matched: int = 0  # files that qualified: with a match (replace), or selected (set)

    @property
    def blocked(self) -> bool:
        return any(problem.blocking for problem in self.problems)

    def refuse_if_blocked(self) -> None:
        if self.blocked:
            raise PlanRefused([p for p in self.problems if p.blocking])

    @property
    def active(self) -> list[FilePlan]:
        """The files with at least one ticked change."""
        return [plan for plan in self.files if plan.enabled]

    @property
    def change_count(self) -> int:
        return sum(len(plan.enabled) for plan in self.files)

    def __bool__(self) -> bool:
        return bool(self.active)

    def diff(self, context: int = 3) -> Iterator[tuple[FilePlan, str]]:
        """Each active file's unified diff, in plan order (a file that fails to render raises)."""
        for plan in self.active:
            yield plan, plan.diff(context=context)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "files": [plan.to_json() for plan in self.active], "matched": self.matched,
                "file_count": len(self.active), "change_count": self.change_count,
                "problems": [problem.to_json() for problem in self.problems]}
