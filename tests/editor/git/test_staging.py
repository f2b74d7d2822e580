"""Stage, unstage, discard (with the old bytes back), write a blob into the index, and commit
through the user's git with their identity and hooks."""
from __future__ import annotations

import os
import stat

import pytest

from editor.git import GitError, commit, discard, open_repository, read_status, stage, stage_bytes, unstage
from editor.git.staging import index_entry
from tests.fixtures.git_repo import AUTHOR_EMAIL, AUTHOR_NAME, GitRepo


@pytest.fixture
def committed(work: GitRepo) -> GitRepo:
    work.write("a b.md", "one\n")
    work.write("thévenin.md", "two\n")
    work.commit_all("base")
    return work


def test_staging_and_unstaging_a_file_with_an_odd_name(committed: GitRepo) -> None:
    repo = open_repository(committed.root)
    committed.write("thévenin.md", "two edited\n")
    stage(repo, ["thévenin.md"])
    assert committed.git("diff", "--cached", "--name-only", "-z") == "thévenin.md\0"
    unstage(repo, ["thévenin.md"])
    assert committed.git("diff", "--cached", "--name-only") == ""
    assert committed.read("thévenin.md") == b"two edited\n"


def test_staging_a_deleted_file_stages_its_deletion(committed: GitRepo) -> None:
    repo = open_repository(committed.root)
    (committed.root / "a b.md").unlink()
    stage(repo, ["a b.md"])
    assert committed.git("diff", "--cached", "--name-status", "-z") == "D\0a b.md\0"


def test_unstaging_before_the_first_commit_removes_the_path_from_the_index(work: GitRepo) -> None:
    work.write("a.md", "x\n")
    work.git("add", "a.md")
    unstage(open_repository(work.root), ["a.md"])
    assert work.git("ls-files") == "" and work.read("a.md") == b"x\n"


def test_discarding_returns_the_bytes_from_before_so_the_discard_can_be_undone(committed: GitRepo) -> None:
    repo = open_repository(committed.root)
    committed.write("a b.md", "one edited\r\n")
    committed.write("untracked é.md", "new file\n")
    done = discard(repo, ["a b.md", "untracked é.md"])
    assert [(d.path, d.before, d.after) for d in done] == [
        ("a b.md", b"one edited\r\n", b"one\n"), ("untracked é.md", b"new file\n", None)]
    assert not (committed.root / "untracked é.md").exists()
    assert read_status(repo).files == {}


def test_discarding_keeps_what_is_staged_unless_asked_to_drop_it_too(committed: GitRepo) -> None:
    repo = open_repository(committed.root)
    committed.write("a b.md", "staged\n")
    committed.git("add", "a b.md")
    committed.write("a b.md", "staged and more\n")
    assert discard(repo, ["a b.md"])[0].after == b"staged\n"
    assert committed.git("diff", "--cached", "--name-only") == "a b.md\n"
    committed.write("added.md", "added\n")
    committed.git("add", "added.md")
    done = discard(repo, ["a b.md", "added.md"], staged=True)
    assert [(d.before, d.after) for d in done] == [(b"staged\n", b"one\n"), (b"added\n", None)]
    assert committed.git("status", "--porcelain") == ""


def test_stage_bytes_changes_the_index_only_and_keeps_the_file_mode(committed: GitRepo) -> None:
    script = committed.write("run.sh", "#!/bin/sh\necho one\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    committed.commit_all("script")
    repo = open_repository(committed.root)
    committed.write("run.sh", "#!/bin/sh\necho two\necho three\n")
    oid = stage_bytes(repo, "run.sh", b"#!/bin/sh\necho two\n")
    assert committed.show(":run.sh") == b"#!/bin/sh\necho two\n"
    assert committed.read("run.sh") == b"#!/bin/sh\necho two\necho three\n"
    entry = index_entry(repo, "run.sh")
    assert entry is not None and (entry.mode, entry.oid) == ("100755", oid)
    assert committed.git("diff", "--name-only") == "run.sh\n"


def test_stage_bytes_stores_the_bytes_as_given_whatever_the_line_end_filters(committed: GitRepo) -> None:
    committed.git("config", "core.autocrlf", "true")
    repo = open_repository(committed.root)
    stage_bytes(repo, "a b.md", b"crlf\r\nkept\r\n")
    assert committed.show(":a b.md") == b"crlf\r\nkept\r\n"


def test_a_commit_has_the_message_and_the_identity_from_git_config(committed: GitRepo) -> None:
    repo = open_repository(committed.root)
    committed.write("a b.md", "edited\n")
    stage(repo, ["a b.md"])
    oid = commit(repo, "Edit the first article\n\nWhy: a reviewer asked.\n")
    assert committed.git("rev-parse", "HEAD").strip() == oid
    assert committed.git("log", "-1", "--format=%an <%ae>%n%B") == (
        f"{AUTHOR_NAME} <{AUTHOR_EMAIL}>\nEdit the first article\n\nWhy: a reviewer asked.\n\n")


def test_commit_hooks_run_and_a_failing_hook_stops_the_commit_with_its_words(committed: GitRepo) -> None:
    hooks = committed.root / ".git" / "hooks"
    hook = hooks / "commit-msg"
    hook.write_text('#!/bin/sh\necho "Signed-off-by: Hook" >> "$1"\n')
    hook.chmod(0o755)
    repo = open_repository(committed.root)
    committed.write("a b.md", "edited\n")
    stage(repo, ["a b.md"])
    hooked = commit(repo, "With a hook")
    assert "Signed-off-by: Hook" in committed.git("log", "-1", "--format=%B")
    pre = hooks / "pre-commit"
    pre.write_text("#!/bin/sh\necho 'answers must not hold TODO' >&2\nexit 1\n")
    pre.chmod(0o755)
    committed.write("a b.md", "edited again\n")
    stage(repo, ["a b.md"])
    with pytest.raises(GitError, match="answers must not hold TODO"):
        commit(repo, "Blocked")
    assert committed.git("rev-parse", "HEAD").strip() == hooked


def test_committing_nothing_or_an_empty_message_is_refused(committed: GitRepo) -> None:
    repo = open_repository(committed.root)
    with pytest.raises(GitError, match="nothing to commit"):
        commit(repo, "Nothing staged")
    with pytest.raises(ValueError, match="empty"):
        commit(repo, "  \n")


def test_a_missing_identity_is_git_s_own_message(committed: GitRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = committed.root.parent / "empty.gitconfig"
    empty.write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    monkeypatch.setenv("EMAIL", "")
    repo = open_repository(committed.root)
    committed.write("a b.md", "edited\n")
    stage(repo, ["a b.md"])
    with pytest.raises(GitError, match="user.email"):
        commit(repo, "Who am I")
    assert os.environ["GIT_CONFIG_GLOBAL"] == str(empty)
