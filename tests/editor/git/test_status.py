"""``read_status``: every kind of change a path can have, staged and unstaged, with odd names,
branch headers and counts per folder, on real repositories."""
from __future__ import annotations

import os
import sys

import pytest

from editor.git import folder_counts, open_repository, read_status
from editor.git.status import CONFLICTED, DELETED, MODIFIED, NEW, RENAMED, STAGED, parse_status
from tests.fixtures.git_repo import GitRepo


def _committed(work: GitRepo, files: dict[str, str]) -> None:
    for path, text in files.items():
        work.write(path, text)
    work.commit_all("base")


def test_each_kind_of_change_gets_its_own_kind(work: GitRepo) -> None:
    _committed(work, {"edited.md": "a\n", "staged.md": "b\n", "removed.md": "c\n", "moved.md": "d\n" * 20,
                      "unstaged-gone.md": "e\n"})
    work.write("edited.md", "a changed\n")
    work.write("staged.md", "b changed\n")
    work.git("add", "staged.md")
    work.git("rm", "-q", "removed.md")
    (work.root / "unstaged-gone.md").unlink()
    work.git("mv", "moved.md", "renamed.md")
    work.write("untracked.md", "new\n")
    work.write("added.md", "added\n")
    work.git("add", "added.md")
    status = read_status(open_repository(work.root))
    kinds = {path: entry.kind for path, entry in status.files.items()}
    assert kinds == {"edited.md": MODIFIED, "staged.md": STAGED, "removed.md": DELETED, "renamed.md": RENAMED,
                     "unstaged-gone.md": DELETED, "untracked.md": NEW, "added.md": NEW}
    assert status.files["renamed.md"].orig_path == "moved.md"
    assert status.files["renamed.md"].score == 100
    assert status.files["removed.md"].staged and not status.files["unstaged-gone.md"].staged
    assert status.files["untracked.md"].untracked and status.files["untracked.md"].unstaged


def test_a_file_staged_then_edited_again_is_both_staged_and_unstaged(work: GitRepo) -> None:
    _committed(work, {"a.md": "one\n"})
    work.write("a.md", "two\n")
    work.git("add", "a.md")
    work.write("a.md", "three\n")
    entry = read_status(open_repository(work.root)).files["a.md"]
    assert (entry.index, entry.worktree) == ("M", "M")
    assert entry.staged and entry.unstaged and entry.kind == MODIFIED


def test_a_file_added_with_intent_is_new(work: GitRepo) -> None:
    _committed(work, {"a.md": "one\n"})
    work.write("b.md", "two\n")
    work.git("add", "-N", "b.md")
    assert read_status(open_repository(work.root)).files["b.md"].kind == NEW


def test_a_merge_conflict_is_conflicted(work: GitRepo) -> None:
    work.stopped_merge("a.md", "base\n", "main\n", "feature\n")
    entry = read_status(open_repository(work.root)).files["a.md"]
    assert entry.kind == CONFLICTED and entry.conflict
    assert (entry.index, entry.worktree) == ("U", "U")
    assert not entry.staged


def test_both_deleted_and_added_by_both_conflicts_are_conflicted(work: GitRepo) -> None:
    work.write("keep.md", "x\n")
    work.stopped_merge("both.md", None, "main\n", "feature\n")
    entry = read_status(open_repository(work.root)).files["both.md"]
    assert (entry.index, entry.worktree, entry.kind) == ("A", "A", CONFLICTED)


ODD_NAMES = ["with space.md", 'quote"d.md', "it's.md", "thévenin.md", "日本語/記事.md", "tab\there.md",
             "new\nline.md", " leading.md", "back\\slash.md"]


def test_paths_with_spaces_quotes_and_non_ascii_come_back_exactly(work: GitRepo) -> None:
    _committed(work, {name: "old\n" for name in ODD_NAMES})
    for name in ODD_NAMES:
        work.write(name, "new\n")
    work.write("untracked é.md", "x")
    status = read_status(open_repository(work.root))
    assert set(status.files) == set(ODD_NAMES) | {"untracked é.md"}
    assert all(status.files[name].kind == MODIFIED for name in ODD_NAMES)


