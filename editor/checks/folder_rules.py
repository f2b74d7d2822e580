"""Checks across a folder's files: ids used twice, subjects spelled two ways.

They run over rows the index gives, (path, value, line), so no file is parsed again.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from editor.checks.problem import Problem, make_fix, problem


def id_duplicates(rows: Iterable[tuple[str, Any, int | None]]) -> list[Problem]:
    """``id-duplicate`` for every article whose id another article also has. Rows: (path, id, line)."""
    by_id: dict[tuple[type, Any], list[tuple[str, int | None]]] = defaultdict(list)
    for path, value, line in rows:
        if value is not None:
            key = value.strip() if isinstance(value, str) else value
            by_id[(type(key), key)].append((path, line))
    found = []
    for (_, value), owners in by_id.items():
        if len(owners) < 2:
            continue
        for path, line in owners:
            others = [p for p, _ in owners if p != path]
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            found.append(
                problem(path, line, "id", "id-duplicate", f"id {value!r} is also used by {', '.join(others[:3])}{more}")
            )
    return found


def _spelling_key(subject: str) -> str:
    return " ".join(subject.split()).casefold()


def subject_variants(rows: Iterable[tuple[str, Any, int | None]]) -> list[Problem]:
    """``subject-variant`` where a subject is spelled differently elsewhere (case or spaces).

    The most common spelling is taken as the right one. Rows: (path, subject, line).
    """
    rows = [(path, subject, line) for path, subject, line in rows if isinstance(subject, str) and subject.strip()]
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for _, subject, _ in rows:
        spellings[_spelling_key(subject)][subject] += 1
    preferred = {
        key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, counter in spellings.items()
        if len(counter) > 1
    }
    found = []
    for path, subject, line in rows:
        best = preferred.get(_spelling_key(subject))
        if best is not None and subject != best:
            count = spellings[_spelling_key(subject)][best]
            found.append(
                problem(
                    path,
                    line,
                    "subject",
                    "subject-variant",
                    f"subject {subject!r} is spelled {best!r} in {count} other article(s)",
                    make_fix(f"Use {best!r}", {"subject": best}),
                )
            )
    return found
