"""Schemas a CMS config spells out as a list of fields (Decap CMS ``fields``, Front Matter CMS
content types), turned into ``editor.schema.Schema``.

The two formats differ in their words (``widget: string`` or ``type: string``, ``hint`` or
``description``), not in their shape: a list of named fields, each with a kind, maybe options,
a default and nested fields. Each reader gives ``inline_schema`` a ``translate`` function for
its words; the walk, the dotted keys, the labels and the new-file template are done here once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from editor.article.schema import FieldSpec, Schema
from editor.site.cms_config import humanise

_ABSENT: Any = object()


@dataclass(frozen=True)
class FieldKind:
    """What a config says one field is, in ``editor.schema``'s words."""

    type: str
    label: str = ""
    required: bool = False
    readonly: bool = False
    help: str = ""
    options: tuple[str, ...] = ()
    children: tuple[dict[str, Any], ...] = ()  # raw nested fields of a group
    default: Any = _ABSENT


Translate = Callable[[dict[str, Any]], "FieldKind | None"]  # None: not a front-matter field


def inline_schema(
    name: str, label: str, raw_fields: Any, translate: Translate, skip: frozenset[str] = frozenset()
) -> tuple[Schema, list[str]]:
    """The schema of ``raw_fields`` and what was wrong with them (as short sentences).

    Fields named in ``skip`` (Decap's ``body``, which is the markdown body, not front matter)
    are left out, as are fields ``translate`` declines (layout-only headings and dividers).
    """
    complaints: list[str] = []
    template: dict[str, Any] = {}
    fields = _walk(raw_fields, translate, "", template, complaints, skip)
    return Schema(name=name, label=label or humanise(name), fields=fields, template=template), complaints


def _walk(
    raw_fields: Any, translate: Translate, prefix: str, template: dict[str, Any],
    complaints: list[str], skip: frozenset[str],
) -> tuple[FieldSpec, ...]:
    if not isinstance(raw_fields, list):
        complaints.append(f"the fields{' of ' + prefix.rstrip('.') if prefix else ''} must be a list")
        return ()
    specs = []
    for raw in raw_fields:
        key = raw.get("name") if isinstance(raw, dict) else None
        if not isinstance(key, str) or not key.strip():
            complaints.append(f"a field{' of ' + prefix.rstrip('.') if prefix else ''} has no 'name'")
            continue
        if not prefix and key in skip:
            continue
        kind = translate(raw)
        if kind is None:
            continue
        children: tuple[FieldSpec, ...] = ()
        if kind.type == "group":
            inner: dict[str, Any] = {}
            children = _walk(list(kind.children), translate, prefix + key + ".", inner, complaints, skip)
            if inner:
                template[key] = inner
        elif kind.default is not _ABSENT and not _placeholder(kind.default):
            template[key] = kind.default
        specs.append(FieldSpec(
            key=prefix + key,
            label=kind.label or humanise(key),
            type=kind.type,
            required=kind.required,
            readonly=kind.readonly,
            help=kind.help,
            style="folded" if kind.type in ("multiline", "markdown") else "plain",
            options=kind.options,
            fields=children,
        ))
    return tuple(specs)


def _placeholder(value: Any) -> bool:
    """``{{now}}`` and the like: the CMS fills these in when it creates a file; they are not values."""
    return isinstance(value, str) and "{{" in value


def option_values(raw: Any) -> tuple[str, ...]:
    """Select options as strings: plain values, or ``{label, value}`` / ``{title, id}`` mappings."""
    if not isinstance(raw, list):
        return ()
    values = []
    for item in raw:
        if isinstance(item, dict):
            item = item.get("value", item.get("id", item.get("label")))
        if item is not None:
            values.append(str(item))
    return tuple(values)
