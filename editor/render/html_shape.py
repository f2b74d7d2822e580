"""The structure of rendered HTML, for comparing the preview with the site's renderer.

Two renderings "match" when they have the same tags in the same nesting with the same text.
Attributes are ignored, runs of whitespace count as one space, whitespace next to block tags
does not count, and every formula (KaTeX's spans, a KaTeX error, our MathML, our red error
code) is reduced to its TeX with whitespace collapsed. Inside ``<pre>`` text is kept as is,
apart from the final line break.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    "p div ul ol li table thead tbody tr th td blockquote pre h1 h2 h3 h4 h5 h6 hr section".split()
)
VOID_TAGS = frozenset("img input br hr".split())
_SPACE = re.compile(r"[ \t\n\r\f]+")


class _Node:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Node | str] = []

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find(self, tag: str) -> _Node | None:
        for child in self.children:
            if isinstance(child, _Node):
                if child.tag == tag:
                    return child
                found = child.find(tag)
                if found:
                    return found
        return None


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _tex(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _is_display_math(node: _Node) -> bool:
    # A KaTeX error never says whether it was display math, so our error code does not either.
    classes = node.classes()
    return "katex-display" in classes or node.attrs.get("display") == "block"


def _math_tex(node: _Node) -> str | None:
    """The TeX of a formula node, or None when the node is not a formula."""
    classes = node.classes()
    if node.tag == "span" and "katex-display" in classes:
        inner = node.find("annotation")
        error = node.find("span")
        if inner is None and error is not None and "katex-error" in error.classes():
            return _tex(error.text())
        return _tex(inner.text()) if inner else ""
    if node.tag == "span" and "katex" in classes:
        inner = node.find("annotation")
        return _tex(inner.text()) if inner else ""
    if "katex-error" in classes or "math-error" in classes:
        return _tex(node.text())
    if node.tag == "math":
        inner = node.find("annotation")
        return _tex(inner.text()) if inner else ""
    return None


Event = tuple[str, str]  # ("open"|"close"|"text"|"math", tag or text or TeX)


def shape(html: str) -> list[Event]:
    """The comparable events of an HTML fragment, in document order."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    events: list[Event] = []
    _walk(builder.root, events, in_pre=False)
    return _tidy(events)


def _walk(node: _Node, events: list[Event], in_pre: bool) -> None:
    for child in node.children:
        if isinstance(child, str):
            events.append(("text", child if in_pre else _SPACE.sub(" ", child)))
            continue
        tex = _math_tex(child)
        if tex is not None:
            events.append(("display-math" if _is_display_math(child) else "math", tex))
            continue
        events.append(("open", child.tag))
        if child.tag in VOID_TAGS:
            continue
        _walk(child, events, in_pre or child.tag == "pre")
        if (child.tag == "pre" or (in_pre and child.tag == "code")) and events[-1][0] == "text":
            events[-1] = ("text", events[-1][1].removesuffix("\n"))
        events.append(("close", child.tag))


def _is_block(event: Event) -> bool:
    return event[0] == "display-math" or (event[0] in ("open", "close") and event[1] in BLOCK_TAGS)


def _tidy(events: list[Event]) -> list[Event]:
    """Merge adjacent text, then drop whitespace that touches block tags (outside <pre>)."""
    merged: list[Event] = []
    for event in events:
        if event[0] == "text" and merged and merged[-1][0] == "text":
            merged[-1] = ("text", merged[-1][1] + event[1])
        else:
            merged.append(event)
    out: list[Event] = []
    pre_depth = 0
    for i, (kind, value) in enumerate(merged):
        if kind in ("open", "close") and value == "pre":
            pre_depth += 1 if kind == "open" else -1
        if kind != "text":
            out.append((kind, value))
            continue
        if not pre_depth:
            if i == 0 or _is_block(merged[i - 1]):
                value = value.lstrip(" ")
            if i + 1 == len(merged) or _is_block(merged[i + 1]):
                value = value.rstrip(" ")
        if value:
            out.append(("text", value))
    # Display or not is kept only for whitespace: a KaTeX error loses it on the site's side.
    return [("math", value) if kind == "display-math" else (kind, value) for kind, value in out]


def same_shape(left_html: str, right_html: str) -> bool:
    """True when two renderings have the same structure."""
    return shape(left_html) == shape(right_html)


def describe(events: list[Event]) -> str:
    """A compact one-line-per-event listing, for test failure messages."""
    marks = {"open": "<{}>", "close": "</{}>", "text": "{!r}", "math": "${}$"}
    return "\n".join(marks[kind].format(value) for kind, value in events)
