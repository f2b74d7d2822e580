"""Scripts import the public API from ``editor`` itself, and importing it loads nothing more."""
from __future__ import annotations

import subprocess
import sys

import pytest


def test_the_public_names_are_importable_from_the_package() -> None:
    from editor import Article, ArticleError, ConflictError, Project, pending, render_answer
    from editor.article.article import Article as ArticleClass
    from editor.index.project import Project as ProjectClass

    assert Article is ArticleClass and Project is ProjectClass
    assert issubclass(ConflictError, Exception) and issubclass(ArticleError, Exception)
    assert "<p>" in render_answer("Hello") and callable(pending)


def test_importing_editor_loads_none_of_its_packages_until_a_name_is_used() -> None:
    code = ("import sys, editor; before = sorted(m for m in sys.modules if m.startswith('editor.'));"
            "editor.Article; after = 'editor.article.article' in sys.modules; print(before, after)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[] True", result.stderr


def test_an_unknown_name_is_an_attribute_error() -> None:
    import editor

    with pytest.raises(AttributeError, match="Nothing"):
        editor.Nothing  # noqa: B018
