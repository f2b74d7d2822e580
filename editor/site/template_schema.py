"""Schemas from schema template files, with input types worked out the way CloudCannon does.

A schema template (``schemas/post.md``) is a file whose front matter lists every key, in order
and nested, mostly with empty values. Each key becomes a ``FieldSpec``; its type comes from,
most binding first:

1. ``_inputs`` settings for the key (the config's top level, the collection's, the schema's and
   the template's own, merged by CloudCannon's cascade), by path (``featuredImg.image`` or
   ``$.featuredImg.image``) over bare name (``image``): ``type``, ``label``, ``comment``,
   ``disabled``, ``options.values`` (select), ``options.required``, ``options.min_length``/``max_length``;
2. the value's shape: a mapping is a group, a list a list;
3. the key's name, by CloudCannon's naming conventions (from its input docs): ``date``,
   ``datetime``, ``*_datetime``, ``at``, ``*_at`` are datetimes; ``*_date`` dates; ``image``,
   ``*_image``, ``image_path``, ``*_image_path`` images; and, this editor's own additions for the
   site family, ``description``/``*_description`` multi-line text, ``url``/``*_url`` urls and
   ``keywords``/``*_keywords`` keyword lists;
4. the value: true/false a checkbox, an integer, a number, a date or timestamp, else text.

No field of a template is required unless its input says ``options.required: true``. Keys that
configure the CMS (``_inputs``, ``_structures``...) are settings, not fields; other keys starting
with ``_`` (``_schema``) are shown read-only. Non-empty template values are what new files start with.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode

from editor.article import frontmatter
from editor.article.frontmatter import ArticleError
from editor.article.schema import FieldSpec, Schema, load_schema
from editor.site.cms_config import cascade_inputs, humanise
from editor.site.model import Collection, SchemaRef, Site

CMS_KEYS = frozenset({
    "_inputs", "_inputs_from_glob", "_select_data", "_structures", "_structures_from_glob",
    "_editables", "_editables_from_glob", "_enabled_editors", "_editor",
})
INPUT_TYPES = {
    "text": "text", "textarea": "multiline", "markdown": "markdown", "html": "markdown", "email": "text",
    "disabled": "text", "code": "multiline", "checkbox": "checkbox", "switch": "checkbox", "color": "text",
    "number": "number", "range": "number", "url": "url", "date": "date", "datetime": "datetime",
    "time": "text", "file": "text", "document": "text", "image": "image", "select": "select",
    "choice": "select", "multiselect": "multiselect", "multichoice": "multiselect", "object": "group",
    "array": "list", "pinterest": "text", "facebook": "text", "twitter": "text", "github": "text",
    "instagram": "text",
}
# (type, exact names, suffixes): the first row that matches a key's last part wins.
NAME_RULES: tuple[tuple[str, frozenset[str], tuple[str, ...]], ...] = (
    ("datetime", frozenset({"date", "datetime", "at"}), ("_datetime", "_at")),
    ("date", frozenset(), ("_date",)),
    ("image", frozenset({"image", "image_path"}), ("_image", "_image_path")),
    ("multiline", frozenset({"description"}), ("_description",)),
    ("url", frozenset({"url"}), ("_url",)),
    ("keywords", frozenset({"keywords"}), ("_keywords",)),
)


@lru_cache(maxsize=64)
def _parsed(path: str, _stamp: tuple[int, int]) -> tuple[dict[str, Any], MappingNode]:
    data = Path(path).read_bytes()
    parts = frontmatter.split(data, path)
    node = frontmatter.compose(parts.text[parts.yaml_start:parts.yaml_end], path, parts.yaml_line)
    return frontmatter.construct(node, path, parts.yaml_line), node


def read_template(path: Path) -> tuple[dict[str, Any], MappingNode]:
    """A template file's front matter and its node tree; ArticleError (file and line) when it
    cannot be read. Parsed once per version of the file."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ArticleError(path, None, f"cannot read the schema template: {exc.strerror or exc}") from None
    return _parsed(str(path), (stat.st_mtime_ns, stat.st_size))


def schema_from_template(
    values: dict[str, Any], inputs: dict[str, Any], name: str = "default", label: str = "",
    node: MappingNode | None = None, template: bool = True,
) -> Schema:
    """The schema a template's (or a file's own) front matter ``values`` describe. ``node`` gives
    the scalar styles (a ``>-`` key is written folded); ``template`` False leaves the values out
    of ``Schema.template`` (a file's own values are not what new files start with)."""
    inputs = cascade_inputs(inputs, values.get("_inputs"))
    start: dict[str, Any] = {}
    fields = _fields(values, node, inputs, "", start)
    return Schema(name=name, label=label or humanise(name), fields=fields, template=start if template else {})


