"""A small folder of our own articles, and the real window over it, for the tests of finding
articles: Quick Open and the project browser. Test modules import the fixtures by name."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.perf.synth import article_model, link_to, write_article
from ui import app
from ui.common.dialogs import ConflictDialog, SaveChangesDialog
from ui.common.settings import Settings

ARTICLES = [
    ("physics/what-is-a-lever.md", "What is a lever?", {}),
    ("physics/how-do-pulleys-work.md", "How do pulleys work?", {}),
    ("economics/why-do-markets-clear.md", "Why do markets clear?", {}),
    ("chemistry/define-homogeneous-mixtures.md", "Define homogeneous mixtures", {}),
    ("biology/what-do-mitochondria-do.md", "What do mitochondria do?", {}),
    ("biology/photosynthesis-in-c4-plants.md", "Photosynthesis in C4 plants", {}),
    ("biology/why-is-photosynthesis-slow-at-night.md", "Why is photosynthesis slow at night?", {}),
    ("biology/what-do-leaves-do.md", "What do leaves do?",
     {"question": "What do leaves do, and where does photosynthesis happen?"}),
]


@pytest.fixture(autouse=True)
def private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Journals, folder locks, the index and settings go under tmp_path, never the user's own;
    a prompt that a test does not answer is answered "discard" / "cancel"."""
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, parent, names: "discard"))
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, name: "cancel"))


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    models = [article_model(relpath, title, id=400 + number, **fields)
              for number, (relpath, title, fields) in enumerate(ARTICLES)]
    models[1]["links"] = [link_to(models[0])]  # the pulleys link to the lever, its title copied
    for model in models:
        write_article(root, model)
    return root


@pytest.fixture
def window(qtbot: Any, content: Path, tmp_path: Path) -> Iterator[Any]:
    win = app.create_window(content, Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    yield win
    win.shutdown()
    win.hide()
    win.deleteLater()
