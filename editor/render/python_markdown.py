"""The Python-Markdown flavour, for projects whose site builds with it (MkDocs, Pelican).

Python-Markdown with ``extra`` and ``sane_lists``, made as safe as the site flavour: raw HTML is
shown as text (its HTML block and inline handlers are removed), and link and image URLs with a
protocol that could run code are emptied. Math is left as text: Python-Markdown has no math.
"""
from __future__ import annotations

import threading
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from editor.render.urls import safe_url


class _SafeUrls(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                if attribute in element.attrib:
                    element.set(attribute, safe_url(element.get(attribute, "")))


# A Markdown instance keeps state between conversions and is not thread-safe: one per thread.
_local = threading.local()


def _converter() -> markdown.Markdown:
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = markdown.Markdown(extensions=["extra", "sane_lists"])
        # Without these two handlers raw HTML stays text and is escaped on output.
        if "html_block" in converter.preprocessors:
            converter.preprocessors.deregister("html_block")
        if "html" in converter.inlinePatterns:
            converter.inlinePatterns.deregister("html")
        converter.treeprocessors.register(_SafeUrls(converter), "safe_urls", 0)
        _local.converter = converter
    return converter


def render_python_markdown(markdown_text: str) -> str:
    """The HTML fragment Python-Markdown (extra, sane_lists) makes of the answer, HTML escaped."""
    converter = _converter()
    try:
        return converter.convert(markdown_text) + "\n"
    finally:
        converter.reset()
