"""Reading one config file (YAML or JSON) into plain values that remember their lines.

YAML goes through the project's guarded safe loader (``editor.frontmatter``: safe constructors
only, no alias bombs, no runaway nesting), JSON through ``json``. A file that cannot be read
raises ``ConfigError`` naming the file and, where the parser gives one, the line. A value of the
wrong shape found later is reported at the line of its key (``ConfigFile.line``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, Node, SequenceNode

from editor.article import frontmatter
from editor.article.frontmatter import ArticleError

MAX_CONFIG_BYTES = 2_000_000  # configs are kilobytes


class ConfigError(Exception):
    """A config file that cannot be read; ``line`` is 1-based or None."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


@dataclass(frozen=True)
class ConfigFile:
    """A config's values (a mapping) with the node tree of a YAML file, for line numbers."""

    path: str  # relative to the site root, for messages
    data: dict[str, Any]
    node: MappingNode | None = None

    def line(self, *keys: str | int) -> int | None:
        """The 1-based line of the value at ``keys`` (mapping keys and list indexes), or of the
        deepest part of that path that exists; None for JSON files."""
        node: Node | None = self.node
        line = None
        for key in keys:
            if isinstance(node, MappingNode):
                match = next(((k, v) for k, v in node.value if getattr(k, "value", None) == str(key)), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line + 1, match[1]
            elif isinstance(node, SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                break
        return line


def read_config(root: Path, relpath: str) -> ConfigFile:
    """The config file at ``root/relpath``; ConfigError when it is unreadable or not a mapping.

    An empty YAML file (or one holding only comments) is an empty mapping.
    """
    path = root / relpath
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ConfigError(relpath, None, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(relpath, None, f"the file is {len(data):,} bytes; a config is at most {MAX_CONFIG_BYTES:,}")
    try:
        _bom, text = frontmatter.decode(data, relpath)
    except ArticleError as exc:
        raise ConfigError(relpath, exc.line, exc.message) from None
    if relpath.endswith(".json"):
        return ConfigFile(relpath, _json_mapping(text, relpath))
    return _yaml_config(text, relpath)


def _json_mapping(text: str, relpath: str) -> dict[str, Any]:
    try:
        data = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError as exc:
        raise ConfigError(relpath, exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise ConfigError(relpath, None, "invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise ConfigError(relpath, 1, "the file must hold an object of settings")
    return data


def _yaml_config(text: str, relpath: str) -> ConfigFile:
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        return ConfigFile(relpath, {})
    try:
        node = frontmatter.compose(text, relpath, 0)
        data = frontmatter.construct(node, relpath, 0)
    except ArticleError as exc:
        # The guarded loader speaks of front matter; here the whole file is the document.
        message = exc.message.replace("the front matter", "the file")
        raise ConfigError(relpath, exc.line, message) from None
    return ConfigFile(relpath, data, node)
