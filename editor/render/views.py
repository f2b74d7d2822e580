"""The names of the render flavours and views: the vocabulary the CLI, the preview and the page
views share, kept apart from the renderers so a command line can offer them without loading one.

- A **flavour** is how the site turns markdown into HTML: ``site`` (react-markdown with remark-gfm
  and remark-math) or ``python-markdown`` (MkDocs, Pelican).
- A **view** is what the preview shows of an article: the answer alone, the published page, or the
  search-result snippet.
"""
from __future__ import annotations

FLAVOURS = ("site", "python-markdown")
VIEWS = ("answer", "page", "search")
VIEW_LABELS = {"answer": "Answer", "page": "Page", "search": "Search result"}
