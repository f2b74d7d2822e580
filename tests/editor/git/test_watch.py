"""The fingerprint changes with git work done in a terminal, and not with the app's own reads."""
from __future__ import annotations

import os
import subprocess
import time

from editor.git import fingerprint, open_repository, read_status
from editor.git.revisions import RevRange, changed_paths
from tests.fixtures.git_repo import GitRepo


def _base(work: GitRepo) -> None:
    work.write("a.md", "one\n")
    work.commit_all("base")


def test_a_commit_in_a_terminal_changes_the_fingerprint(work: GitRepo) -> None:
    _base(work)
    repo = open_repository(work.root)
    before = fingerprint(repo)
    work.write("a.md", "two\n")
    work.commit_all("terminal commit")
    after = fingerprint(repo)
    assert before != after
    assert "ref:refs/heads/main" in before.changed_files(after)


def test_staging_checkout_and_a_new_branch_each_change_it(work: GitRepo) -> None:
    _base(work)
    repo = open_repository(work.root)
    steps = [lambda: (work.write("a.md", "staged\n"), work.git("add", "a.md")),
             lambda: work.git("branch", "feature"),
             lambda: work.git("checkout", "-q", "-f", "feature")]
    for step in steps:
        before = fingerprint(repo)
        time.sleep(0.01)
        step()
        assert fingerprint(repo) != before


def test_a_commit_on_a_branch_in_a_folder_is_seen(work: GitRepo) -> None:
    _base(work)
    work.git("checkout", "-q", "-b", "feature/long-name")
    repo = open_repository(work.root)
    before = fingerprint(repo)
    work.write("a.md", "two\n")
    work.commit_all("on the branch")
    assert "ref:refs/heads/feature/long-name" in before.changed_files(fingerprint(repo))


def test_reading_status_and_changes_never_rewrites_the_index(work: GitRepo) -> None:
    _base(work)
    target = work.root / "a.md"
    later = time.time() + 5
    os.utime(target, (later, later))  # same bytes, new mtime: the index is stat-dirty
    repo = open_repository(work.root)
    before = fingerprint(repo)
    assert read_status(repo).files == {}
    assert changed_paths(repo, RevRange.parse(None)) == []
    assert fingerprint(repo) == before
    # A plain git status in a terminal does refresh it: the fingerprint saw what mattered.
    subprocess.run(["git", "status", "--porcelain"], cwd=work.root, check=True, capture_output=True)
    assert fingerprint(repo) != before


def test_aborting_a_stopped_merge_is_seen(work: GitRepo) -> None:
    work.stopped_merge("a.md", "one\n", "main\n", "feature\n")
    repo = open_repository(work.root)
    during = fingerprint(repo)
    work.git("merge", "--abort")
    assert "git:MERGE_HEAD" in during.changed_files(fingerprint(repo))
