"""Git status in the project browser, with real git in a temporary copy of our fixture site: each
changed article gets VS Code's letter and colour, a deleted one stays as a struck-through row,
the rows above count the letters, and the marks follow saves and what a terminal does."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from tests.fixtures.git_repo import GitRepo, isolated_git
from tests.fixtures.site_checkout import ANSWER, CANONICAL_ANSWER, POST, POST_WITHOUT_SEO, SITE
from tests.ui.window.browser_fixtures import git_letter, row, struck, texts
from tests.ui.window.finding_fixtures import private_dirs  # noqa: F401 - autouse fixture
from ui import app
from ui.common.settings import Settings
from ui.window.article_tree import GIT
from ui.window.git_marks import COLOURS

NEW_ANSWER = "content/learn/biology/what-is-a-cell.md"


@pytest.fixture
def repo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> GitRepo:
    isolated_git(monkeypatch, tmp_path)
    repo = GitRepo(tmp_path / "site")
    shutil.copytree(SITE, repo.root, dirs_exist_ok=True)
    repo.commit_all("the site")
    return repo


def open_window(qtbot: Any, folder: Path, tmp_path: Path) -> Any:
    win = app.create_window(folder, Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    return win


@pytest.fixture
def window(qtbot: Any, repo: GitRepo, tmp_path: Path) -> Iterator[Any]:
    win = open_window(qtbot, repo.root, tmp_path)
    qtbot.waitUntil(lambda: win.review.git_state.status is not None, timeout=10000)
    yield win
    win.shutdown()
    win.deleteLater()


def edit(repo: GitRepo, relpath: str, old: bytes, new: bytes) -> None:
    data = repo.read(relpath)
    assert old in data
    repo.write(relpath, data.replace(old, new, 1))


def test_changed_articles_get_their_letter_and_the_rows_above_count_them(repo: GitRepo, qtbot, tmp_path) -> None:
    edit(repo, POST, b"Three habits help.", b"Three habits help a lot.")  # modified, not staged
    edit(repo, POST_WITHOUT_SEO, b"Guest writer", b"Study Desk Team")
    repo.git("add", POST_WITHOUT_SEO)  # staged
    repo.write(NEW_ANSWER, repo.read(ANSWER).replace(b"How do mitochondria make energy?", b"What is a cell?"))
    repo.git("rm", "-q", CANONICAL_ANSWER)  # deleted
    win = open_window(qtbot, repo.root, tmp_path)
    try:
        root = repo.root.resolve()
        every = [root / p for p in (POST, POST_WITHOUT_SEO, NEW_ANSWER, CANONICAL_ANSWER, ANSWER)]

        def letters() -> list[str | None]:
            shown = all(win.browser.model.index_of(path).isValid() for path in every)
            return [git_letter(win, path) for path in every] if shown else []

        qtbot.waitUntil(lambda: letters() == ["M", "S", "U", "D", None], timeout=10000)
        assert texts(win)[:2] == ["Answers  (4)  ·  1 D 1 U", "Blog  ·  1 M 1 S"]
        assert texts(win, row(win, "Answers")) == ["biology  (3)  ·  1 U", "geology  (1)  ·  1 D"]
        assert texts(win, row(win, "Blog")) == ["Blog posts  (3)  ·  1 M 1 S"]
        # The deleted answer is a struck-through row under its title in HEAD, and opens nothing.
        deleted = win.browser.model.index_of(root / CANONICAL_ANSWER)
        assert win.browser.model.data(deleted) == "What causes earthquakes?" and struck(win, deleted)
        win.browser._clicked(deleted)
        assert win.tabs.count() == 0
        modified = win.browser.model.index_of(root / POST)
        colour = win.browser.model.data(modified.siblingAtColumn(GIT), Qt.ItemDataRole.ForegroundRole)
        assert colour.name() in COLOURS["modified"]
        assert "modified" in win.browser.model.data(modified, Qt.ItemDataRole.ToolTipRole)
        assert not win.browser.tree.isColumnHidden(GIT)
    finally:
        win.shutdown()
        win.deleteLater()


def test_a_save_in_the_window_marks_the_article_modified(window, repo: GitRepo, qtbot) -> None:
    post = (repo.root / POST).resolve()
    assert git_letter(window, post) is None
    tab = window.open_article(post)
    field = tab.findChild(QLineEdit, "field:title")
    field.selectAll()
    qtbot.keyClicks(field, "Three habits, tried")
    window.save()
    qtbot.waitUntil(lambda: git_letter(window, post) == "M", timeout=10000)
    assert texts(window, row(window, "Blog")) == ["Blog posts  (3)  ·  1 M"]


def test_a_commit_made_in_a_terminal_clears_the_marks(window, repo: GitRepo, qtbot) -> None:
    post = (repo.root / POST).resolve()
    edit(repo, POST, b"Three habits help.", b"Three habits help a lot.")
    repo.git("add", POST)  # touches git's index: the window notices within a second
    qtbot.waitUntil(lambda: git_letter(window, post) == "S", timeout=10000)
    repo.git("commit", "-q", "-m", "tighter intro")
    qtbot.waitUntil(lambda: git_letter(window, post) is None, timeout=10000)
    assert texts(window)[1] == "Blog"


def test_a_deleted_article_row_goes_once_a_checkout_brings_it_back(window, repo: GitRepo, qtbot) -> None:
    answer = (repo.root / CANONICAL_ANSWER).resolve()
    repo.git("rm", "-q", CANONICAL_ANSWER)
    qtbot.waitUntil(lambda: git_letter(window, answer) == "D", timeout=10000)
    repo.git("reset", "-q", "HEAD", "--", CANONICAL_ANSWER)
    repo.git("checkout", "-q", "--", CANONICAL_ANSWER)
    qtbot.waitUntil(lambda: git_letter(window, answer) is None, timeout=10000)
    assert not struck(window, window.browser.model.index_of(answer))


def test_a_renamed_article_is_R_and_a_conflicted_one_is_C(window, repo: GitRepo, qtbot) -> None:
    renamed = "content/learn/biology/mitochondria.md"
    repo.git("mv", ANSWER, renamed)
    window.reindex()  # the index learns the new name
    target = (repo.root / renamed).resolve()
    qtbot.waitUntil(lambda: window.browser.model.index_of(target).isValid()
                    and git_letter(window, target) == "R", timeout=10000)
    tip = window.browser.model.data(window.browser.model.index_of(target).siblingAtColumn(GIT), Qt.ItemDataRole.ToolTipRole)
    assert tip == f"renamed from {ANSWER}"
    repo.git("commit", "-q", "-m", "rename")
    post = (repo.root / POST).resolve()
    original = repo.read(POST)
    repo.stopped_merge(POST, original, original.replace(b"Three habits help.", b"Ours."),
                       original.replace(b"Three habits help.", b"Theirs."))
    qtbot.waitUntil(lambda: git_letter(window, post) == "C", timeout=10000)
    assert "conflicted" in window.browser.model.data(window.browser.model.index_of(post), Qt.ItemDataRole.ToolTipRole)


def test_outside_git_the_browser_has_no_git_column(qtbot, tmp_path: Path, monkeypatch) -> None:
    isolated_git(monkeypatch, tmp_path)
    folder = tmp_path / "plain"
    shutil.copytree(SITE, folder)
    win = open_window(qtbot, folder, tmp_path)
    try:
        qtbot.waitUntil(lambda: bool(win.review.git_state.message), timeout=10000)
        assert win.browser.tree.isColumnHidden(GIT)
        assert texts(win)[:3] == ["Answers  (3)", "Blog", "Site"]
    finally:
        win.shutdown()
        win.deleteLater()
