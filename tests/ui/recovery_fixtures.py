"""Fixtures shared by the recovery UI tests: an isolated data home, a content folder, and a
crashed session's journal entry."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.ui.window_fixtures import write_project

from editor.session import recovery
from editor.article.article import Article


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(recovery, "_current", None)
    return home


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_project(tmp_path / "content")


def record_in_dead_process(path: Path, data: bytes, disk_hash: str | None) -> None:
    """Another process journals a buffer and exits without cleaning up, as a crash would.

    A spawned interpreter, not a fork: forking a process that runs Qt's (and WebEngine's)
    threads can deadlock the child on a lock some thread held."""
    script = (
        "import sys; from pathlib import Path; from editor.session.recovery import Journal;"
        "Journal().record(Path(sys.argv[1]), sys.stdin.buffer.read(), sys.argv[2] or None)"
    )
    subprocess.run([sys.executable, "-c", script, str(path), disk_hash or ""], input=data, check=True,
                   env=dict(os.environ), timeout=60)


def edited_bytes(path: Path, answer: str) -> tuple[bytes, str]:
    article = Article.load(path)
    article.answer = answer
    return article.dumps(), article.disk_hash
