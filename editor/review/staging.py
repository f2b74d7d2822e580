"""Staging one field of an article: the index gets that field's change and nothing else.

A writer may have edited the title and the answer of one article and want to commit only the
title. ``stage_field`` reads the index version, sets the one field to the work tree's value
through ``editor.article.Article`` (so only that field's lines change, in the file's own style:
the same machinery as every save), writes the result as a blob and points the index at it
(``editor.git.staging.stage_bytes``). The file on disk is not touched: the other edit stays
unstaged.

The same move in other directions gives ``unstage_field`` (the index gets HEAD's value back)
and ``discard_field`` (the file gets the index's value back; the old bytes are returned, so the
caller can journal the discard and undo it).

Keys are dotted (``seo.title``, ``related_article2``, ``related_article2.title``), or ``body``
for the markdown after the front matter. A field the source version lacks is deleted.
"""
from __future__ import annotations

from editor.article import frontmatter
from editor.article.article import Article
from editor.article.atomic import write_atomic
from editor.git.repository import Repository
from editor.git.revisions import HEAD, INDEX, WORKTREE, read_blobs
from editor.git.staging import Discarded, stage_bytes
from editor.review.fields import BODY
from editor.review.version import body_start


def with_field_from(target: bytes, source: bytes, key: str, path: str | None = None) -> bytes:
    """``target`` with the value of ``key`` taken from ``source`` (deleted if ``source`` lacks it).
    Every other byte of ``target`` stays as it was. ArticleError when either cannot be read."""
    if key == BODY:
        return _with_body_from(target, source, path)
    article = Article.parse(target, path)
    donor = Article.parse(source, path)
    if donor.has(key):
        article.set(key, donor.get(key))
    elif article.has(key):
        article.delete(key)
    return article.dumps()


def _with_body_from(target: bytes, source: bytes, path: str | None) -> bytes:
    mine, theirs = frontmatter.split(target, path), frontmatter.split(source, path)
    text = mine.text[: body_start(mine)] + theirs.text[body_start(theirs):]
    return (frontmatter.BOM if mine.bom else "").encode("utf-8") + text.encode("utf-8")


def _versions(repo: Repository, path: str, sides: tuple[str, str]) -> tuple[bytes, bytes]:
    target, source = read_blobs(repo, [(side, path) for side in sides])
    names = {HEAD: "the last commit", INDEX: "the index", WORKTREE: "the work tree"}
    for data, side in ((target, sides[0]), (source, sides[1])):
        if data is None:
            raise ValueError(f"{path}: {names[side]} has no version of this file; stage or unstage the whole file")
    assert target is not None and source is not None
    return target, source


def stage_field(repo: Repository, path: str, key: str) -> str:
    """Stage the work tree's value of one field of ``path`` (repository-relative); returns the
    staged blob id. The other changes of the file stay unstaged."""
    staged, working = _versions(repo, path, (INDEX, WORKTREE))
    return stage_bytes(repo, path, with_field_from(staged, working, key, path))


def unstage_field(repo: Repository, path: str, key: str) -> str:
    """Give one field of ``path`` its HEAD value in the index again; returns the blob id."""
    staged, committed = _versions(repo, path, (INDEX, HEAD))
    return stage_bytes(repo, path, with_field_from(staged, committed, key, path))


def discard_field(repo: Repository, path: str, key: str, write: bool = True) -> Discarded:
    """Give one field of the file on disk its staged value again. Returns the bytes before and
    after; with ``write`` False nothing is written (the caller saves through its own journal)."""
    working, staged = _versions(repo, path, (WORKTREE, INDEX))
    result = with_field_from(working, staged, key, path)
    if write and result != working:
        write_atomic(repo.file(path), result)
    return Discarded(path, working, result)
