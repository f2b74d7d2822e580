"""Decap CMS's config (``admin/config.yml``, ``static/admin/config.yml`` or ``public/admin/config.yml``)
as collections.

Read: ``media_folder`` (where uploads go, relative to the repository) and ``public_folder``
(the url they are served at), and each folder collection of ``collections``: ``name``,
``label``, ``folder``, ``icon`` and ``fields``. A field is ``{name, label, widget, required,
hint, default, options, multiple, fields}``; Decap fields are required unless they say
``required: false``. A field named ``body`` is the markdown body, not front matter: a collection
that has one has a body the writer edits. File collections (``files:``, one file each) are not
folders of articles and are left to Decap.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from editor.site.cms_config import CmsConfig, Settings, text_value
from editor.site.config_file import ConfigFile
from editor.site.inline_schema import FieldKind, inline_schema, option_values
from editor.site.model import SchemaRef, normalise

CONFIG_NAMES = ("admin/config.yml", "static/admin/config.yml", "public/admin/config.yml")
BODY_FIELD = "body"
_WIDGETS = {
    "string": "text", "text": "multiline", "markdown": "markdown", "richtext": "markdown",
    "datetime": "datetime", "date": "date", "image": "image", "file": "text", "boolean": "checkbox",
    "number": "number", "select": "select", "list": "list", "object": "group", "relation": "text",
    "hidden": "text", "code": "multiline", "color": "text", "map": "multiline", "uuid": "text",
}


def find(root: Path) -> str | None:
    """The Decap CMS config of the checkout at ``root``, relative to it, or None."""
    return next((name for name in CONFIG_NAMES if (root / name).is_file()), None)


def read(root: Path, relpath: str) -> CmsConfig:
    """The Decap config at ``root/relpath``; one that cannot be read gives a message, no collections."""
    result = CmsConfig(relpath, "decap")
    config = result.load(root)
    if config is None:
        return result
    media = text_value(config.data.get("media_folder"))
    if media is not None:
        result.uploads = normalise(media)
        public = normalise(text_value(config.data.get("public_folder")) or media)
        # ``/images/uploads`` served from ``static/images/uploads``: the static folder is ``static``.
        if result.uploads == public or result.uploads.endswith("/" + public):
            result.static = result.uploads[: len(result.uploads) - len(public)].rstrip("/")
    collections = config.data.get("collections")
    if collections is not None and not isinstance(collections, list):
        result.warn(config, ("collections",), "'collections' must be a list of collections")
        collections = []
    for index, raw in enumerate(collections or []):
        settings = _collection(config, result, index, raw)
        if settings is not None:
            result.collections.append(settings)
    return result


def _collection(config: ConfigFile, result: CmsConfig, index: int, raw: Any) -> Settings | None:
    where: tuple[str | int, ...] = ("collections", index)
    if not isinstance(raw, dict) or not text_value(raw.get("name")):
        result.warn(config, where, "a collection must be a mapping with a 'name'")
        return None
    name = str(raw["name"]).strip()
    if "folder" not in raw:
        return None  # a file collection
    folder = text_value(raw.get("folder"))
    if folder is None:
        result.warn(config, where, f"collection '{name}': 'folder' must be a folder path")
        return None
    settings: Settings = {"name": name, "path": normalise(folder), "line": config.line(*where)}
    for key in ("label", "icon"):
        value = text_value(raw.get(key))
        if value:
            settings[key] = value
    fields = raw.get("fields", [])
    schema, complaints = inline_schema("default", settings.get("label", ""), fields, _translate, frozenset({BODY_FIELD}))
    for complaint in complaints:
        result.warn(config, where + ("fields",), f"collection '{name}': {complaint}")
    settings["schemas"] = (SchemaRef(name="default", label=schema.label, schema=schema),)
    names = [f.get("name") for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []
    settings["has_body"] = BODY_FIELD in names
    return settings


def _translate(raw: dict[str, Any]) -> FieldKind:
    widget = str(raw.get("widget") or "string")
    ftype = _WIDGETS.get(widget, "text")
    multiple = bool(raw.get("multiple"))
    if widget == "datetime" and raw.get("time_format") is False:
        ftype = "date"
    elif widget == "number" and raw.get("value_type") == "int":
        ftype = "integer"
    elif widget == "select" and multiple:
        ftype = "multiselect"
    elif widget in ("image", "file", "relation") and multiple:
        ftype = "list"
    elif widget == "object" and not isinstance(raw.get("fields"), list):
        ftype = "multiline"  # an object without fields: edited as YAML text
    hidden = widget == "hidden"
    extra: dict[str, Any] = {} if "default" not in raw else {"default": raw["default"]}
    return FieldKind(
        type=ftype,
        label=text_value(raw.get("label")) or "",
        required=raw.get("required", True) is not False and not hidden,
        readonly=hidden,
        help=text_value(raw.get("hint")) or "",
        options=option_values(raw.get("options")),
        children=tuple(raw.get("fields") or ()) if ftype == "group" else (),
        **extra,
    )