def test_a_rename_between_odd_names_keeps_both_names(work: GitRepo) -> None:
    _committed(work, {"old name é.md": "text\n" * 10})
    work.git("mv", "old name é.md", "new \"name\".md")
    entry = read_status(open_repository(work.root)).files['new "name".md']
    assert entry.kind == RENAMED and entry.orig_path == "old name é.md"


@pytest.mark.skipif(sys.platform != "linux", reason="file names must be free bytes")
def test_a_name_that_is_not_utf8_survives_as_os_fsdecode_gives_it(work: GitRepo) -> None:
    raw = b"caf\xe9.md"
    (work.root / os.fsdecode(raw)).write_bytes(b"x")
    status = read_status(open_repository(work.root))
    assert list(status.files) == [os.fsdecode(raw)]
    assert (work.root / list(status.files)[0]).read_bytes() == b"x"


def test_the_branch_headers_give_name_commit_and_distance_to_upstream(work: GitRepo, tmp_path) -> None:
    _committed(work, {"a.md": "one\n"})
    upstream = GitRepo(tmp_path / "upstream")
    upstream.git("config", "receive.denyCurrentBranch", "ignore")
    work.git("remote", "add", "origin", str(upstream.root))
    work.git("push", "-q", "-u", "origin", "main")
    work.write("a.md", "two\n")
    head = work.commit_all("ahead by one")
    branch = read_status(open_repository(work.root)).branch
    assert (branch.head, branch.oid, branch.upstream, branch.ahead, branch.behind) == ("main", head, "origin/main", 1, 0)


def test_a_detached_head_and_a_repository_without_commits(work: GitRepo) -> None:
    repo = open_repository(work.root)
    fresh = read_status(repo).branch
    assert fresh.oid is None and fresh.head == "main"
    _committed(work, {"a.md": "one\n"})
    work.git("checkout", "-q", "--detach")
    assert read_status(repo).branch.head is None


def test_status_of_a_subfolder_lists_only_its_paths_and_under_makes_them_relative(work: GitRepo) -> None:
    _committed(work, {"content/learn/physics/a.md": "a\n", "content/posts/p.md": "p\n", "README.md": "r\n"})
    for path in ("content/learn/physics/a.md", "content/posts/p.md", "README.md"):
        work.write(path, "changed\n")
    repo = open_repository(work.root / "content" / "learn")
    status = read_status(repo)
    assert list(status.files) == ["content/learn/physics/a.md"]
    assert list(status.under(repo.prefix).files) == ["physics/a.md"]


def test_folder_counts_add_up_every_kind_at_every_depth(work: GitRepo) -> None:
    _committed(work, {"physics/waves/a.md": "a\n", "physics/b.md": "b\n", "law/c.md": "c\n"})
    work.write("physics/waves/a.md", "edited\n")
    work.write("physics/waves/new.md", "new\n")
    (work.root / "law" / "c.md").unlink()
    counts = folder_counts(read_status(open_repository(work.root)))
    assert counts[""] == {MODIFIED: 1, NEW: 1, DELETED: 1}
    assert counts["physics"] == {MODIFIED: 1, NEW: 1}
    assert counts["physics/waves"] == {MODIFIED: 1, NEW: 1}
    assert counts["law"] == {DELETED: 1}
    assert "physics/waves/a.md" not in counts


def test_a_clean_work_tree_has_no_files_and_no_counts(work: GitRepo) -> None:
    _committed(work, {"a.md": "a\n"})
    status = read_status(open_repository(work.root))
    assert status.files == {} and sum(status.counts().values()) == 0


def test_the_parser_reads_a_copy_record_with_its_source() -> None:
    data = (b"# branch.oid (initial)\0# branch.head main\0"
            b"2 C. N... 100644 100644 100644 aaaa bbbb C75 copy.md\0orig.md\0? new file.md\0")
    status = parse_status(data)
    assert status.files["copy.md"].orig_path == "orig.md" and status.files["copy.md"].kind == NEW
    assert status.files["copy.md"].score == 75
    assert status.files["new file.md"].untracked
