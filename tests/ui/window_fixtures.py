"""Small content folders for the window tests: articles we write ourselves, in the real format."""
from __future__ import annotations

from pathlib import Path

ARTICLE = """---
_schema: default
id: {id}
date: 2024-03-0{day}
title: >-
    {title}
article_title: >-
    {title}
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | {subject}
  page_description: >-
    A short description of the article about {title_lower} for the search engines to show.
  page_keywords: >-
    alpha, beta, gamma
author: QuickTakes
question: >-
    {title}
answer: >-
    First paragraph about {title_lower}.\\n\\n1. **One**: a point.\\n\\n2. **Two**: another point.
subject: {subject}
file_name: {stem}.md
url: /learn/{folder}/questions/{stem}
score: -1.0{related}
---

&nbsp;"""

# "How do pulleys work?" links to "What is a lever?" with an out-of-date copy of its title.
RELATED = """
related_article1:
    id: 101
    title: >-
        What is a lever
    subject: Physics
    url: /learn/physics/questions/what-is-a-lever"""

ARTICLES = [
    (101, 1, "What is a lever?", "Physics", "physics", "what-is-a-lever"),
    (102, 2, "How do pulleys work?", "Physics", "physics", "how-do-pulleys-work"),
    (103, 3, "Why do markets clear?", "Economics", "economics", "why-do-markets-clear"),
]

BROKEN = """---
_schema: default
id: 104
title: >-
    Broken file
seo: [unclosed
author: QuickTakes
---

&nbsp;"""


def write_project(root: Path, broken: bool = False) -> Path:
    """Write the fixture articles under ``root`` and return ``root``."""
    for ident, day, title, subject, folder, stem in ARTICLES:
        path = root / folder / f"{stem}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = ARTICLE.format(
            id=ident, day=day, title=title, title_lower=title.lower().rstrip("?"), subject=subject, folder=folder,
            stem=stem, related=RELATED if ident == 102 else "",
        )
        path.write_bytes(text.encode("utf-8"))
    if broken:
        (root / "physics" / "broken-file.md").write_bytes(BROKEN.encode("utf-8"))
    return root


def article_path(root: Path, index: int = 0) -> Path:
    _id, _day, _title, _subject, folder, stem = ARTICLES[index]
    return root / folder / f"{stem}.md"
