"""A file's bytes on each side, and the paths a range of revisions changes, renames included."""
from __future__ import annotations

import pytest

from editor.git import HEAD, INDEX, WORKTREE, GitError, RevRange, changed_paths, open_repository, read_blob, read_blobs
from editor.git.revisions import parse_raw
from tests.fixtures.git_repo import GitRepo


def _names(changes) -> dict[str, tuple]:
    return {c.path: (c.kind, c.old_path) for c in changes}


def test_a_file_is_read_at_head_in_the_index_on_disk_and_at_any_commit(work: GitRepo) -> None:
    work.write("a.md", b"first\r\n")
    first = work.commit_all("one")
    work.write("a.md", b"second\n")
    work.commit_all("two")
    work.write("a.md", b"staged\n")
    work.git("add", "a.md")
    work.write("a.md", b"on disk\n")
    repo = open_repository(work.root)
    assert read_blob(repo, first, "a.md") == b"first\r\n"
    assert read_blob(repo, HEAD, "a.md") == b"second\n"
    assert read_blob(repo, "HEAD~1", "a.md") == b"first\r\n"
    assert read_blob(repo, INDEX, "a.md") == b"staged\n"
    assert read_blob(repo, WORKTREE, "a.md") == b"on disk\n"
    assert read_blob(repo, HEAD, "missing.md") is None
    assert read_blob(repo, WORKTREE, "missing.md") is None


ODD = ["with space.md", 'quote"d.md', "thévenin.md", "日本語.md", "new\nline.md", "ends with 12", "x missing",
       "1:looks like a stage.md", "HEAD:colon.md"]


def test_many_versions_come_from_one_batch_in_the_order_asked_for(work: GitRepo) -> None:
    for i, name in enumerate(ODD):
        work.write(name, f"{i}: {name}\n".encode())
    work.commit_all()
    repo = open_repository(work.root)
    wanted = [(HEAD, name) for name in ODD] + [(HEAD, "gone.md"), (INDEX, ODD[0]), (HEAD, "")]
    assert read_blobs(repo, [(INDEX, name) for name in ODD]) == [f"{i}: {name}\n".encode() for i, name in enumerate(ODD)]
    found = read_blobs(repo, wanted)
    assert found[: len(ODD)] == [f"{i}: {name}\n".encode() for i, name in enumerate(ODD)]
    assert found[len(ODD):] == [None, f"0: {ODD[0]}\n".encode(), None]  # HEAD: is a tree, not a file


def test_working_tree_against_head_lists_edits_deletions_renames_and_untracked_files(work: GitRepo) -> None:
    for name in ("edit.md", "gone.md", "staged.md"):
        work.write(name, f"{name}\n" * 10)
    work.write("move me.md", "the same text on many lines\n" * 10)
    work.commit_all()
    work.write("edit.md", "edited\n")
    (work.root / "gone.md").unlink()
    work.git("mv", "move me.md", "moved é.md")
    work.write("staged.md", "staged\n")
    work.git("add", "staged.md")
    work.write("brand new.md", "new\n")
    changes = changed_paths(open_repository(work.root), RevRange.parse(None))
    assert _names(changes) == {
        "edit.md": ("modified", None), "gone.md": ("deleted", None), "moved é.md": ("renamed", "move me.md"),
        "staged.md": ("modified", None), "brand new.md": ("new", None),
    }
    assert [c.untracked for c in changes if c.path == "brand new.md"] == [True]


def test_staged_and_unstaged_ranges_split_the_working_tree_change(work: GitRepo) -> None:
    work.write("a.md", "a\n")
    work.write("b.md", "b\n")
    work.commit_all()
    work.write("a.md", "a staged\n")
    work.git("add", "a.md")
    work.write("b.md", "b unstaged\n")
    repo = open_repository(work.root)
    assert _names(changed_paths(repo, RevRange.staged())) == {"a.md": ("modified", None)}
    assert _names(changed_paths(repo, RevRange.unstaged())) == {"b.md": ("modified", None)}


def _diverged(work: GitRepo) -> dict[str, str]:
    work.write("shared.md", "base\n")
    base = work.commit_all("base")
    work.git("checkout", "-q", "-b", "feature")
    work.write("feature.md", "on the feature\n")
    feature = work.commit_all("feature work")
    work.git("checkout", "-q", "main")
    work.write("shared.md", "changed on main after the branch\n")
    main = work.commit_all("main work")
    return {"base": base, "feature": feature, "main": main}


