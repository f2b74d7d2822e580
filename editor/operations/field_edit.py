"""Set, clear or transform one field on a selection of articles, as a plan.

The edits (each a small frozen dataclass with ``changes(article)``):

- ``SetValue``: one value for every file (``text=True``: text from a command line, which the
  field's schema type reads, as ``article-editor set`` does);
- ``Clear``: empty text, or null for a field that is not text;
- ``Template``: a value made from the file's other fields, ``{title} | {subject}``, dotted keys
  allowed, ``{{`` and ``}}`` for braces;
- ``ReplaceIn``: find and replace inside the field (a ``Search``, with groups in regex mode);
- ``AddRelated``: a related link to a target article, in the first free ``related_articleN``
  slot, copying the target's id, title, subject and url as ``editor.operations.relink`` does;
- ``RemoveKeys``: remove keys where present.

``plan_set`` reads each selected file with the index's scanner (no YAML round trip), asks the
edit for its changes, and leaves out files whose value is already the one wanted. Every new value
is checked against the file's schema (``validation``); a refusal is a blocking problem naming the
file, so the plan is never applied.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from editor.article.article import Article
from editor.article.schema import Schema, load_schema, relation_slot
from editor.index.database import read_file
from editor.index.project import Project
from editor.index.scan import scan_bytes
from editor.operations.fields import ABSENT, ANSWER, BODY, is_representable, lookup, text_of
from editor.operations.find import CancelFn, ProgressFn, matches_in
from editor.operations.pattern import PatternError, Search
from editor.operations.plan import REMOVE, REPLACE, SET, BulkPlan, Change, FilePlan, PlanProblem, show
from editor.operations.relink import LinkTarget, target_from_article
from editor.operations.selection import select
from editor.operations.validation import refusal, removal_refusal


class EditRefused(ValueError):
    """This file cannot take the edit; the message says why (it becomes a PlanProblem)."""

    def __init__(self, message: str, blocking: bool = True) -> None:
        super().__init__(message)
        self.blocking = blocking


@dataclass(frozen=True)
class Loaded:
    """What an edit sees of one file: its values, key lines and schema."""

    relpath: str
    data: dict[str, Any]
    lines: dict[str, int]
    schema: Schema

    def value(self, key: str) -> Any:
        """The field's value as an edit reads it: the answer decoded, ``ABSENT`` when missing."""
        if key == ANSWER and isinstance(self.data.get(ANSWER), str):
            return text_of(self.data, ANSWER)
        return lookup(self.data, key)


def _same(old: Any, new: Any) -> bool:
    return old is not ABSENT and type(old) is type(new) and old == new


def _set_change(loaded: Loaded, key: str, new: Any) -> list[Change]:
    """The change that gives ``key`` the value ``new``, checked by the schema; none when equal."""
    if key == BODY:
        raise EditRefused("the body can only be changed by find and replace")
    old = loaded.value(key)
    if _same(old, new):
        return []
    reason = refusal(loaded.schema, key, new)
    if reason is None and isinstance(new, str) and not is_representable(key, new):
        reason = "the new answer holds a backslash followed by n, which the site shows as a line break"
    if reason is not None:
        raise EditRefused(reason)
    return [Change(key, SET, old, new, loaded.lines.get(key))]


@dataclass(frozen=True)
class SetValue:
    """``value`` for every file. ``text``: the value is typed text, which the field's schema type
    reads (``FieldSpec.from_text``, as ``article-editor set`` does); keys the schema does not know
    take it as text, and only where the file has the key already, unless ``new``."""

    key: str
    value: Any
    text: bool = False
    new: bool = False

    def changes(self, loaded: Loaded) -> list[Change]:
        value = self.value
        if self.text and isinstance(value, str):
            spec = loaded.schema.field(self.key)
            if spec is None and loaded.value(self.key) is ABSENT and not self.new:
                raise EditRefused(f"'{self.key}' is neither a field the schema knows nor one this article has "
                                  "(--new adds it)")
            if spec is not None:
                try:
                    value = spec.from_text(value)
                except ValueError as exc:
                    raise EditRefused(str(exc)) from None
        return _set_change(loaded, self.key, value)


@dataclass(frozen=True)
class Clear:
    key: str

    def changes(self, loaded: Loaded) -> list[Change]:
        old = loaded.value(self.key)
        if old is ABSENT:
            return []
        spec = loaded.schema.field(self.key)
        empty = "" if (spec is not None and spec.is_text) or isinstance(old, str) else None
        return _set_change(loaded, self.key, empty)


_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True)
class Template:
    key: str
    template: str

    def __post_init__(self) -> None:
        stray = _PLACEHOLDER.sub("", self.template)
        if "{" in stray or "}" in stray:
            raise PatternError(f"the template {self.template!r} has an unmatched brace; write {{{{ or }}}} for one")

    def render(self, loaded: Loaded) -> str:
        def fill(match: re.Match[str]) -> str:
            if match.group(0) in ("{{", "}}"):
                return match.group(0)[0]
            name = match.group(1).strip()
            value = loaded.value(name)
            if value is ABSENT or isinstance(value, (dict, list)):
                raise EditRefused(f"the template names {{{name}}}, which this article does not have as a value")
            return _as_text(value)

        return _PLACEHOLDER.sub(fill, self.template)

    def changes(self, loaded: Loaded) -> list[Change]:
        return _set_change(loaded, self.key, self.render(loaded))


