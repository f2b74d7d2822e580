"""Every git test runs against a fresh repository with an isolated git configuration."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.git_repo import GitRepo, isolated_git


@pytest.fixture
def work(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> GitRepo:
    """An empty work tree (``git init``), with its own home and global config."""
    isolated_git(monkeypatch, tmp_path)
    return GitRepo(tmp_path / "site")
