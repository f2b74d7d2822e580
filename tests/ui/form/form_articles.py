"""Articles for the front-matter form tests, written by us in the real file format."""
from __future__ import annotations

from pathlib import Path

import pytest

from ui.tab.controller import ArticleController
from ui.form import FrontMatterForm

ARTICLE = """---
_schema: default
id: 4410
date: 2024-12-02
title: >-
    How do tides form?
article_title: >-
    How do tides form?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | Earth Science
  page_description: >-
    Tides come from the pull of the moon and the sun on the oceans of a turning earth.
  page_keywords: >-
    tides, moon,  gravity , oceans
author: QuickTakes
question: >-
    How do tides form?
answer: >-
    The moon pulls.\\n\\n1. **Gravity**: the near side bulges.
subject: Earth Science
file_name: how-do-tides-form.md
url: /learn/earth-science/questions/how-do-tides-form
score: -1.0
draft: true
reviewers:
  - ana
  - li
related_article1:
    id: 4411
    title: >-
        What is a spring tide?
    subject: Earth Science
    url: /learn/earth-science/questions/what-is-a-spring-tide
---

&nbsp;"""


class FakeProject:
    """The one project method the form uses, with subjects as the index would list them."""

    def __init__(self, folder: Path, subjects: list[str]) -> None:
        self.folder = folder
        self._subjects = subjects

    def subjects(self) -> list[str]:
        return list(self._subjects)


def write_article(folder: Path, text: str = ARTICLE, name: str = "how-do-tides-form.md") -> Path:
    path = folder / "earth-science" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def open_form(qtbot, folder: Path, *, new: bool | None = None, text: str = ARTICLE,
              subjects: tuple[str, ...] = ("Earth Science", "Physics"), shown: bool = True) -> FrontMatterForm:
    """A form on a freshly written article, shown offscreen at a laptop-like size (or left to
    the caller to place when ``shown`` is False; then the caller owns it)."""
    controller = ArticleController(write_article(folder, text))
    form = FrontMatterForm(controller, FakeProject(folder, list(subjects)), None, new=new)
    if shown:
        qtbot.addWidget(form)
        form.resize(700, 1400)
        form.show()
    return form


@pytest.fixture
def form(qtbot, tmp_path: Path) -> FrontMatterForm:
    """An existing article: titles not linked, url and file name locked."""
    return open_form(qtbot, tmp_path)


@pytest.fixture
def new_form(qtbot, tmp_path: Path) -> FrontMatterForm:
    """The same article treated as new: titles linked, url and file name unlocked."""
    return open_form(qtbot, tmp_path, new=True)
