"""Markdown to the site's HTML: answers as react-markdown renders them (math, footnotes,
autolinks), the Python-Markdown flavour, and the page and search-result views of an article.

May import: ``editor.article``, ``editor.answer`` and ``editor.resources``.
"""
