"""Front Matter CMS's config (``frontmatter.json``) as collections.

Read: ``frontMatter.content.pageFolders`` (``[{title, path, contentTypes}]``, the folders of
content, ``path`` written from ``[[workspace]]``), ``frontMatter.taxonomy.contentTypes``
(``[{name, fields}]``, the forms; a file picks one with its ``type`` key, else ``default``) and
``frontMatter.content.publicFolder`` (the static folder, a path or ``{path}``). A page folder
offers the content types it lists, or all of them. Front Matter edits the markdown body of every
file, so every collection has a body. Settings split into ``.frontmatter/config/`` files are not
read.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.site.cms_config import CmsConfig, Settings, string_list, text_value
from editor.site.inline_schema import FieldKind, inline_schema, option_values
from editor.site.model import WARNING, SchemaRef, SiteMessage, normalise

CONFIG_NAME = "frontmatter.json"
FOLDERS = "frontMatter.content.pageFolders"
CONTENT_TYPES = "frontMatter.taxonomy.contentTypes"
PUBLIC = "frontMatter.content.publicFolder"
WORKSPACE = "[[workspace]]"
_TYPES = {
    "string": "text", "number": "number", "datetime": "datetime", "boolean": "checkbox", "draft": "checkbox",
    "image": "image", "file": "text", "choice": "select", "tags": "list", "categories": "list",
    "taxonomy": "list", "list": "list", "fields": "group", "block": "list", "json": "multiline",
    "slug": "slug", "uuid": "text", "contentRelationship": "text", "dataFile": "text", "customField": "text",
}
_LAYOUT_ONLY = frozenset({"divider", "heading"})


def find(root: Path) -> str | None:
    """``frontmatter.json`` when the checkout at ``root`` has one."""
    return CONFIG_NAME if (root / CONFIG_NAME).is_file() else None


def read(root: Path, relpath: str) -> CmsConfig:
    """The Front Matter config at ``root/relpath``; one that cannot be read gives a message."""
    result = CmsConfig(relpath, "frontmatter")
    config = result.load(root)
    if config is None:
        return result
    public = config.data.get(PUBLIC)
    public = public.get("path") if isinstance(public, dict) else public
    if text_value(public):
        result.static = result.uploads = _path(str(public))
    types = _content_types(result, config.data.get(CONTENT_TYPES))
    folders = config.data.get(FOLDERS)
    if folders is not None and not isinstance(folders, list):
        result.warn(config, (), f"'{FOLDERS}' must be a list of {{title, path}}")
        folders = []
    for raw in folders or []:
        path = text_value(raw.get("path")) if isinstance(raw, dict) else None
        if not path:
            result.warn(config, (), f"every entry of '{FOLDERS}' needs a 'path'")
            continue
        title = text_value(raw.get("title")) or path.rsplit("/", 1)[-1]
        settings: Settings = {"name": title, "label": title, "path": _path(path), "has_body": True, "schema_key": "type"}
        wanted = string_list(raw.get("contentTypes"))
        refs = [ref for name, ref in types.items() if wanted is None or name in wanted]
        if refs:
            settings["schemas"] = tuple(refs)
        result.collections.append(settings)
    return result


def _content_types(result: CmsConfig, raw: Any) -> dict[str, SchemaRef]:
    """Content types by name, ``default`` first: a file without ``type`` uses it."""
    if raw is None:
        return {}
    if not isinstance(raw, list):
        result.messages.append(SiteMessage(result.path, None, WARNING, "config-invalid", f"'{CONTENT_TYPES}' must be a list"))
        return {}
    found: dict[str, SchemaRef] = {}
    for entry in raw:
        name = text_value(entry.get("name")) if isinstance(entry, dict) else None
        if not name:
            result.messages.append(SiteMessage(result.path, None, WARNING, "config-invalid", "a content type has no 'name'"))
            continue
        schema, complaints = inline_schema(name, "", entry.get("fields", []), _translate)
        for complaint in complaints:
            result.messages.append(SiteMessage(result.path, None, WARNING, "config-invalid", f"content type '{name}': {complaint}"))
        found[name] = SchemaRef(name=name, label=schema.label, schema=schema)
    return dict(sorted(found.items(), key=lambda item: item[0] != "default"))


def _translate(raw: dict[str, Any]) -> FieldKind | None:
    kind = str(raw.get("type") or "string")
    if kind in _LAYOUT_ONLY:
        return None
    ftype = _TYPES.get(kind, "text")
    multiple = bool(raw.get("multiple"))
    if kind == "string" and raw.get("multiline"):
        ftype = "multiline"
    elif kind == "number" and isinstance(raw.get("numberOptions"), dict) and raw["numberOptions"].get("isDecimal") is False:
        ftype = "integer"
    elif kind == "choice" and multiple:
        ftype = "multiselect"
    elif kind in ("image", "file", "contentRelationship") and multiple:
        ftype = "list"
    extra: dict[str, Any] = {} if "default" not in raw else {"default": raw["default"]}
    return FieldKind(
        type=ftype,
        label=text_value(raw.get("title")) or "",
        required=raw.get("required") is True,
        readonly=kind == "uuid",
        help=text_value(raw.get("description")) or "",
        options=option_values(raw.get("choices")),
        children=tuple(raw.get("fields") or ()) if ftype == "group" else (),
        **extra,
    )


def _path(path: str) -> str:
    if path.startswith(WORKSPACE):
        path = path[len(WORKSPACE):]
    return normalise(path)
