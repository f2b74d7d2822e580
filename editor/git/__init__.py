"""The user's git work tree, through the user's own ``git`` command.

One concept: asking git about a folder and telling it to stage or commit, as git-cola and
lazygit do. Nothing here parses git objects by hand: every answer comes from a git command run
with a list of arguments (no shell), ``-z`` output and a clean environment (see ``repository``).

- ``repository``: find the work tree of a folder (None when it is not one), run git.
- ``status``: ``git status --porcelain=v2`` as per-path records and counts per folder.
- ``revisions``: a file's bytes at a commit, in the index or on disk; changed paths of a range.
- ``staging``: stage, unstage, discard (returning the old bytes), commit, write a blob into the
  index for one path (the field-level staging in ``editor.review.staging`` builds that blob).
- ``watch``: a cheap fingerprint of HEAD, the index and the refs, to notice terminal commits.

It may import nothing of ours: it sits at the bottom of the layers, beside ``editor.resources``.
Paths are repository-relative POSIX strings, decoded from git's bytes with ``os.fsdecode`` so
names that are not UTF-8 survive the round trip.
"""
from editor.git.repository import GitError, GitMissing, NotARepository, Repository, find_repository, open_repository
from editor.git.revisions import HEAD, INDEX, WORKTREE, Change, RevRange, changed_paths, read_blob, read_blobs
from editor.git.staging import Discarded, commit, discard, stage, stage_bytes, unstage
from editor.git.status import FileStatus, Status, folder_counts, read_status
from editor.git.watch import Fingerprint, fingerprint

__all__ = [
    "Change", "Discarded", "FileStatus", "Fingerprint", "GitError", "GitMissing", "HEAD", "INDEX",
    "NotARepository", "Repository", "RevRange", "Status", "WORKTREE", "changed_paths", "commit", "discard",
    "find_repository", "fingerprint", "folder_counts", "open_repository", "read_blob", "read_blobs",
    "read_status", "stage", "stage_bytes", "unstage",
]
