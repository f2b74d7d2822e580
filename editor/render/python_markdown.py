"""The Python-Markdown flavour, for projects whose site builds with it (MkDocs, Pelican).

Python-Markdown with ``extra`` and ``sane_lists``, made as safe as the site flavour: raw HTML is
shown as text (its HTML block and inline handlers are removed), and every element keeps only the
attributes and urls ``editor.render.html_policy`` allows. Math is left as text: Python-Markdown has no math.
"""
from __future__ import annotations

import threading
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

from editor.render.html_policy import safe_attributes


class _SafeAttributes(Treeprocessor):
    """Every element keeps only the attributes the policy allows (``attr_list`` in ``extra`` lets
    a writer add any attribute, ``{: onclick=...}`` included)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            kept = safe_attributes(element.attrib.items())
            element.attrib.clear()
            element.attrib.update(kept)


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
        converter.treeprocessors.register(_SafeAttributes(converter), "safe_attributes", 0)
        _local.converter = converter
    return converter


def render_python_markdown(markdown_text: str) -> str:
    """The HTML fragment Python-Markdown (extra, sane_lists) makes of the answer, HTML escaped."""
    converter = _converter()
    try:
        return converter.convert(markdown_text) + "\n"
    finally:
        converter.reset()
