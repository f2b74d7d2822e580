"""Finding the git work tree of a folder, and running the user's ``git`` in it.

Every command runs as a list of arguments (no shell) from the top of the work tree, with an
environment that keeps the user's configuration (identity, hooks, signing) but can never stop
to ask something or page its output:

- ``GIT_PAGER=cat``, ``GIT_TERMINAL_PROMPT=0``, ``GIT_EDITOR=:``: no pager, no prompt, no editor;
- ``LC_ALL=C``: git's messages in English, so the few we recognise ("not a git repository") are
  recognised in every locale;
- ``GIT_LITERAL_PATHSPECS=1``: a file called ``*.md`` or ``:(top)x`` is that file, not a pattern;
- ``GIT_OPTIONAL_LOCKS=0`` for commands that only read: a background ``status`` never takes
  ``index.lock`` from under the user's terminal, and never rewrites the index (which would
  change the fingerprint ``watch`` looks at, and start another refresh);
- variables that point git somewhere else (``GIT_DIR``, ``GIT_INDEX_FILE``...) are removed: the
  app may be started from a hook, where they name another repository;
- ``-c core.quotepath=off`` and ``-z`` formats: paths come back as raw bytes.

Every call has a timeout; a missing ``git`` gives ``GitMissing`` with one clear message.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

DEFAULT_TIMEOUT = 60.0  # seconds; status of 35k files takes well under one
# Variables that make git look at another repository than the folder's own.
_REPOSITORY_VARIABLES = (
    "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX", "GIT_QUARANTINE_PATH", "GIT_INTERNAL_SUPER_PREFIX",
)
_NOT_A_WORK_TREE = ("not a git repository", "must be run in a work tree")


class GitError(Exception):
    """A git command failed; the message says which and quotes git's own words."""


class GitMissing(GitError):
    """There is no ``git`` command to run."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


def git_environment(read_only: bool = False) -> dict[str, str]:
    """The environment every git command runs with (see the module docstring)."""
    env = {key: value for key, value in os.environ.items() if key not in _REPOSITORY_VARIABLES}
    env.update(
        LC_ALL="C", LANGUAGE="C", GIT_PAGER="cat", PAGER="cat", GIT_TERMINAL_PROMPT="0", GIT_EDITOR=":",
        GIT_LITERAL_PATHSPECS="1", GIT_MERGE_AUTOEDIT="no",
    )
    if read_only:
        env["GIT_OPTIONAL_LOCKS"] = "0"
    return env


@dataclass(frozen=True)
class Result:
    """What a finished git command gave: exit code, stdout and stderr as bytes."""

    code: int
    out: bytes
    err: bytes

    @property
    def message(self) -> str:
        """git's complaint, one line per line it wrote, for an error message."""
        return os.fsdecode(self.err).strip() or os.fsdecode(self.out).strip()


def run_git(
    args: Sequence[str | bytes],
    cwd: str | os.PathLike[str],
    *,
    input: bytes | None = None,
    timeout: float | None = None,
    read_only: bool = False,
    git: str = "git",
) -> Result:
    """Run ``git -c core.quotepath=off ARGS`` in ``cwd``; GitMissing when there is no git, GitError
    when it does not finish in time. A non-zero exit is returned, not raised (see ``check``)."""
    command = [git, "--no-pager", "-c", "core.quotepath=off", *args]
    limit = DEFAULT_TIMEOUT if timeout is None else timeout
    try:
        done = subprocess.run(
            command, cwd=cwd, input=input, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            stdin=None if input is not None else subprocess.DEVNULL,
            env=git_environment(read_only), timeout=limit, check=False,
        )
    except FileNotFoundError:
        if not Path(cwd).is_dir():
            raise GitError(f"{cwd}: the folder does not exist") from None
        raise GitMissing(
            f"the '{git}' command was not found: install git (https://git-scm.com) and put it on PATH "
            "to see changes, review them and commit"
        ) from None
    except PermissionError as exc:
        raise GitMissing(f"the '{git}' command cannot be run: {exc.strerror}") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"'git {_verb(args)}' did not finish within {limit:g} s and was stopped") from None
    return Result(done.returncode, done.stdout, done.stderr)


def _verb(args: Sequence[str | bytes]) -> str:
    words = [os.fsdecode(a) for a in args if not os.fsdecode(a).startswith("-")]
    return words[0] if words else "?"


