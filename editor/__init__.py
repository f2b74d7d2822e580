"""The core of Article Editor: article files, projects, links, checks and rendering.

Pure Python. Nothing under ``editor`` imports Qt, so scripts, the CLI and tests drive it without
a window. The public API is importable from here::

    from editor import Article, ArticleError, ConflictError, Project, render_answer, pending

The names load lazily (PEP 562), so ``import editor`` costs nothing and the CLI starts no slower.

The packages, top to bottom (each may import only those below it; ``pyproject.toml``'s
import-linter contracts enforce it):

- ``editor.cli``: the headless command line
- ``editor.operations``: work over many files as previewable plans
- ``editor.review``: what a change does to articles, field by field and rendered; field staging
- ``editor.index``: a content folder as a project, its SQLite/FTS5 index and search
- ``editor.checks`` / ``editor.session``: problems and their rules / crash safety
- ``editor.render``: markdown to the site's HTML, and the page views
- ``editor.article``: one article file
- ``editor.answer``: the answer's text
- ``editor.resources`` / ``editor.git``: where the bundled resources live / the user's git
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> the module that defines it
_API = {
    "Article": "editor.article.article",
    "ArticleError": "editor.article.frontmatter",
    "ConflictError": "editor.article.frontmatter",
    "Project": "editor.index.project",
    "render_answer": "editor.render.answer",
    "pending": "editor.session.recovery",
}
__all__ = sorted(_API)

if TYPE_CHECKING:
    from editor.article.article import Article
    from editor.article.frontmatter import ArticleError, ConflictError
    from editor.index.project import Project
    from editor.render.answer import render_answer
    from editor.session.recovery import pending


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'editor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_API))
