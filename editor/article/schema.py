"""Field specs for the front-matter form and for new values, loaded from ``resources/schemas``.

A schema lists an article's fields in file order, each with a label, a type, help, whether it is
required, limits and the style its new values are written in. A content folder may override a
bundled schema with ``<folder>/.article-editor/schemas/<name>.yml``.
"""
from __future__ import annotations

import datetime as _dt
import difflib
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml

from editor.resources import resource

FIELD_TYPES = frozenset(
    "text multiline markdown date integer number select keywords url slug relation group".split()
    # from site schemas (editor.site): CloudCannon's image, checkbox, datetime, array and multiselect
    + "image checkbox datetime list multiselect".split()
)
TEXT_TYPES = frozenset("text multiline markdown select keywords url slug image".split())
PROJECT_SCHEMA_DIR = Path(".article-editor") / "schemas"
_INTEGER = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[-+][0-9]{2}:?[0-9]{2})?")
_TAKES = {
    "integer": "a whole number",
    "number": "a number",
    "date": "a date written YYYY-MM-DD (or a YYYY-MM-DDTHH:MM:SS timestamp)",
    "datetime": "a timestamp written YYYY-MM-DDTHH:MM:SS (or a YYYY-MM-DD date)",
    "checkbox": "true or false",
    "list": "a list",
    "multiselect": "a list of options",
    "relation": "a mapping of id, title, subject and url",
    "group": "a mapping of fields",
}
_RELATION_KEY = re.compile(r"^related_article(\d+)$")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a schema. ``key`` is the dotted key, e.g. ``seo.page_description``."""

    key: str
    label: str
    type: str = "text"
    required: bool = False
    readonly: bool = False
    help: str = ""
    style: str = "plain"  # how a new value is written: plain or folded
    min: int | None = None
    max: int | None = None
    options: tuple[str, ...] = ()
    fields: tuple["FieldSpec", ...] = ()

    @property
    def name(self) -> str:
        """The last part of the dotted key."""
        return self.key.rsplit(".", 1)[-1]

    @property
    def is_text(self) -> bool:
        """True when values of this field are strings (so CLI input is never read as YAML)."""
        return self.type in TEXT_TYPES

    def from_text(self, raw: str) -> Any:
        """The value typed text stands for in this field: an int, a float, a date, a string.
        ValueError, saying what the field takes, when the text is not one."""
        if self.is_text:
            return raw
        text = raw.strip()
        if self.type == "integer" and _INTEGER.fullmatch(text):
            return int(text)
        if self.type == "number" and (_INTEGER.fullmatch(text) or _DECIMAL.fullmatch(text)):
            return float(text)
        if self.type == "checkbox" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        if self.type in ("date", "datetime"):
            if _DATE.fullmatch(text):
                try:
                    return _dt.date.fromisoformat(text)
                except ValueError:
                    pass
            elif _DATETIME.fullmatch(text):
                try:
                    return _dt.datetime.fromisoformat(text)
                except ValueError:
                    pass
        if self.type in ("relation", "group"):
            raise ValueError(f"'{self.key}' is a group of fields: set them one by one ({self.key}.<field>), "
                             "or give the whole mapping with --yaml")
        if self.type in ("list", "multiselect"):
            raise ValueError(f"'{self.key}' is a list: give it with --yaml, e.g. '[a, b]'")
        raise ValueError(f"'{self.key}' takes {_TAKES.get(self.type, self.type)}; {raw!r} is not one")

    def type_problem(self, value: Any) -> str | None:
        """Why ``value`` does not fit this field (wrong type, not an option), or None when it does."""
        if value is None:
            return f"'{self.key}' is required; it cannot be null" if self.required else None
        fits = {
            "integer": lambda v: type(v) is int,
            "number": lambda v: type(v) in (int, float) and math.isfinite(v),
            "date": lambda v: isinstance(v, _dt.date),
            "datetime": lambda v: isinstance(v, _dt.date),
            "checkbox": lambda v: type(v) is bool,
            "list": lambda v: isinstance(v, list),
            "multiselect": lambda v: isinstance(v, list),
            "relation": lambda v: isinstance(v, dict),
            "group": lambda v: isinstance(v, dict),
        }.get(self.type, lambda v: isinstance(v, str))
        if not fits(value):
            return f"'{self.key}' takes {_TAKES.get(self.type, 'text')}; {value!r} is not one"
        if self.options and not all(item in self.options for item in (value if isinstance(value, list) else [value])):
            return f"'{self.key}' is one of {', '.join(map(repr, self.options))}; {value!r} is not"
        return None


@dataclass(frozen=True)
class Schema:
    name: str
    label: str
    fields: tuple[FieldSpec, ...]
    relation_fields: tuple[FieldSpec, ...] = ()
    template: dict[str, Any] = field(default_factory=dict)

    def order(self) -> list[str]:
        """Top-level keys in the order the schema lists them."""
        return [spec.key for spec in self.fields]

    def walk(self) -> Iterator[FieldSpec]:
        """Every field spec, groups before their children."""
        stack = list(reversed(self.fields))
        while stack:
            spec = stack.pop()
            yield spec
            stack.extend(reversed(spec.fields))

    def field(self, key: str) -> FieldSpec | None:
        """The spec of a dotted key; relation children such as ``related_article2.title`` too."""
        for spec in self.walk():
            if spec.key == key:
                return spec
        head, _, child = key.partition(".")
        parent = next((s for s in self.fields if s.key == head), None)
        if parent is not None and parent.type == "relation" and child:
            for spec in self.relation_fields:
                if spec.key == child:
                    return FieldSpec(**{**spec.__dict__, "key": key})
        return None

    def known_keys(self) -> list[str]:
        """Every dotted key the schema describes, relation children of every relation included."""
        keys = []
        for spec in self.walk():
            keys.append(spec.key)
            if spec.type == "relation":
                keys += [f"{spec.key}.{child.key}" for child in self.relation_fields]
        return keys

    def suggest(self, key: str, also: Sequence[str] = ()) -> str | None:
        """The known key (or one of ``also``, the file's own) closest to a mistyped ``key``."""
        close = difflib.get_close_matches(key, [*self.known_keys(), *also], n=1, cutoff=0.75)
        return close[0] if close else None

    def child_order(self, parent_key: str) -> list[str]:
        """Keys of a group's or relation's children, in schema order."""
        spec = self.field(parent_key)
        if spec is None:
            return []
        if spec.type == "relation":
            return [s.key for s in self.relation_fields]
        return [s.name for s in spec.fields]


def _spec(raw: dict[str, Any], prefix: str = "") -> FieldSpec:
    key = prefix + str(raw["key"])
    ftype = str(raw.get("type", "text"))
    if ftype not in FIELD_TYPES:
        raise ValueError(f"field {key}: unknown type {ftype!r}")
    limits = raw.get("limits") or {}
    children = tuple(_spec(child, key + ".") for child in raw.get("fields") or ())
    return FieldSpec(
        key=key,
        label=str(raw.get("label") or raw["key"]),
        type=ftype,
        required=bool(raw.get("required", False)),
        readonly=bool(raw.get("readonly", False)),
        help=str(raw.get("help", "")),
        style=str(raw.get("style", "plain")),
        min=limits.get("min"),
        max=limits.get("max"),
        options=tuple(str(o) for o in raw.get("options") or ()),
        fields=children,
    )


def parse_schema(text: str) -> Schema:
    data = yaml.safe_load(text) or {}
    return Schema(
        name=str(data.get("name", "default")),
        label=str(data.get("label", "Article")),
        fields=tuple(_spec(raw) for raw in data.get("fields") or ()),
        relation_fields=tuple(_spec(raw) for raw in data.get("relation_fields") or ()),
        template=dict(data.get("template") or {}),
    )


@lru_cache(maxsize=32)
def _load_file(path: str, mtime: float) -> Schema:
    return parse_schema(Path(path).read_text(encoding="utf-8"))


def load_schema(name: str | None = "default", folder: str | Path | None = None) -> Schema:
    """The schema called ``name``: the content folder's override if it has one, else the bundled one.

    Unknown names fall back to the default schema, so every article still gets a form.
    """
    name = name or "default"
    candidates = []
    if folder is not None:
        candidates.append(Path(folder) / PROJECT_SCHEMA_DIR / f"{name}.yml")
    candidates.append(resource("schemas", f"{name}.yml"))
    if folder is not None:
        candidates.append(Path(folder) / PROJECT_SCHEMA_DIR / "default.yml")
    candidates.append(resource("schemas", "default.yml"))
    for path in candidates:
        if path.is_file():
            return _load_file(str(path), path.stat().st_mtime)
    raise FileNotFoundError("no schema file found for " + repr(name))


def relation_slot(key: str) -> int | None:
    """The slot number of ``related_articleN`` keys, else None (also for a number too big to be
    a slot, or to be stored: 19 digits and more)."""
    match = _RELATION_KEY.match(key)
    return int(match.group(1)) if match and len(match.group(1)) < 19 else None
