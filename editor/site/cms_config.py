"""What a CMS config reader hands back: collection settings in one vocabulary, and its messages.

Each reader (CloudCannon, Decap CMS, Front Matter CMS) turns its own format into a ``CmsConfig``
whose collections are *settings*: dicts holding only the keys the config set, so that layers
(the editor's defaults, the site's config, the project file) can be merged key by key before
``Collection`` objects are built. The keys are ``Collection``'s fields with ``path`` for the
folder, plus ``disabled`` (drop the collection) and ``line`` (where it was defined).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pathlib import Path

from editor.site.config_file import ConfigError, ConfigFile, read_config
from editor.site.model import INFO, WARNING, Group, SiteMessage

Settings = dict[str, Any]


@dataclass
class CmsConfig:
    """One CMS config, read: ``static`` and ``uploads`` are folders relative to the site root."""

    path: str
    cms: str
    collections: list[Settings] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    static: str | None = None
    uploads: str | None = None
    messages: list[SiteMessage] = field(default_factory=list)

    def load(self, root: Path) -> ConfigFile | None:
        """The config file itself; None, with a message saying why, when it cannot be read."""
        try:
            return read_config(root, self.path)
        except ConfigError as exc:
            self.messages.append(SiteMessage(self.path, exc.line, WARNING, "config-invalid", exc.message))
            return None

    def warn(self, config: ConfigFile, keys: tuple[str | int, ...], message: str, code: str = "config-invalid") -> None:
        """Record a warning at the line of ``keys`` in ``config``."""
        self.messages.append(SiteMessage(config.path, config.line(*keys), WARNING, code, message))

    def note(self, config: ConfigFile, keys: tuple[str | int, ...], message: str, code: str) -> None:
        """Record an informational message at the line of ``keys``."""
        self.messages.append(SiteMessage(config.path, config.line(*keys), INFO, code, message))


def humanise(key: str) -> str:
    """A label from a key, as CMSs show unlabelled inputs: ``page_description`` -> ``Page description``,
    ``featuredImg`` -> ``Featured img``."""
    words: list[str] = []
    current = ""
    for char in key.strip("_"):
        if char in "_-":
            words.append(current)
            current = ""
        elif char.isupper() and current and not current[-1].isupper():
            words.append(current)
            current = char.lower()
        else:
            current += char
    words.append(current)
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:] if text else key


def text_value(value: Any) -> str | None:
    """``value`` as a stripped string when it is a plain scalar (not a list or mapping), else None."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    return str(value).strip()


def string_list(value: Any) -> tuple[str, ...] | None:
    """A list of plain strings (a lone string counts as one); None for anything else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def cascade_inputs(*levels: Any) -> dict[str, Any]:
    """CloudCannon's ``_inputs`` cascade: later (more specific) levels win key by key, and an
    input's settings merge with the less specific ones unless it sets ``cascade: false``.
    Levels that are not mappings are skipped (the readers report them)."""
    merged: dict[str, Any] = {}
    for level in levels:
        if not isinstance(level, dict):
            continue
        for key, settings in level.items():
            if not isinstance(settings, dict):
                continue
            base = merged.get(str(key), {}) if settings.get("cascade", True) is not False else {}
            entry = {**base, **settings}
            base_options, own_options = base.get("options"), settings.get("options")
            if isinstance(base_options, dict) and isinstance(own_options, dict):
                entry["options"] = {**base_options, **own_options}
            merged[str(key)] = entry
    return merged
