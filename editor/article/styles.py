"""The style a new value is written in: as the file already writes a key of the same role, else
as the schema says (``folded`` fields as ``>-`` blocks, indented as the file indents its blocks).

``hints`` builds the ``yamlpatch.StyleHints`` an edit of one parsed front matter uses.
"""
from __future__ import annotations

from typing import Callable

from yaml.nodes import MappingNode, ScalarNode

from editor.article import yamlpatch
from editor.article.schema import Schema, relation_slot


def analogues(key: str) -> list[str]:
    """Keys that play the same role: ``related_article2.title`` for ``related_article5.title``."""
    head, dot, rest = key.partition(".")
    if relation_slot(head) is None:
        return [key]
    return [key] + [f"related_article{n}{dot}{rest}" for n in range(1, 10) if f"related_article{n}" != head]


def hints(root: MappingNode, yaml_text: str, schema: Callable[[], Schema]) -> yamlpatch.StyleHints:
    """Style hints for new values in the front matter ``root`` parsed from ``yaml_text``;
    ``schema`` is called only when the file itself has no example to follow."""

    def style_in_file(key: str) -> yamlpatch.Style | None:
        for candidate in analogues(key):
            found = yamlpatch.find(root, candidate)
            if found is not None and isinstance(found[1], ScalarNode) and not yamlpatch.is_empty(found[1]):
                return yamlpatch.style_of(yaml_text, found[0], found[1])
        return None

    def schema_style(key: str) -> yamlpatch.Style:
        spec = schema().field(key)
        if spec is not None and spec.style == "folded":
            return yamlpatch.Style(">", ">-", block_indent())
        return yamlpatch.Style()

    def block_indent() -> int:
        """The file's usual indent of block scalar content relative to its key (4 in the site's files)."""
        for knode, vnode in root.value:
            if yamlpatch.is_block_scalar(vnode):
                return yamlpatch.style_of(yaml_text, knode, vnode).indent
        return 4

    def child_step(key: str) -> int:
        """Indent of a mapping's children relative to its key, as the file already does it."""
        for candidate in analogues(key):
            found = yamlpatch.find(root, candidate)
            if found is not None and isinstance(found[1], MappingNode) and found[1].value and not found[1].flow_style:
                return found[1].value[0][0].start_mark.column - found[0].start_mark.column
        spec = schema().field(key)
        return 4 if spec is not None and spec.type == "relation" else 2

    return yamlpatch.StyleHints(style_in_file, schema_style, child_step)
