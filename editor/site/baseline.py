"""Baselines for ``check --baseline FILE``: report only the problems a folder did not already have.

A baseline is the JSON that ``check --json`` prints, ``{"problems": [{"path", "code", "field",
...}, ...]}``, so ``check --json > baseline.json`` makes one. A problem is in the baseline when
an entry has the same file, code and field; lines are not compared, so editing a file above a
known problem does not bring it back. Each entry accounts for one problem: a file that had one
``related-broken`` on ``related_article2`` and now has two reports the second one.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Iterable

from editor.checks.problem import Problem

Key = tuple[str, str, str]  # path, code, field


class BaselineError(ValueError):
    """A baseline file that cannot be read; ``line`` is 1-based or None."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line else message)


def baseline_key(found: Problem) -> Key:
    return (found.path, found.code, found.field)


def baseline_json(problems: Iterable[Problem]) -> str:
    """A baseline of ``problems``, sorted so that regenerating one gives a small diff."""
    entries = sorted(
        ({"path": p.path, "code": p.code, "field": p.field, "message": p.message} for p in problems),
        key=lambda entry: (entry["path"], entry["code"], entry["field"], entry["message"]),
    )
    return json.dumps({"problems": entries}, indent=1, ensure_ascii=False) + "\n"


def parse_baseline(text: str) -> Counter[Key]:
    """How many times each (file, code, field) is in the baseline; BaselineError when the text
    is not a baseline. Entries may carry other keys (``check --json``'s line, message, fix)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(exc.lineno, f"invalid JSON: {exc.msg}") from None
    entries = data.get("problems") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise BaselineError(1, 'a baseline is {"problems": [...]}, as check --json prints')
    known: Counter[Key] = Counter()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("path", "code")):
            raise BaselineError(None, f"problem {index + 1} of the baseline needs a 'path' and a 'code'")
        known[(entry["path"], entry["code"], str(entry.get("field") or ""))] += 1
    return known


def new_problems(problems: Iterable[Problem], baseline: Counter[Key]) -> list[Problem]:
    """The problems not accounted for by the baseline, in their order."""
    left = Counter(baseline)
    fresh = []
    for found in problems:
        key = baseline_key(found)
        if left[key] > 0:
            left[key] -= 1
        else:
            fresh.append(found)
    return fresh