@dataclass(frozen=True)
class ReplaceIn:
    key: str
    search: Search
    replacement: str

    def changes(self, loaded: Loaded) -> list[Change]:
        self.search.check_replacement(self.replacement)
        text = loaded.value(self.key)
        if not isinstance(text, str):
            return []
        found = matches_in(text, self.key, self.search, loaded.lines.get(self.key), self.replacement)
        changes = [Change(m.field, REPLACE, m.text, m.replacement, m.file_line, m.start, m.end, m.before, m.after)
                   for m in found if m.replacement != m.text]
        if changes:
            new = self.search.sub(self.replacement, text)
            _set_change(loaded, self.key, new)  # only checks the schema: the changes are the spans
        return changes


@dataclass(frozen=True)
class AddRelated:
    """A link to ``target`` (from ``target_of``) in each article's first free slot."""

    target: LinkTarget

    def changes(self, loaded: Loaded) -> list[Change]:
        target = self.target
        own = loaded.data.get("url")
        if isinstance(own, str) and own.strip() == target.url:
            raise EditRefused("this is the target article itself", blocking=False)
        taken = {relation_slot(key): value for key, value in loaded.data.items()
                 if isinstance(key, str) and relation_slot(key) is not None}
        for link in taken.values():
            if isinstance(link, dict) and str(link.get("url", "")).strip() == target.url:
                return []  # already linked
        slots = [relation_slot(spec.key) for spec in loaded.schema.fields if spec.type == "relation"]
        free = [slot for slot in slots if slot is not None and taken.get(slot) in (None, ABSENT)]
        if not free:
            raise EditRefused(f"no free related slot (the schema has {len(slots)})", blocking=False)
        key = f"related_article{free[0]}"
        link = {"id": target.id, "title": target.title, "subject": target.subject, "url": target.url}
        return _set_change(loaded, key, {k: v for k, v in link.items() if v is not None})


def target_of(path: str | os.PathLike[str]) -> LinkTarget:
    """The link values of the article at ``path``, as ``editor.operations.relink`` copies them."""
    return target_from_article(Article.load(Path(path)))


@dataclass(frozen=True)
class RemoveKeys:
    keys: tuple[str, ...]

    def changes(self, loaded: Loaded) -> list[Change]:
        changes = []
        for key in self.keys:
            old = lookup(loaded.data, key)
            if old is ABSENT:
                continue
            reason = removal_refusal(loaded.schema, key)
            if reason is not None:
                raise EditRefused(reason)
            changes.append(Change(key, REMOVE, old, None, loaded.lines.get(key)))
        return changes


Edit = SetValue | Clear | Template | ReplaceIn | AddRelated | RemoveKeys


def describe(edit: Edit) -> str:
    if isinstance(edit, SetValue):
        return f"Set {edit.key} to {show(edit.value)}"
    if isinstance(edit, Clear):
        return f"Clear {edit.key}"
    if isinstance(edit, Template):
        return f"Set {edit.key} from {edit.template!r}"
    if isinstance(edit, ReplaceIn):
        return f"Replace {edit.search.pattern!r} with {edit.replacement!r} in {edit.key}"
    if isinstance(edit, AddRelated):
        return f"Add a related link to {edit.target.url}"
    return f"Remove {', '.join(edit.keys)}"


def plan_set(project: Project, edit: Edit, *, where: str | None = None,
             paths: Iterable[str | os.PathLike[str]] | None = None, progress: ProgressFn | None = None,
             cancel: CancelFn | None = None) -> BulkPlan:
    """The plan of ``edit`` over the articles ``where`` and ``paths`` select (all by default);
    writes nothing. ``progress(done, total)`` and ``cancel()`` as for ``find``."""
    selection = select(project, where, paths)
    plan = BulkPlan(describe(edit), project.folder)
    folder = str(project.folder)
    schemas: dict[str, Schema] = {}
    total = len(selection.paths)
    if progress:
        progress(0, total)
    for done, relpath in enumerate(selection.paths, 1):
        if cancel is not None and cancel():
            break
        if progress and (done % 200 == 0 or done == total):
            progress(done, total)
        raw, _, _, unread = read_file(folder, relpath, None, None)
        scan = None if raw is None else scan_bytes(raw, project.folder / relpath)
        if raw is None or scan is None or scan.data is None:
            message = unread[1] if unread is not None else (str(scan.error) if scan is not None and scan.error
                                                             else "does not load")
            plan.problems.append(PlanProblem(relpath, None, "", message, blocking=False))
            continue
        if not selection.admits(scan.data):
            continue
        plan.matched += 1
        name = scan.data.get("_schema")
        name = name if isinstance(name, str) else "default"
        if name not in schemas:  # load_schema looks for override files on each call
            schemas[name] = load_schema(name, project.folder)
        loaded = Loaded(relpath, scan.data, scan.lines, schemas[name])
        try:
            changes = edit.changes(loaded)
        except EditRefused as refused:
            key = getattr(edit, "key", "")
            plan.problems.append(PlanProblem(relpath, loaded.lines.get(key), key, str(refused), refused.blocking))
            continue
        if changes:
            plan.files.append(FilePlan(project.folder / relpath, relpath, hashlib.sha256(raw).hexdigest(), changes))
    return plan
