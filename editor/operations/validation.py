"""Whether a schema accepts a value for a field, before a bulk edit writes it.

The rules are the form's: a date field takes a date, an integer field a whole number, a number
field a finite number, a select field one of its options (when it lists any), text fields text;
a required field cannot be emptied or removed, a read-only one is not edited in bulk. Keys the
schema does not know take any value: unknown fields are data. Lengths are the checks' business
(warnings after the edit), not a reason to refuse one.
"""
from __future__ import annotations

import datetime as dt
import math
from typing import Any

from editor.article.schema import FieldSpec, Schema

_RELATION_KEYS = frozenset({"id", "title", "subject", "url"})


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
    return _type_refusal(spec, value)


def removal_refusal(schema: Schema, key: str) -> str | None:
    """Why the schema refuses to lose ``key`` altogether, or None."""
    spec = schema.field(key)
    if spec is None:
        return None
    if spec.readonly:
        return f"{spec.label} ({key}) is read-only"
    return f"{spec.label} ({key}) is required and cannot be removed" if spec.required else None


def _type_refusal(spec: FieldSpec, value: Any) -> str | None:
    kind = spec.type
    shown = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if kind == "date":
        return None if isinstance(value, dt.date) else f"{shown} is not a date (write it as YYYY-MM-DD)"
    if kind == "integer":
        return None if type(value) is int else f"{shown} is not a whole number"
    if kind == "number":
        ok = type(value) in (int, float) and math.isfinite(value)
        return None if ok else f"{shown} is not a number"
    if kind == "relation":
        if not isinstance(value, dict) or not set(value) <= _RELATION_KEYS or not isinstance(value.get("url"), str):
            return f"{shown} is not a related article (id, title, subject and url)"
        return None
    if kind == "group":
        return None if isinstance(value, dict) else f"{shown} is not a group of fields"
    if not isinstance(value, str):
        return f"{shown} is not text"
    if kind == "select" and spec.options and value not in spec.options:
        return f"{shown} is not one of {', '.join(spec.options)}"
    return None
