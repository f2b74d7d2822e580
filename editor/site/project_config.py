"""The project file ``.article-editor/config.yml``: collections added or changed, and rule settings.

Its format is documented in docs/project-config.md. The same format, collections only, holds
the editor's defaults for this site family (``resources/site/defaults.yml``), which add a
collection only where the site's config and the project file have none for that folder.

A collection names its schema with ``schema:``, one of

- a bundled schema's name, a bare word such as ``default`` (``resources/schemas/default.yml``, or
  ``.article-editor/schemas/default.yml`` when the project overrides it);
- a schema template file of the site, a path relative to the root such as ``schemas/post.md``
  (anything with a ``/`` or a ``.``).

``schemas: {key: <name or path>}`` offers several, picked by the files' ``_schema`` value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from editor.resources import resource
from editor.answer.spelling import language_code
from editor.site.cloudcannon import BODY_EDITORS
from editor.site.cms_config import Settings, string_list, text_value
from editor.site.config_file import ConfigError, ConfigFile, read_config
from editor.site.model import WARNING, Group, SchemaRef, SiteMessage, normalise
from editor.site.rule_settings import RuleSettings, parse_rule_settings

PROJECT_DIR = ".article-editor"
CONFIG_FILE = PROJECT_DIR + "/config.yml"
DEFAULTS = resource("site", "defaults.yml")
CMS_CHOICES = ("auto", "cloudcannon", "decap", "frontmatter", "none")
_BUNDLED_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_TEXT_KEYS = ("path", "label", "url", "icon", "schema_key")
_NULLABLE_KEYS = ("text_field", "page_rules")  # null clears what a lower layer set
_BOOL_KEYS = ("has_body", "disabled")
_ALIASES = {"_inputs": "inputs", "_enabled_editors": "enabled_editors", "folder": "path"}
KNOWN_KEYS = frozenset(_TEXT_KEYS + _NULLABLE_KEYS + _BOOL_KEYS + ("schema", "schemas", "inputs", "enabled_editors"))


@dataclass
class ProjectConfig:
    """A project file, read. ``groups`` None keeps the site's sidebar groups."""

    path: str | None = None
    cms: str = "auto"
    collections: list[Settings] = field(default_factory=list)
    groups: list[Group] | None = None
    rules: RuleSettings = field(default_factory=RuleSettings)
    spelling_language: str | None = None  # ``spelling: {language: en_GB}``; None: the writer's choice
    messages: list[SiteMessage] = field(default_factory=list)


def read_project_config(root: Path, known_codes: Iterable[str] = ()) -> ProjectConfig:
    """``root/.article-editor/config.yml``; an empty ProjectConfig when there is none. A file
    that cannot be read gives a message and no settings, so the project still opens."""
    if not (root / CONFIG_FILE).is_file():
        return ProjectConfig()
    return _read(root, CONFIG_FILE, known_codes)


def read_defaults() -> ProjectConfig:
    """The editor's collection defaults for this site family (a bundled file)."""
    return _read(DEFAULTS.parent, DEFAULTS.name, ())


def _read(root: Path, relpath: str, known_codes: Iterable[str]) -> ProjectConfig:
    result = ProjectConfig(path=relpath)
    try:
        config = read_config(root, relpath)
    except ConfigError as exc:
        result.messages.append(SiteMessage(relpath, exc.line, WARNING, "config-invalid", exc.message))
        return result

    def warn(keys: tuple[str | int, ...], message: str, code: str = "config-invalid") -> None:
        result.messages.append(SiteMessage(relpath, config.line(*keys), WARNING, code, message))

    cms = config.data.get("cms", "auto")
    if cms not in CMS_CHOICES:
        warn(("cms",), f"'cms' must be one of {', '.join(CMS_CHOICES)}; reading whichever config the site has")
    else:
        result.cms = cms
    raw = config.data.get("collections")
    if raw is not None and not isinstance(raw, dict):
        warn(("collections",), "'collections' must map collection names to settings")
    for name, entry in (raw if isinstance(raw, dict) else {}).items():
        settings = _collection(config, str(name), entry, warn)
        if settings is not None:
            result.collections.append(settings)
    if "groups" in config.data:
        result.groups = _groups(config.data["groups"], warn)
    rules, complaints = parse_rule_settings(config.data.get("rules"), known_codes)
    result.rules = rules
    for keys, message in complaints:
        warn(("rules",) + keys, message, "config-unknown" if message.startswith("unknown") else "config-invalid")
    if "spelling" in config.data:
        result.spelling_language = _spelling_language(config.data["spelling"], warn)
    for key in config.data:
        if key not in ("cms", "collections", "groups", "rules", "spelling"):
            warn((key,), f"unknown setting '{key}' (known: cms, collections, groups, rules, spelling)", "config-unknown")
    return result