def check(result: Result, args: Sequence[str | bytes], ok: Sequence[int] = (0,)) -> bytes:
    """``result.out``, or GitError quoting git when the exit code is not one of ``ok``."""
    if result.code not in ok:
        raise GitError(f"'git {_verb(args)}' failed (exit {result.code}): {result.message}")
    return result.out


@dataclass(frozen=True)
class Repository:
    """A work tree and the folder inside it that was opened.

    ``root`` is the top of the work tree, ``folder`` the opened folder and ``prefix`` the
    folder's path below ``root`` (``""`` or ``"content/learn/"``, with a trailing slash).
    ``git_dir`` holds HEAD and the index; ``common_dir`` the refs and objects (they differ in a
    linked worktree made by ``git worktree add``).
    """

    root: Path
    git_dir: Path
    common_dir: Path
    prefix: str = ""
    git: str = "git"
    timeout: float = DEFAULT_TIMEOUT

    @property
    def folder(self) -> Path:
        return self.root / self.prefix if self.prefix else self.root

    def run(
        self, *args: str | bytes, input: bytes | None = None, timeout: float | None = None,
        read_only: bool = False, ok: Sequence[int] = (0,),
    ) -> bytes:
        """stdout of ``git ARGS`` run at the top of the work tree; GitError when it fails."""
        result = self.result(*args, input=input, timeout=timeout, read_only=read_only)
        return check(result, args, ok)

    def result(
        self, *args: str | bytes, input: bytes | None = None, timeout: float | None = None, read_only: bool = False
    ) -> Result:
        """``git ARGS`` at the top of the work tree, whatever its exit code."""
        return run_git(args, self.root, input=input, timeout=self.timeout if timeout is None else timeout,
                       read_only=read_only, git=self.git)

    def repo_path(self, path: str | os.PathLike[str]) -> str:
        """The repository-relative POSIX path of a file given absolute or relative to ``folder``.

        ValueError when the file lies outside the work tree."""
        given = Path(path)
        absolute = given if given.is_absolute() else self.folder / given
        absolute = Path(os.path.normpath(absolute))
        for base in (self.root, self.root.resolve()):
            try:
                relative = absolute.relative_to(base)
                break
            except ValueError:
                continue
        else:
            try:  # the folder was reached through a symbolic link: compare real paths
                relative = absolute.parent.resolve().relative_to(self.root.resolve()) / absolute.name
            except ValueError:
                raise ValueError(f"{path}: not inside the work tree {self.root}") from None
        text = relative.as_posix()
        if text in ("", ".") or text.startswith("../"):
            raise ValueError(f"{path}: not a file inside the work tree {self.root}")
        return text

    def folder_path(self, repo_path: str) -> str | None:
        """``repo_path`` relative to the opened folder, or None when it lies outside it."""
        if not self.prefix:
            return repo_path
        return repo_path[len(self.prefix):] if repo_path.startswith(self.prefix) else None

    def file(self, repo_path: str) -> Path:
        """The file of a repository-relative path in the work tree."""
        return self.root / repo_path


def find_repository(folder: str | os.PathLike[str], git: str = "git", timeout: float = DEFAULT_TIMEOUT) -> Repository | None:
    """The work tree holding ``folder``, or None when the folder is not inside one (a bare
    repository or a ``.git`` folder is not a work tree either). GitMissing when there is no
    git; GitError for git's other complaints (such as a repository owned by someone else)."""
    where = Path(folder)
    if not where.is_dir():
        raise GitError(f"{folder}: not a folder")
    args = ("rev-parse", "--show-toplevel", "--absolute-git-dir", "--git-common-dir", "--show-prefix")
    result = run_git(args, where, timeout=timeout, read_only=True, git=git)
    if result.code != 0:
        if any(words in result.message for words in _NOT_A_WORK_TREE):
            return None
        check(result, args)
    lines = os.fsdecode(result.out).split("\n")
    if len(lines) < 4:
        raise GitError(f"'git rev-parse' gave an answer this app does not understand: {lines!r}")
    root, git_dir, common, prefix = lines[:4]
    common_dir = Path(common) if os.path.isabs(common) else where / common
    return Repository(Path(root), Path(git_dir), Path(os.path.normpath(common_dir)), prefix, git, timeout)


def open_repository(folder: str | os.PathLike[str], git: str = "git", timeout: float = DEFAULT_TIMEOUT) -> Repository:
    """``find_repository``, with NotARepository instead of None."""
    found = find_repository(folder, git, timeout)
    if found is None:
        raise NotARepository(f"{folder}: not a repository (the folder is not inside a git work tree)")
    return found
