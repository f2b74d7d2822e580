"""Articles for the answer editor tests, written in the real file format into tmp_path."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit

from editor.answer.codec import encode

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


def underline_colors(editor: QPlainTextEdit, start: int, end: int) -> set[str]:
    """Underline colours drawn by the highlighter over document offsets [start, end)."""
    colors = set()
    block = editor.document().findBlock(start)
    while block.isValid() and block.position() < end:
        for fmt_range in block.layout().formats():
            a = block.position() + fmt_range.start
            b = a + fmt_range.length
            if a < end and start < b and fmt_range.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                colors.add(fmt_range.format.underlineColor().name())
        block = block.next()
    return colors