def _spelling_language(raw: Any, warn: Any) -> str | None:
    """``spelling: {language: en_GB}``: the language the project's answers are checked in."""
    if not isinstance(raw, dict) or "language" not in raw:
        warn(("spelling",), "'spelling' takes 'language', e.g. 'spelling: {language: en_GB}'")
        return None
    for key in raw:
        if key != "language":
            warn(("spelling", key), f"unknown setting '{key}' in 'spelling' (known: language)", "config-unknown")
    try:
        return language_code(str(raw["language"]))
    except ValueError as exc:
        warn(("spelling", "language"), str(exc))
        return None


def _collection(config: ConfigFile, name: str, raw: Any, warn: Any) -> Settings | None:
    where = ("collections", name)
    if not isinstance(raw, dict):
        warn(where, f"collection '{name}' must be a mapping of settings such as {{path: content/learn}}")
        return None
    settings: Settings = {"name": name, "line": config.line(*where), "source": config.path}
    for key, value in raw.items():
        key = _ALIASES.get(str(key), str(key))
        here = where + (key,)
        if key in _TEXT_KEYS or (key in _NULLABLE_KEYS and value is not None):
            text = text_value(value)
            if text is None:
                warn(here, f"'{key}' of collection '{name}' must be text")
                continue
            settings[key] = normalise(text) if key == "path" else text
        elif key in _NULLABLE_KEYS:
            settings[key] = None
        elif key in _BOOL_KEYS:
            if not isinstance(value, bool):
                warn(here, f"'{key}' of collection '{name}' must be true or false")
                continue
            settings[key] = value
        elif key in ("schema", "schemas"):
            refs = _schema_refs(value if key == "schemas" else {"default": value}, name, here, warn)
            if refs:
                settings["schemas"] = refs
        elif key == "inputs":
            if isinstance(value, dict):
                settings["inputs"] = {str(k): v for k, v in value.items() if isinstance(v, dict)}
            else:
                warn(here, f"'inputs' of collection '{name}' must map keys to settings such as {{type: textarea}}")
        elif key == "enabled_editors":
            editors = string_list(value)
            if editors is None:
                warn(here, f"'enabled_editors' of collection '{name}' must be a list such as [content]")
                continue
            settings["enabled_editors"] = editors
            settings.setdefault("has_body", bool(BODY_EDITORS & set(editors)))
        else:
            warn(here, f"unknown setting '{key}' in collection '{name}' (known: {', '.join(sorted(KNOWN_KEYS))})",
                 "config-unknown")
    return settings


def _schema_refs(raw: Any, name: str, where: tuple[str, ...], warn: Any) -> tuple[SchemaRef, ...]:
    if not isinstance(raw, dict):
        warn(where, f"'schemas' of collection '{name}' must map schema keys to a schema name or template path")
        return ()
    refs = []
    for key, value in raw.items():
        text = text_value(value)
        if not text:
            warn(where, f"schema '{key}' of collection '{name}' must be a schema name (default) or a path (schemas/post.md)")
            continue
        if _BUNDLED_NAME.match(text):
            refs.append(SchemaRef(name=str(key), bundled=text))
        else:
            refs.append(SchemaRef(name=str(key), path=normalise(text)))
    return tuple(refs)


def _groups(raw: Any, warn: Any) -> list[Group] | None:
    if not isinstance(raw, list):
        warn(("groups",), "'groups' must be a list of {heading, collections}")
        return None
    groups = []
    for index, entry in enumerate(raw):
        names = string_list(entry.get("collections")) if isinstance(entry, dict) else None
        if names is None:
            warn(("groups", index), "a group needs 'heading' and a list of 'collections'")
            continue
        groups.append(Group(text_value(entry.get("heading")) or "", names))
    return groups
