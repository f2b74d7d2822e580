"""Whether a schema accepts a value for a field, before a bulk edit writes it.

The type rules are the schema's own (``FieldSpec.type_problem``, the ones ``set`` applies: a date
field takes a date, an integer field a whole number, a select field one of its options...); on
top of them a bulk edit neither empties nor removes a required field, nor edits a read-only one.
Keys the schema does not know take any value: unknown fields are data. Lengths are the checks'
business (warnings after the edit), not a reason to refuse one.
"""
from __future__ import annotations

from typing import Any

from editor.article.schema import Schema


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def refusal(schema: Schema, key: str, value: Any) -> str | None:
    """Why the schema refuses ``value`` for ``key``, or None when it accepts it."""
    spec = schema.field(key)
    if spec is None:
        return None
    if spec.readonly:
        return f"{spec.label} ({key}) is read-only"
    if _empty(value):
        return f"{spec.label} ({key}) is required and cannot be empty" if spec.required else None
    return spec.type_problem(value)


def removal_refusal(schema: Schema, key: str) -> str | None:
    """Why the schema refuses to lose ``key`` altogether, or None."""
    spec = schema.field(key)
    if spec is None:
        return None
    if spec.readonly:
        return f"{spec.label} ({key}) is read-only"
    return f"{spec.label} ({key}) is required and cannot be removed" if spec.required else None
