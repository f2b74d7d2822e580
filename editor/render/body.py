"""Markdown bodies (blog posts) rendered as the site renders them.

The site reads a post with ``@cloudcannon/filer`` 0.0.3: gray-matter 4 splits the file, and
``new MarkdownIt({ html: true })`` (markdown-it 13, its default preset) renders the body. Here
markdown-it-py's ``js-default`` preset, the Python port of that preset, does the same:

- raw HTML passes through, block and inline (``<br>``, ``<div class="note">``);
- tables and strikethrough (``~~x~~``) are on; bare urls are not linked, there is no typographer
  and no math (dollars are text);
- links whose protocol markdown-it rejects (``javascript:``, ``data:`` other than images...) are
  not links, as in markdown-it.

``render_body`` gives the site's HTML as is. What the preview and the export may show of it is
``editor.render.sanitise``'s business; tests/editor/render/test_body_golden.py compares this with
the site's own renderer on our cases and on the fixture site's posts.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

_BOM = "\ufeff"
_OPEN = "---"
_CLOSE = "\n---"


@lru_cache(maxsize=1)
def body_parser() -> MarkdownIt:
    """The site's body renderer: markdown-it's default preset with raw HTML on."""
    return MarkdownIt("js-default", {"html": True})


def render_body(markdown_text: str) -> str:
    """The HTML the site makes of a markdown body (the text after the front matter)."""
    return body_parser().render(markdown_text or "")


def split_body(file_text: str) -> str:
    """The body of a whole file's text, where gray-matter 4 puts it.

    gray-matter takes a file that starts with ``---`` (not ``----``) as front matter up to the
    first line break followed by ``---`` (whatever follows on that line), and the body starts
    after those three dashes, less one ``\\r`` and then one ``\\n``. A file without front matter
    is all body; front matter that is never closed leaves no body. A BOM is dropped first.
    """
    text = file_text.removeprefix(_BOM)
    if not text.startswith(_OPEN) or text[len(_OPEN):len(_OPEN) + 1] == "-":
        return text
    rest = text[len(_OPEN):]
    close = rest.find(_CLOSE)
    if close == -1:
        return ""
    body = rest[close + len(_CLOSE):]
    body = body.removeprefix("\r")
    return body.removeprefix("\n")


def render_file_body(file_text: str) -> str:
    """``render_body`` of the body gray-matter finds in a whole file's text."""
    return render_body(split_body(file_text))
