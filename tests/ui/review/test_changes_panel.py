"""The Changes panel follows the project's git work tree: changed articles by title, staged or
not, and stage, unstage and commit from the window, with real git in a temporary repository."""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDockWidget

from tests.fixtures.git_repo import AUTHOR_EMAIL, GitRepo, isolated_git
from tests.ui.window_fixtures import article_path, write_project
from ui import app
from ui.common.settings import Settings


@pytest.fixture
def repo(monkeypatch, tmp_path: Path) -> GitRepo:
    isolated_git(monkeypatch, tmp_path)
    repo = GitRepo(tmp_path / "site")
    write_project(repo.root / "content")
    repo.commit_all("first")
    return repo


def _window(qtbot, folder: Path, tmp_path: Path):
    win = app.create_window(folder, Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready, timeout=15000)
    return win


@pytest.fixture
def window(qtbot, repo: GitRepo, tmp_path: Path):
    win = _window(qtbot, repo.root / "content", tmp_path)
    yield win
    win.shutdown()
    win.hide()
    win.deleteLater()


def rows(window) -> list[tuple[str, str, bool]]:
    return [(row.path, row.kind, row.staged) for row in window.review.changes.model.rows]


def test_a_folder_outside_git_keeps_the_changes_dock_hidden(qtbot, tmp_path: Path, monkeypatch) -> None:
    isolated_git(monkeypatch, tmp_path)
    folder = tmp_path / "plain"
    write_project(folder)
    win = _window(qtbot, folder, tmp_path)
    try:
        qtbot.waitUntil(lambda: bool(win.review.git_state.message), timeout=10000)
        assert "not a repository" in win.review.git_state.message
        dock = win.findChild(QDockWidget, "changesDock")
        assert dock is not None and not dock.isVisible() and not dock.toggleViewAction().isVisible()
    finally:
        win.shutdown()
        win.deleteLater()


def test_an_edit_made_in_a_terminal_shows_as_a_changed_article_by_title(window, repo: GitRepo, qtbot) -> None:
    qtbot.waitUntil(lambda: window.review.git_state.status is not None, timeout=10000)
    assert rows(window) == []
    assert window.findChild(QDockWidget, "changesDock").toggleViewAction().isVisible()
    target = article_path(repo.root / "content")
    target.write_bytes(target.read_bytes().replace(b"First paragraph", b"Opening paragraph"))
    repo.git("add", "-N", ".")  # touches git's index, which the window notices within a second
    relpath = target.relative_to(repo.root / "content").as_posix()
    qtbot.waitUntil(lambda: [r[0] for r in rows(window)] == [relpath], timeout=10000)
    row = window.review.changes.model.rows[0]
    assert row.kind == "modified" and not row.staged and row.title == "What is a lever?"
    assert "1 changed article" in window.review.changes.summary.text()


def test_a_save_stage_and_commit_from_the_window_reach_git(window, repo: GitRepo, qtbot) -> None:
    panel = window.review.changes
    qtbot.waitUntil(lambda: window.review.git_state.status is not None, timeout=10000)
    tab = window.open_article(article_path(repo.root / "content"))
    tab.controller.set("title", "What is a simple lever?")
    assert window.save()
    qtbot.waitUntil(lambda: [r[1] for r in rows(window)] == ["modified"], timeout=10000)
    panel.view.selectRow(0)
    assert panel.stage_button.isEnabled() and not panel.unstage_button.isEnabled()
    panel.stage_button.click()
    qtbot.waitUntil(lambda: [r[2] for r in rows(window)] == [True], timeout=10000)
    assert "lever.md" in repo.git("diff", "--cached", "--name-only")
    assert not panel.commit_button.isEnabled()  # no message yet
    panel.commit_message.setPlainText("Retitle the lever article")
    assert panel.commit_button.isEnabled() and panel.commit_button.text() == "Commit 1 staged"
    panel.commit_button.click()
    qtbot.waitUntil(lambda: rows(window) == [], timeout=10000)
    log = repo.git("log", "-1", "--format=%s|%ae")
    assert log.strip() == f"Retitle the lever article|{AUTHOR_EMAIL}"
    assert repo.git("status", "--porcelain") == ""
    assert panel.commit_message.toPlainText() == ""


def test_unstage_takes_an_article_out_of_the_next_commit_and_keeps_its_edit(window, repo: GitRepo, qtbot) -> None:
    panel = window.review.changes
    target = article_path(repo.root / "content")
    target.write_bytes(target.read_bytes().replace(b"First paragraph", b"Opening paragraph"))
    repo.git("add", "-A")
    qtbot.waitUntil(lambda: [r[2] for r in rows(window)] == [True], timeout=10000)
    panel.view.selectRow(0)
    panel.unstage_button.click()
    qtbot.waitUntil(lambda: [r[2] for r in rows(window)] == [False], timeout=10000)
    assert repo.git("diff", "--cached", "--name-only") == ""
    assert b"Opening paragraph" in target.read_bytes()


def test_a_commit_a_hook_refuses_shows_the_hooks_words(window, repo: GitRepo, qtbot) -> None:
    hook = repo.root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'content freeze: no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    target = article_path(repo.root / "content")
    target.write_bytes(target.read_bytes().replace(b"First paragraph", b"Opening paragraph"))
    repo.git("add", "-A")
    panel = window.review.changes
    qtbot.waitUntil(lambda: [r[2] for r in rows(window)] == [True], timeout=10000)
    panel.commit_message.setPlainText("Try anyway")
    panel.commit_button.click()
    qtbot.waitUntil(lambda: not panel.message.isHidden(), timeout=10000)
    assert "content freeze" in panel.message.text and panel.message.level == "error"
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"


def test_discard_asks_first_and_can_be_undone_from_the_journal(window, repo: GitRepo, qtbot, monkeypatch) -> None:
    from editor.session.recovery import current
    from ui.review.discard import DiscardDialog

    target = article_path(repo.root / "content")
    original = target.read_bytes()
    edited = original.replace(b"First paragraph", b"Opening paragraph")
    target.write_bytes(edited)
    repo.git("add", "-N", ".")
    panel = window.review.changes
    qtbot.waitUntil(lambda: [r[1] for r in rows(window)] == ["new"] or [r[1] for r in rows(window)] == ["modified"],
                    timeout=10000)
    panel.view.selectRow(0)
    asked = []
    monkeypatch.setattr(DiscardDialog, "ask", classmethod(lambda cls, parent, names: asked.append(names) or False))
    panel.discard_button.click()
    assert asked and target.read_bytes() == edited  # cancelled: nothing happens
    monkeypatch.setattr(DiscardDialog, "ask", classmethod(lambda cls, parent, names: True))
    panel.discard_button.click()
    qtbot.waitUntil(lambda: "Discarded the changes to 1 article" in panel.message.text, timeout=10000)
    assert target.read_bytes() == original
    assert current().discarded_text(target) == edited  # a crash now would still have the edit
    qtbot.waitUntil(lambda: rows(window) == [], timeout=10000)
    panel.undo_discard()
    qtbot.waitUntil(lambda: target.read_bytes() == edited, timeout=10000)
    assert current().discarded_text(target) is None
    qtbot.waitUntil(lambda: len(rows(window)) == 1, timeout=10000)
