"""The review window: step through the changed articles of a range, see each change field by
field and rendered, mark it reviewed, stage one field, export the report (real git)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures.git_repo import GitRepo, isolated_git
from tests.ui.window_fixtures import write_project
from ui import app
from ui.common.settings import Settings
from ui.review.review_window import ExportReportDialog


@pytest.fixture
def repo(monkeypatch, tmp_path: Path) -> GitRepo:
    isolated_git(monkeypatch, tmp_path)
    repo = GitRepo(tmp_path / "site")
    write_project(repo.root / "content")
    repo.commit_all("first")
    return repo


@pytest.fixture
def window(qtbot, repo: GitRepo, tmp_path: Path):
    win = app.create_window(repo.root / "content", Settings.at(tmp_path / "settings.ini"))
    qtbot.waitUntil(lambda: win.index_ready and win.review.available, timeout=15000)
    yield win
    win.shutdown()
    win.hide()
    win.deleteLater()


def edit(repo: GitRepo, relpath: str, old: bytes, new: bytes) -> Path:
    path = repo.root / "content" / relpath
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))
    return path


LEVER = "physics/what-is-a-lever.md"


def open_review(window, qtbot, path: str | None = None):
    review = window.review.show_review(path)
    qtbot.waitUntil(lambda: review.review is not None and (path is None or review.review.path == path), timeout=15000)
    return review


def test_the_review_shows_the_changed_fields_and_marks_only_the_changed_paragraph(window, repo, qtbot) -> None:
    edit(repo, LEVER, b"    What is a lever?\narticle_title", b"    What is a simple lever?\narticle_title")
    edit(repo, LEVER, b"First paragraph about", b"Opening paragraph about")
    review = open_review(window, qtbot, LEVER)
    keys = [review.field_box.itemText(i) for i in range(review.field_box.count())]
    assert keys == ["title", "answer"]
    document = review.document
    assert "default-src 'none'" in document and "<script" not in document
    changed = re.findall(r'<(\w+)[^>]*class="[^"]*review-changed[^"]*"[^>]*>(.*?)</\1>', document, re.S)
    assert len(changed) == 1 and "paragraph about" in changed[0][1]
    assert "<del>First</del>" in changed[0][1].replace(" ", "") or "First" in changed[0][1]
    assert "simple" in document  # the title's word highlight
    assert review.position.text() == "1 of 1"


def test_steps_through_every_changed_article_and_remembers_what_was_reviewed(window, repo, qtbot, tmp_path) -> None:
    edit(repo, LEVER, b"First paragraph", b"Opening paragraph")
    edit(repo, "physics/how-do-pulleys-work.md", b"First paragraph", b"Opening paragraph")
    review = open_review(window, qtbot)
    assert review.list.count() == 2 and review.position.text() == "1 of 2"
    first = review.review.path
    review.reviewed_box.setChecked(True)
    assert review.list.item(0).text().startswith("✓")
    review.next_button.click()
    qtbot.waitUntil(lambda: review.review.path != first, timeout=10000)
    assert review.position.text() == "2 of 2" and not review.next_button.isEnabled()
    assert not review.reviewed_box.isChecked()
    review.previous_button.click()
    qtbot.waitUntil(lambda: review.review.path == first, timeout=10000)
    assert review.reviewed_box.isChecked()
    # A new edit of a reviewed article makes it unreviewed again.
    edit(repo, first, b"Opening paragraph", b"Leading paragraph")
    review.load()
    qtbot.waitUntil(lambda: review.review is not None and "Leading" in review.document, timeout=10000)
    assert not review.reviewed_box.isChecked() and not review.list.item(0).text().startswith("✓")


def test_staging_one_field_leaves_the_other_edit_unstaged(window, repo, qtbot) -> None:
    edit(repo, LEVER, b"    What is a lever?\narticle_title", b"    What is a simple lever?\narticle_title")
    edit(repo, LEVER, b"First paragraph about", b"Opening paragraph about")
    review = open_review(window, qtbot, LEVER)
    review.field_box.setCurrentText("title")
    assert review.stage_field_button.isEnabled()
    review.stage_field_button.click()
    qtbot.waitUntil(lambda: "Staged title" in review.message.text, timeout=10000)
    staged = repo.git("diff", "--cached")
    assert "+    What is a simple lever?" in staged and "Opening" not in staged
    unstaged = repo.git("diff")
    assert "Opening paragraph" in unstaged and "simple lever" not in unstaged
    qtbot.waitUntil(lambda: [r.staged for r in window.review.changes.model.rows] == [True], timeout=10000)


def test_a_typed_range_compares_two_commits_and_the_report_is_exported(window, repo, qtbot, tmp_path, monkeypatch) -> None:
    repo.git("checkout", "-q", "-b", "feature")
    edit(repo, LEVER, b"First paragraph", b"Opening paragraph")
    repo.commit_all("feature edit")
    repo.git("checkout", "-q", "main")
    review = window.review.show_review()
    qtbot.waitUntil(lambda: review.changeset is not None, timeout=10000)
    assert review.list.count() == 0 and "no changed articles" in review.summary.text()
    review.range_box.setEditText("main...feature")
    review.load()
    qtbot.waitUntil(lambda: review.list.count() == 1 and review.review is not None, timeout=10000)
    assert not review.stage_field_button.isEnabled()  # two commits: nothing to stage
    target = tmp_path / "report.html"
    monkeypatch.setattr(ExportReportDialog, "ask", classmethod(lambda cls, parent, suggested: target))
    review.export_button.click()
    qtbot.waitUntil(target.exists, timeout=10000)
    html = target.read_text(encoding="utf-8")
    assert "main...feature" in html and "Opening" in html and "<script" not in html


def test_a_bad_range_is_a_clear_message(window, qtbot) -> None:
    review = window.review.show_review()
    review.range_box.setEditText("no-such-branch...other")
    review.load()
    qtbot.waitUntil(lambda: not review.message.isHidden(), timeout=10000)
    assert "no-such-branch" in review.message.text


def test_a_review_asked_for_before_the_status_is_read_opens_once_the_repository_is_found(repo, qtbot, tmp_path) -> None:
    """``--review``: the window is asked for the review right after it is made, before git answered."""
    edit(repo, LEVER, b"    What is a lever?\narticle_title", b"    What is a simple lever?\narticle_title")
    win = app.create_window(repo.root / "content", Settings.at(tmp_path / "settings.ini"))
    try:
        assert win.review.review_window is None
        win.review.show_review_when_found(LEVER)
        qtbot.waitUntil(lambda: win.review.review_window is not None, timeout=15000)
        shown = win.review.review_window
        qtbot.waitUntil(lambda: shown.review is not None, timeout=15000)
        assert shown.review.path == LEVER and 'class="review-report review-one"' in shown.document
    finally:
        win.shutdown()
        win.hide()
        win.deleteLater()
