"""The Problem vocabulary: what is wrong, where, how bad, and how to fix it.

Each ``Problem`` names the file (relative to the folder), the 1-based line of the field's key,
the dotted field, a severity, a stable code and, when one is known, a fix: edits that set fields
to new values, or (``text_edit``) replace a span of a text field such as the answer. Fixes for
stale copies and file-name mismatches are certain and can be applied without asking; the others
are suggestions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY: dict[str, str] = {
    "yaml-error": ERROR,
    "duplicate-key": ERROR,
    "missing-field": ERROR,
    "date-invalid": ERROR,
    "url-mismatch": ERROR,
    "related-broken": ERROR,
    "image-missing": ERROR,
    "related-stale": WARNING,
    "related-self": WARNING,
    "related-duplicate": WARNING,
    "id-duplicate": WARNING,
    "file-name-mismatch": WARNING,
    "seo-description-length": WARNING,
    "title-length": WARNING,
    "subject-variant": WARNING,
    "latex-newline": WARNING,
    "dollar-math": WARNING,
    "tex-delimiters": WARNING,
    "link-outside-folder": INFO,
}
# Fixes of these codes follow from the folder itself, so they can be applied without asking.
CERTAIN_FIXES = frozenset({"related-stale", "file-name-mismatch"})
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Problem:
    """One problem: ``fix`` is None or ``{"title": ..., "edits": [{"field": ..., "value": ...}]}``."""

    path: str
    line: int | None
    field: str
    severity: str
    code: str
    message: str
    fix: dict[str, Any] | None = None

    @property
    def fix_is_certain(self) -> bool:
        return self.fix is not None and self.code in CERTAIN_FIXES

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
        }

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, _SEVERITY_ORDER.get(self.severity, 3), self.code, self.field)


def problem(path: str, line: int | None, field: str, code: str, message: str, fix: dict[str, Any] | None = None) -> Problem:
    """A Problem whose severity comes from its code."""
    return Problem(path, line, field, SEVERITY[code], code, message, fix)


def make_fix(title: str, edits: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "edits": [{"field": key, "value": value} for key, value in edits.items()]}


def text_edit(field: str, start: int, old: str, new: str) -> dict[str, Any]:
    """An edit that replaces ``old``, found at offset ``start`` of a text field, by ``new``.

    A span, not the field's whole new value: the text may change between the check and the
    click (the writer types on, or applies another fix first), and a whole value would undo that.
    """
    return {"field": field, "at": start, "old": old, "new": new}


def apply_text_edit(text: str, edit: dict[str, Any]) -> str | None:
    """``text`` with a ``text_edit`` applied where its old span is now: at its offset, else at the
    occurrence nearest to it; None when the span is gone (the fix no longer applies)."""
    old, new, start = str(edit["old"]), str(edit["new"]), int(edit.get("at", 0))
    if not old:
        return None
    if text.startswith(old, start):
        found = start
    else:
        hits, pos = [], text.find(old)
        while pos != -1:
            hits.append(pos)
            pos = text.find(old, pos + 1)
        if not hits:
            return None
        found = min(hits, key=lambda hit: abs(hit - start))
    return text[:found] + new + text[found + len(old):]


ProblemRow = tuple[int, str, str, str, "dict[str, Any] | None"]  # line, field, code, message, fix
