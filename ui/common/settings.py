"""One small adapter over QSettings, keeping preferences and window state apart.

Preferences live under ``preferences/``, window geometry and dock layout under ``window/`` and the
recent projects under ``recent/``, so resetting the layout never loses a preference. Tests and
scripts point it at a file: ``Settings.at(tmp_path / "settings.ini")`` or the environment
variable ``ARTICLE_EDITOR_SETTINGS``.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

ORGANIZATION = "ArticleEditor"
APPLICATION = "Article Editor"
MAX_RECENT = 10


class Settings:
    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings or self._default()

    @classmethod
    def at(cls, path: str | Path) -> "Settings":
        """Settings stored in an INI file at ``path``."""
        return cls(QSettings(str(path), QSettings.Format.IniFormat))

    @staticmethod
    def _default() -> QSettings:
        override = os.environ.get("ARTICLE_EDITOR_SETTINGS")
        if override:
            return QSettings(override, QSettings.Format.IniFormat)
        return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)

    # -- preferences ---------------------------------------------------------------------------
    def preference(self, name: str, default: Any = None) -> Any:
        return _typed(self.qsettings.value(f"preferences/{name}", default), default)

    def set_preference(self, name: str, value: Any) -> None:
        self.qsettings.setValue(f"preferences/{name}", value)

    # -- window state --------------------------------------------------------------------------
    def save_window(self, window: QMainWindow) -> None:
        self.qsettings.setValue("window/geometry", window.saveGeometry())
        self.qsettings.setValue("window/state", window.saveState())
        self.qsettings.sync()

    def restore_window(self, window: QMainWindow) -> bool:
        """Restore geometry and dock layout; False when there is nothing saved yet."""
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        restored = False
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            restored = window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            restored = window.restoreState(state) or restored
        return restored

    def window_value(self, name: str, default: Any = None) -> Any:
        """Window state such as ``formCollapsed`` (layout, not a preference), in the default's type."""
        return _typed(self.qsettings.value(f"window/{name}", default), default)

    def set_window_value(self, name: str, value: Any) -> None:
        self.qsettings.setValue(f"window/{name}", value)

    # -- review marks -----------------------------------------------------------------------------
    def review_marks(self, repository: str) -> set[str]:
        """The article versions marked reviewed in a repository (``ui.review``'s version keys)."""
        value = self.qsettings.value(f"review/{_key(repository)}", [])
        if isinstance(value, str):
            value = [value]
        return {str(v) for v in value or [] if v}

    def set_review_marks(self, repository: str, marks: set[str]) -> None:
        self.qsettings.setValue(f"review/{_key(repository)}", sorted(marks))

    # -- recent projects -----------------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        value = self.qsettings.value("recent/projects", [])
        if isinstance(value, str):  # QSettings returns a lone string for one-element lists
            value = [value]
        return [str(v) for v in value or [] if v]

    def add_recent_project(self, folder: str | Path) -> None:
        folder = str(Path(folder).resolve())
        recent = [folder] + [p for p in self.recent_projects() if p != folder]
        self.qsettings.setValue("recent/projects", recent[:MAX_RECENT])
        self.qsettings.sync()

    def last_project(self) -> str | None:
        """The most recent project folder that still exists."""
        return next((p for p in self.recent_projects() if Path(p).is_dir()), None)


def _key(text: str) -> str:
    """A settings key for any text (paths hold slashes, which QSettings reads as groups)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _typed(value: Any, default: Any) -> Any:
    """INI files give strings back; keep the default's type."""
    if isinstance(default, bool) and isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    if isinstance(default, int) and not isinstance(default, bool) and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return default
    return value
