"""How a changed value is written back without touching any other byte.

The front matter is kept as text. PyYAML's node marks say where each key and value sits; a change
replaces just that value's span (or inserts or removes a field's lines) and leaves everything
else - key order, comments, scalar styles, the mixed 2/4-space indentation, line endings - as it
was. New text is written in the style the value already has (``>-`` folded, plain, quoted), and
every emitted scalar is parsed back to prove it reads as the intended value.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from editor.article.frontmatter import SafeLoader

_BLOCK_STYLES = ("|", ">")


@dataclass(frozen=True)
class Style:
    """How a scalar is written: style char ('' plain, quote chars, '|' or '>'), and layout."""

    style: str = ""
    header: str = ""  # block header as written, e.g. '>-'
    indent: int = 4  # block content indent relative to the key's column
    spelling: str = ""  # the old plain text, for bool/null spelling


def find(root: MappingNode, key: str) -> tuple[ScalarNode, Node, MappingNode] | None:
    """(key node, value node, parent mapping) of a dotted key, or None.

    A key written twice is found where readers find it: at its last occurrence (which is also
    a mapping's own key overriding a merged one)."""
    mapping: Node = root
    parts = key.split(".")
    for i, part in enumerate(parts):
        if not isinstance(mapping, MappingNode):
            return None
        for knode, vnode in reversed(mapping.value):
            if isinstance(knode, ScalarNode) and knode.value == part:
                if i == len(parts) - 1:
                    return knode, vnode, mapping
                mapping = vnode
                break
        else:
            return None
    return None


def mapping_keys(mapping: MappingNode) -> list[str]:
    return [k.value for k, _ in mapping.value if isinstance(k, ScalarNode)]


def is_block_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style in _BLOCK_STYLES


def is_empty(node: Node) -> bool:
    """A value written as nothing at all (``key:`` alone)."""
    return (
        isinstance(node, ScalarNode)
        and not node.style
        and node.value == ""
        and node.start_mark.index == node.end_mark.index
    )


def value_end(text: str, node: Node) -> int:
    """Offset just after the last character that belongs to a value (trailing blank lines excluded)."""
    if isinstance(node, ScalarNode):
        if is_block_scalar(node):
            return _trim_blank_lines(text, node.start_mark.index, node.end_mark.index)
        return node.end_mark.index
    if getattr(node, "flow_style", False):
        return node.end_mark.index
    if isinstance(node, MappingNode) and node.value:
        key, last = node.value[-1]
        return key.end_mark.index + 1 if is_empty(last) else value_end(text, last)
    if isinstance(node, SequenceNode) and node.value:
        return value_end(text, node.value[-1])
    return node.end_mark.index


def _trim_blank_lines(text: str, start: int, end: int) -> int:
    lines = text[start:end].splitlines(keepends=True)
    offset = end
    for line in reversed(lines):
        offset -= len(line)
        if line.strip():
            return offset + len(line.rstrip("\r\n"))
    return start


def line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def line_end(text: str, pos: int) -> int:
    """Offset just after the line break of the line holding ``pos`` (or the end of text)."""
    nl = text.find("\n", pos)
    return len(text) if nl < 0 else nl + 1


def style_of(text: str, knode: Node, vnode: Node) -> Style:
    """The style a scalar value is written in, read from the text."""
    if not isinstance(vnode, ScalarNode):
        return Style()
    if is_block_scalar(vnode):
        start = vnode.start_mark.index
        header = text[start : line_end(text, start)].split("#", 1)[0].strip()
        content = _first_content_column(text, vnode)
        indent = (content - knode.start_mark.column) if content is not None else 4
        return Style(vnode.style, header, max(indent, 1))
    spelling = text[vnode.start_mark.index : vnode.end_mark.index] if not vnode.style else ""
    return Style(vnode.style or "", spelling=spelling)


def _first_content_column(text: str, vnode: ScalarNode) -> int | None:
    pos = line_end(text, vnode.start_mark.index)
    end = vnode.end_mark.index
    while pos < end:
        nxt = line_end(text, pos)
        line = text[pos:nxt].rstrip("\r\n")
        if line.strip():
            return len(line) - len(line.lstrip(" "))
        pos = nxt
    return None


# --- emitting values ------------------------------------------------------------------------------

def _dump(value: Any, style: str | None) -> str:
    out = yaml.safe_dump(value, default_style=style, width=float("inf"), allow_unicode=True, default_flow_style=True)
    for tail in ("\n...\n", "\n"):
        if out.endswith(tail):
            out = out[: -len(tail)]
            break
    return out


def _bool_text(value: bool, spelling: str) -> str:
    word = "true" if value else "false"
    if spelling[:1].isupper():
        return word.upper() if spelling.isupper() and len(spelling) > 1 else word.capitalize()
    return word


def scalar_text(value: Any, style: Style, key_column: int, newline: str, flow: bool = False) -> str:
    """The text of a scalar value, as written after ``key: ``; block styles span several lines.

    ``flow``: the value stands inside ``{...}`` or ``[...]``, where a comma or a bracket ends a
    plain scalar and block styles cannot be written; candidates are read back in that context."""
    if value is None:
        return style.spelling if style.spelling in ("~", "null", "Null", "NULL") else "null"
    if isinstance(value, bool):
        return _bool_text(value, style.spelling)
    if isinstance(value, (int, float, _dt.date)):
        return _dump(value, None)
    if not isinstance(value, str):
        raise TypeError(f"cannot write a {type(value).__name__} as a scalar")
    for candidate in _string_candidates(value, style, key_column, newline, flow):
        if candidate is not None and _reads_back(candidate, value, key_column, newline, flow):
            return candidate
    return _dump(value, '"')


def flow_text(value: Any, style: Style) -> str:
    """A value written inside a flow collection: a scalar in the style it had where it can be,
    a mapping or list as one flow line. ValueError when it cannot be one line."""
    if isinstance(value, (dict, list, tuple)):
        text = _dump(list(value) if isinstance(value, tuple) else value, None)
    else:
        text = scalar_text(value, style, 0, "\n", flow=True)
    if "\n" in text or "\r" in text:
        raise ValueError("the value cannot be written on one line inside a flow collection")
    return text


def _string_candidates(value: str, style: Style, key_column: int, newline: str, flow: bool = False):
    if flow:
        # The quotes the value had, else plain, else single quotes (what a writer would type),
        # each read back in the flow context; double quotes (escapes) are the last resort.
        candidates = [_dump(value, style.style)] if style.style in ("'", '"') else []
        candidates += [_dump(value, None), _dump(value, "'")]
        yield from (text for text in candidates if "\n" not in text)
        return
    if style.style == ">":
        yield _block(value, style, key_column, newline, literal=False)
    elif style.style == "|":
        yield _block(value, style, key_column, newline, literal=True)
    elif style.style == "'" and "\n" not in value:
        yield _dump(value, "'")
    elif style.style == '"':
        yield _dump(value, '"')
    plain = _dump(value, None)
    if "\n" not in plain:
        yield plain  # PyYAML quotes it itself when plain would misread (yes, 1.0, ': ', '#')


def _block(value: str, style: Style, key_column: int, newline: str, literal: bool) -> str | None:
    if not value or value != value.strip(" \t") or value.startswith(("\n", "\r")):
        return None
    if not value.isprintable() and not (literal and value.replace("\n", "").isprintable()):
        return None
    body = value
    chomp = "-"
    if value.endswith("\n"):
        body = value[:-1]
        chomp = ""
        if body.endswith("\n") or not body.strip():
            return None
    if not literal and "\n" in body:
        return None
    pad = " " * (key_column + style.indent)
    lines = [pad + line if line else "" for line in body.split("\n")]
    return ("|" if literal else ">") + chomp + newline + newline.join(lines)


def _reads_back(candidate: str, value: str, key_column: int, newline: str, flow: bool = False) -> bool:
    if flow:
        snippet = "k: {k: " + candidate + ", z: 0}" + newline
    else:
        snippet = " " * key_column + "k: " + candidate + newline
    try:
        loaded = yaml.load(snippet, Loader=SafeLoader)
    except yaml.YAMLError:
        return False
    if flow:
        loaded = loaded.get("k") if isinstance(loaded, dict) else None
        if not isinstance(loaded, dict) or set(loaded) != {"k", "z"}:
            return False
    return isinstance(loaded, dict) and loaded.get("k") == value and isinstance(loaded.get("k"), str)


def key_text(key: str) -> str:
    text = _dump(key, None)
    if "\n" in text:
        raise ValueError(f"invalid key {key!r}")
    return text


def field_text(
    key: str,
    value: Any,
    column: int,
    newline: str,
    hint: "StyleHints",
    path: str,
) -> str:
    """Complete lines ``key: value`` (with a trailing line break) for a new or rewritten field."""
    pad = " " * column
    if isinstance(value, dict):
        step = hint.child_step(path)
        lines = [pad + key_text(key) + ":" + newline]
        for child, child_value in value.items():
            lines.append(field_text(str(child), child_value, column + step, newline, hint, f"{path}.{child}"))
        if not value:
            return pad + key_text(key) + ": {}" + newline
        return "".join(lines)
    if isinstance(value, (list, tuple)):
        if not value:
            return pad + key_text(key) + ": []" + newline
        lines = [pad + key_text(key) + ":" + newline]
        for item in value:
            if isinstance(item, (dict, list, tuple)):
                item_text = _dump(item, None).replace("\n", " ")
            else:
                item_text = scalar_text(item, Style(), column + 2, newline)
            lines.append(pad + "  - " + item_text + newline)
        return "".join(lines)
    text = scalar_text(value, hint.style(path), column, newline)
    return pad + key_text(key) + ": " + text + newline


class StyleHints:
    """Chooses the style of new values from what the file already does, then from the schema."""

    def __init__(self, find_style, schema_style, child_step) -> None:
        self._find_style = find_style
        self._schema_style = schema_style
        self._child_step = child_step

    def style(self, path: str) -> Style:
        return self._find_style(path) or self._schema_style(path)

    def child_step(self, path: str) -> int:
        return self._child_step(path)