def test_two_dots_compare_the_tips_and_three_dots_compare_against_the_merge_base(work: GitRepo) -> None:
    commits = _diverged(work)
    repo = open_repository(work.root)
    assert _names(changed_paths(repo, RevRange.parse("main..feature"))) == {
        "feature.md": ("new", None), "shared.md": ("modified", None)}
    assert _names(changed_paths(repo, RevRange.parse("main...feature"))) == {"feature.md": ("new", None)}
    assert RevRange.parse("main...feature").resolve(repo).old == commits["base"]
    assert RevRange.parse("main...feature").resolve(repo).new == commits["feature"]


def test_a_single_revision_is_compared_with_the_work_tree_and_an_empty_side_is_head(work: GitRepo) -> None:
    commits = _diverged(work)
    repo = open_repository(work.root)
    work.write("shared.md", "edited on disk\n")
    assert _names(changed_paths(repo, RevRange.parse(commits["base"]))) == {"shared.md": ("modified", None)}
    assert RevRange.parse("feature..").new == HEAD
    assert RevRange.parse("..feature").old == HEAD
    assert RevRange.parse("feature").new == WORKTREE


@pytest.mark.parametrize("text", ["--output=/tmp/x", "-p", "main..--exec=x", "a b", "main...-x"])
def test_text_that_would_reach_git_as_an_option_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a revision or a range"):
        RevRange.parse(text)


def test_an_unknown_revision_names_itself(work: GitRepo) -> None:
    work.write("a.md", "a\n")
    work.commit_all()
    with pytest.raises(GitError, match="unknown revision 'nope'"):
        changed_paths(open_repository(work.root), RevRange.parse("nope..HEAD"))


def test_unrelated_histories_have_no_merge_base(work: GitRepo) -> None:
    work.write("a.md", "a\n")
    work.commit_all()
    work.git("checkout", "-q", "--orphan", "other")
    work.git("rm", "-q", "-r", "--cached", ".")
    work.write("b.md", "b\n")
    work.commit_all("unrelated")
    with pytest.raises(GitError, match="no common ancestor"):
        changed_paths(open_repository(work.root), RevRange.parse("main...other"))


def test_before_the_first_commit_everything_on_disk_is_new(work: GitRepo) -> None:
    work.write("a.md", "a\n")
    work.write("b.md", "b\n")
    work.git("add", "b.md")
    repo = open_repository(work.root)
    assert _names(changed_paths(repo, RevRange.parse(None))) == {"a.md": ("new", None), "b.md": ("new", None)}
    assert read_blob(repo, HEAD, "b.md") is None


def test_changes_are_limited_to_the_opened_folder(work: GitRepo) -> None:
    work.write("content/a.md", "a\n")
    work.write("README.md", "r\n")
    work.commit_all()
    work.write("content/a.md", "edited\n")
    work.write("README.md", "edited\n")
    work.write("content/new.md", "n\n")
    work.write("other/new.md", "n\n")
    repo = open_repository(work.root / "content")
    assert sorted(c.path for c in changed_paths(repo, RevRange.parse(None))) == ["content/a.md", "content/new.md"]


def test_a_conflicted_path_is_a_conflicted_change_against_head(work: GitRepo) -> None:
    work.stopped_merge("a.md", "base\n", "main\n", "feature\n")
    changes = changed_paths(open_repository(work.root), RevRange.parse(None))
    assert [(c.path, c.kind) for c in changes] == [("a.md", "conflicted")]


def test_raw_diff_output_is_split_on_nul_with_rename_sources_and_ids() -> None:
    a, b, zero = "a" * 40, "b" * 40, "0" * 40
    data = (f":100644 100644 {a} {zero} M\0a b.md\0:100644 100644 {a} {b} R087\0old\nname.md\0new.md\0"
            f":100644 000000 {a} {zero} D\0gone.md\0:000000 100644 {zero} {b} A\0new.md\0").encode()
    changes = parse_raw(data)
    assert [(c.letter, c.path, c.old_path, c.score, c.old_oid) for c in changes] == [
        ("M", "a b.md", None, None, a), ("R", "new.md", "old\nname.md", 87, a), ("D", "gone.md", None, None, a),
        ("A", "new.md", None, None, None)]
    assert changes[0].new_oid == zero and changes[1].new_oid == b


def test_a_touched_file_with_the_same_bytes_is_not_a_change(work: GitRepo) -> None:
    work.write("same.md", "same\n")
    work.write("new\nline.md", "same\n")
    work.write("edited.md", "before\n")
    work.commit_all()
    import os, time
    later = time.time() + 5
    for name in ("same.md", "new\nline.md", "edited.md"):
        os.utime(work.root / name, (later, later))
    work.write("edited.md", "after\n")
    os.utime(work.root / "edited.md", (later, later))
    repo = open_repository(work.root)
    for rev_range in (RevRange.parse(None), RevRange.unstaged()):
        assert [c.path for c in changed_paths(repo, rev_range)] == ["edited.md"]
