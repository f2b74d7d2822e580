"""Finding a folder's work tree and running git in it: not a repository, no git, a clean
environment, a timeout."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from editor.git import GitError, GitMissing, NotARepository, find_repository, open_repository
from editor.git.repository import git_environment, run_git
from tests.fixtures.git_repo import GitRepo


def test_a_subfolder_finds_the_top_of_its_work_tree_and_its_prefix(work: GitRepo) -> None:
    (work.root / "content" / "learn").mkdir(parents=True)
    repo = find_repository(work.root / "content" / "learn")
    assert repo is not None
    assert repo.root == work.root.resolve()
    assert repo.prefix == "content/learn/"
    assert repo.folder == work.root.resolve() / "content" / "learn"
    assert repo.git_dir == (work.root / ".git").resolve()
    assert repo.common_dir == (work.root / ".git").resolve()


def test_a_folder_outside_any_work_tree_is_simply_not_a_repository(tmp_path: Path, work: GitRepo) -> None:
    plain = tmp_path / "plain folder"
    plain.mkdir()
    assert find_repository(plain) is None
    with pytest.raises(NotARepository, match="not a repository"):
        open_repository(plain)


def test_the_git_folder_itself_is_not_a_work_tree(work: GitRepo) -> None:
    assert find_repository(work.root / ".git") is None


def test_a_missing_git_command_gives_one_clear_message(work: GitRepo) -> None:
    with pytest.raises(GitMissing) as caught:
        find_repository(work.root, git="git-that-is-not-installed")
    assert "was not found: install git" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_folder_that_does_not_exist_is_reported_as_such_and_not_as_a_missing_git(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not a folder") as caught:
        find_repository(tmp_path / "gone")
    assert not isinstance(caught.value, GitMissing)


def test_repository_variables_from_a_hook_do_not_redirect_git(work: GitRepo, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    other = GitRepo(tmp_path / "other")
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other.root / ".git" / "index"))
    repo = open_repository(work.root)
    assert repo.root == work.root.resolve()
    assert "GIT_DIR" not in git_environment()


def test_git_runs_without_pager_prompt_or_editor_and_with_literal_paths() -> None:
    env = git_environment(read_only=True)
    assert env["GIT_PAGER"] == "cat" and env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_EDITOR"] == ":"
    assert env["LC_ALL"] == "C" and env["GIT_LITERAL_PATHSPECS"] == "1" and env["GIT_OPTIONAL_LOCKS"] == "0"
    assert "GIT_OPTIONAL_LOCKS" not in git_environment(read_only=False)


def test_a_git_command_that_runs_too_long_is_stopped_with_a_message(work: GitRepo) -> None:
    with pytest.raises(GitError, match="did not finish within 0.5 s"):
        run_git(["-c", "alias.nap=!sleep 5", "nap"], work.root, timeout=0.5)


def test_a_failing_command_quotes_git(work: GitRepo) -> None:
    repo = open_repository(work.root)
    with pytest.raises(GitError, match="failed .exit 128.: fatal: bad revision .no-such-branch."):
        repo.run("log", "no-such-branch", "--")


@pytest.mark.parametrize("name", ["with space.md", 'quote"d.md', "it's.md", "thévenin.md", "日本語.md"])
def test_repo_paths_of_odd_names_are_posix_and_relative_to_the_top(work: GitRepo, name: str) -> None:
    (work.root / "content").mkdir()
    repo = open_repository(work.root / "content")
    assert repo.repo_path(name) == f"content/{name}"
    assert repo.repo_path(repo.root / "content" / name) == f"content/{name}"
    assert repo.folder_path(f"content/{name}") == name
    assert repo.folder_path(f"elsewhere/{name}") is None
    with pytest.raises(ValueError):
        repo.repo_path(repo.root.parent / name)


def test_a_work_tree_reached_through_a_symbolic_link_gives_the_same_paths(work: GitRepo, tmp_path: Path) -> None:
    link = tmp_path / "linked"
    os.symlink(work.root, link)
    repo = open_repository(link)
    assert repo.repo_path(link / "a b.md") == "a b.md"


def test_a_linked_worktree_keeps_head_apart_and_shares_the_refs(work: GitRepo, tmp_path: Path) -> None:
    work.write("a.md", "one")
    work.commit_all()
    subprocess.run(["git", "worktree", "add", "-q", "-b", "side", str(tmp_path / "side")], cwd=work.root, check=True)
    repo = open_repository(tmp_path / "side")
    assert repo.git_dir != repo.common_dir
    assert repo.common_dir == (work.root / ".git").resolve()
    assert (repo.git_dir / "HEAD").is_file()
