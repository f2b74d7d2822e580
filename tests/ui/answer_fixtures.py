"""Articles for the answer editor tests, written in the real file format into tmp_path."""
from __future__ import annotations

from pathlib import Path

from editor.answer import encode

TEMPLATE = """---
_schema: default
id: 4242
date: 2025-03-14
title: >-
    How do plants move water upwards?
article_title: >-
    How do plants move water upwards?
date_format: MMM DD, YYYY
post_on_text: Posted on
seo:
  title: QuickTakes | Biology
  page_description: >-
    Transpiration, cohesion and root pressure together lift water through the xylem.
  page_keywords: >-
    xylem, transpiration, cohesion
author: QuickTakes
question: >-
    How do plants move water upwards?
answer: >-
    {answer}
subject: Biology
file_name: how-do-plants-move-water-upwards.md
url: /learn/biology/questions/how-do-plants-move-water-upwards
score: -1.0
---

&nbsp;"""


def write_article(folder: Path, answer: str, name: str = "how-do-plants-move-water-upwards.md") -> Path:
    """An article file whose answer (real line breaks) is stored with the backslash-n convention."""
    subject = folder / "biology"
    subject.mkdir(parents=True, exist_ok=True)
    path = subject / name
    path.write_text(TEMPLATE.format(answer=encode(answer)), encoding="utf-8")
    return path