def _fields(values: dict[str, Any], node: MappingNode | None, inputs: dict[str, Any], prefix: str, start: dict[str, Any]) -> tuple[FieldSpec, ...]:
    nodes = {str(k.value): v for k, v in node.value} if isinstance(node, MappingNode) else {}
    specs = []
    for key, value in values.items():
        key = str(key)
        if not prefix and key in CMS_KEYS:
            continue
        path = prefix + key
        settings = input_settings(inputs, path)
        ftype = field_type(path, value, settings)
        children: tuple[FieldSpec, ...] = ()
        if ftype == "group" and isinstance(value, dict):
            inner: dict[str, Any] = {}
            children = _fields(value, _mapping(nodes.get(key)), inputs, path + ".", inner)
            if inner:
                start[key] = inner
        elif value not in (None, "", [], {}):
            start[key] = value
        raw_options = settings.get("options")
        options: dict[str, Any] = raw_options if isinstance(raw_options, dict) else {}
        values_list = options.get("values")
        specs.append(FieldSpec(
            key=path,
            label=str(settings.get("label") or humanise(key)),
            type=ftype,
            required=options.get("required") is True,
            readonly=settings.get("disabled") is True or settings.get("type") == "disabled" or (not prefix and key.startswith("_")),
            help=str(settings.get("comment") or ""),
            style=_style(nodes.get(key), ftype),
            min=_int(options.get("min_length")),
            max=_int(options.get("max_length")),
            options=tuple(str(v) for v in values_list) if isinstance(values_list, list) else (),
            fields=children,
        ))
    return tuple(specs)


def input_settings(inputs: dict[str, Any], path: str) -> dict[str, Any]:
    """The ``_inputs`` settings of the key at dotted ``path``: by bare name, then path, then ``$.path``."""
    merged: dict[str, Any] = {}
    for key in dict.fromkeys((path.rsplit(".", 1)[-1], path, "$." + path)):
        settings = inputs.get(key)
        if isinstance(settings, dict):
            merged = cascade_inputs({"k": merged}, {"k": settings})["k"]
    return merged


def field_type(path: str, value: Any, settings: dict[str, Any] | None = None) -> str:
    """The field type of the key at dotted ``path`` holding ``value`` (see the module's rules)."""
    wanted = INPUT_TYPES.get(str((settings or {}).get("type") or ""))
    if wanted is not None and (wanted != "group" or isinstance(value, dict)):
        return wanted
    if isinstance(value, dict):
        return "group"
    if isinstance(value, list):
        return "list"
    name = path.rsplit(".", 1)[-1]
    for ftype, names, suffixes in NAME_RULES:
        if name in names or name.endswith(suffixes):
            return ftype
    if isinstance(value, bool):
        return "checkbox"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    return "multiline" if isinstance(value, str) and "\n" in value.strip() else "text"


def _style(node: Node | None, ftype: str) -> str:
    if isinstance(node, ScalarNode) and node.style in (">", "|"):
        return "folded"
    return "folded" if ftype in ("multiline", "markdown") else "plain"


def _mapping(node: Node | None) -> MappingNode | None:
    return node if isinstance(node, MappingNode) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class SiteSchemas:
    """The schema of each file of a site, by its collection; built once per schema and template version."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._built: dict[tuple[str, str, tuple[int, int] | None], Schema] = {}

    def for_file(self, relpath: str, data: dict[str, Any] | None = None) -> Schema | None:
        """The schema of the file at ``relpath`` with front matter ``data``; None when no collection
        holds it (the caller then uses the bundled schema its ``_schema`` names, as before)."""
        collection = self.site.collection_for(relpath)
        return None if collection is None else self.for_collection(collection, data)

    def for_collection(self, collection: Collection, data: dict[str, Any] | None = None) -> Schema | None:
        """The schema ``data`` picks in ``collection``. A collection without schemas (or whose
        template cannot be read) gets one inferred from the file's own values, as CloudCannon
        shows inputs for whatever a file holds; None without ``data``."""
        ref = collection.schema_ref(data)
        if ref is not None:
            schema = self._resolve(collection, ref)
            if schema is not None:
                return schema
        if data is None:
            return None
        return schema_from_template(data, collection.inputs, collection.name, collection.label, template=False)

    def _resolve(self, collection: Collection, ref: SchemaRef) -> Schema | None:
        if ref.schema is not None:
            return ref.schema
        if ref.bundled is not None:
            return load_schema(ref.bundled, self.site.root)
        path = self.site.root / str(ref.path)
        try:
            stat = path.stat()
            values, node = read_template(path)
        except (OSError, ArticleError):
            return None  # reported when the site was opened
        key = (collection.name, ref.name, (stat.st_mtime_ns, stat.st_size))
        schema = self._built.get(key)
        if schema is None:
            inputs = cascade_inputs(collection.inputs, ref.inputs)
            schema = self._built[key] = schema_from_template(values, inputs, ref.name, ref.label or collection.label, node)
        return schema
