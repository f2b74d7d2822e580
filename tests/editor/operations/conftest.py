"""Fixtures of the bulk operation tests. Every test gets its own index cache and journal folder
(XDG_CACHE_HOME, XDG_DATA_HOME), never the user's."""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.index.project import Project
from tests.editor.operations.bulk_fixtures import write_folder


@pytest.fixture(autouse=True)
def own_cache_and_journal(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    return data


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_folder(tmp_path / "content")


@pytest.fixture
def project(folder: Path) -> Project:
    project = Project.open(folder)
    project.index()
    return project
