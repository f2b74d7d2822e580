"""CloudCannon's site config (``cloudcannon.config.yml``, ``.yaml`` or ``.json``) as collections.

What is read (CloudCannon's unified configuration):

- ``source``: the folder every other path is relative to (default: the root);
- ``paths.static`` (served at ``/``) and ``paths.uploads`` (where new files go);
- ``collections_config.<name>``: ``path`` (the folder), ``url`` (``/blog/[slug]``), ``name``
  (the label), ``icon``, ``_enabled_editors`` (``content``/``visual`` edit the markdown body,
  ``data`` only the front matter), ``_inputs``, and ``schemas.<key>`` with ``path`` (a schema
  template file), ``name``, ``icon`` and its own ``_inputs``; ``schema_key`` (default
  ``_schema``) is the front-matter key that picks one;
- top-level ``_inputs``, under every collection's own (CloudCannon's configuration cascade);
- ``collection_groups``: ``[{heading, collections: [names]}]``, the sidebar's headings.

Anything else is CloudCannon's business (builds, editables, structures) and is left alone.
JavaScript configs (``cloudcannon.config.js``/``.cjs``) cannot be read without running them;
they are reported, and the site opens without collections.
"""
from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Any

from editor.site.cms_config import CmsConfig, Settings, cascade_inputs, string_list, text_value
from editor.site.config_file import ConfigFile
from editor.site.model import WARNING, Group, SchemaRef, SiteMessage, normalise

# CloudCannon's own search order; the first one present is the config.
CONFIG_NAMES = ("cloudcannon.config.json", "cloudcannon.config.yaml", "cloudcannon.config.yml")
SCRIPT_NAMES = ("cloudcannon.config.js", "cloudcannon.config.cjs", "cloudcannon.config.mjs")
BODY_EDITORS = frozenset({"content", "visual"})


def find(root: Path) -> str | None:
    """The CloudCannon config file of the checkout at ``root``, relative to it, or None."""
    return next((name for name in CONFIG_NAMES + SCRIPT_NAMES if (root / name).is_file()), None)


def read(root: Path, relpath: str) -> CmsConfig:
    """The CloudCannon config at ``root/relpath``. A file that cannot be read gives a config
    with no collections and a message saying why, at its line."""
    result = CmsConfig(relpath, "cloudcannon")
    if relpath in SCRIPT_NAMES:
        result.messages.append(SiteMessage(
            relpath, None, WARNING, "config-unknown",
            "a JavaScript config cannot be read without running it; write it as cloudcannon.config.yml to get collections",
        ))
        return result
    config = result.load(root)
    if config is None:
        return result
    source = _folder(config, result, ("source",), config.data.get("source")) or ""
    paths = config.data.get("paths")
    if paths is not None and not isinstance(paths, dict):
        result.warn(config, ("paths",), "'paths' must be a mapping such as {static: public, uploads: public/uploads}")
        paths = {}
    paths = paths or {}
    result.static = _join(source, _folder(config, result, ("paths", "static"), paths.get("static")))
    result.uploads = _join(source, _folder(config, result, ("paths", "uploads"), paths.get("uploads")))
    top_inputs = _inputs(config, result, ("_inputs",), config.data.get("_inputs"))
    collections = config.data.get("collections_config")
    if collections is not None and not isinstance(collections, dict):
        result.warn(config, ("collections_config",), "'collections_config' must map collection names to settings")
        collections = {}
    for name, raw in (collections or {}).items():
        settings = _collection(config, result, str(name), raw, source, top_inputs)
        if settings is not None:
            result.collections.append(settings)
    result.groups = _groups(config, result)
    return result


def _collection(
    config: ConfigFile, result: CmsConfig, name: str, raw: Any, source: str, top_inputs: dict[str, Any]
) -> Settings | None:
    where: tuple[str | int, ...] = ("collections_config", name)
    if not isinstance(raw, dict):
        result.warn(config, where, f"collection '{name}' must be a mapping of settings")
        return None
    path = raw.get("path")
    if text_value(path) is None:
        result.warn(config, where, f"collection '{name}' has no 'path' naming its folder; it is left out")
        return None
    settings: Settings = {"name": name, "path": _join(source, normalise(str(path))), "line": config.line(*where)}
    for key, target in (("name", "label"), ("url", "url"), ("icon", "icon"), ("schema_key", "schema_key")):
        value = text_value(raw.get(key))
        if value:
            settings[target] = value
    editors = raw.get("_enabled_editors")
    if editors is not None:
        names = string_list(editors)
        if names is None:
            result.warn(config, where + ("_enabled_editors",), "'_enabled_editors' must be a list such as [content, visual]")
        else:
            settings["enabled_editors"] = names
            settings["has_body"] = bool(BODY_EDITORS & set(names))
    own = _inputs(config, result, where + ("_inputs",), raw.get("_inputs"))
    settings["inputs"] = cascade_inputs(top_inputs, own)
    schemas = _schemas(config, result, where, raw.get("schemas"), source)
    if schemas:
        settings["schemas"] = schemas
    return settings


def _schemas(config: ConfigFile, result: CmsConfig, where: tuple[str | int, ...], raw: Any, source: str) -> tuple[SchemaRef, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        result.warn(config, where + ("schemas",), "'schemas' must map schema keys to {path: ...}")
        return ()
    refs = []
    for key, entry in raw.items():
        here = where + ("schemas", str(key))
        path = entry.get("path") if isinstance(entry, dict) else None
        if text_value(path) is None:
            result.warn(config, here, f"schema '{key}' has no 'path' naming its template file")
            continue
        refs.append(SchemaRef(
            name=str(key),
            label=text_value(entry.get("name")) or "",
            path=_join(source, normalise(str(path))),
            inputs=_inputs(config, result, here + ("_inputs",), entry.get("_inputs")),
        ))
    return tuple(refs)


def _groups(config: ConfigFile, result: CmsConfig) -> list[Group]:
    raw = config.data.get("collection_groups")
    if raw is None:
        return []
    if not isinstance(raw, list):
        result.warn(config, ("collection_groups",), "'collection_groups' must be a list of {heading, collections}")
        return []
    groups = []
    for index, entry in enumerate(raw):
        names = string_list(entry.get("collections")) if isinstance(entry, dict) else None
        if names is None:
            result.warn(config, ("collection_groups", index), "a collection group needs 'heading' and a list of 'collections'")
            continue
        groups.append(Group(text_value(entry.get("heading")) or "", names))
    return groups


def _inputs(config: ConfigFile, result: CmsConfig, where: tuple[str | int, ...], raw: Any) -> dict[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        result.warn(config, where, "'_inputs' must map input keys to settings such as {type: textarea}")
        return {}
    return {str(key): value for key, value in raw.items() if isinstance(value, dict)}


def _folder(config: ConfigFile, result: CmsConfig, where: tuple[str, ...], value: Any = None, default: str | None = None) -> str | None:
    if value is None:
        return default
    text = text_value(value)
    if text is None:
        result.warn(config, where, f"'{'.'.join(where)}' must be a folder path")
        return default
    return normalise(text)


def _join(source: str | None, path: str | None) -> str | None:
    if path is None:
        return None
    return normalise(posixpath.join(source, path)) if source else path
