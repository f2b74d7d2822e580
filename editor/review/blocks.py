"""Rendered HTML cut into the blocks a reviewer reads: paragraphs, list items, table cells,
headings, code blocks, display formulas, rules.

The HTML is read with the standard library's ``html.parser`` (positions kept, entities left
as written) into a tree of elements. An element is a *unit* when none of its children is a
block element: ``<p>``, ``<td>``, ``<h2>``, ``<pre>``, a display formula (``<span
class="katex-display">``), a list item without nested blocks. An element with block children
is a *container* (``<ul>``, ``<tr>``, ``<blockquote>``, a list item holding a nested list); the
text it holds between its block children becomes an anonymous unit (the "Item two" of
``<li>Item two<ul>...``). Every unit knows the chain of containers around it, so a diff can put
a deleted list item back inside its list.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
})
VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                       "source", "track", "wbr"})
KIND_OF_TAG = {
    "p": "paragraph", "li": "list-item", "td": "table-cell", "th": "table-cell", "tr": "table-row",
    "pre": "code", "hr": "rule", "blockquote": "quote", "dt": "term", "dd": "definition",
    **{f"h{n}": "heading" for n in range(1, 7)},
}
FORMULA = "formula"
_DISPLAY_CLASS = "katex-display"


@dataclass(eq=False)
class Element:
    """One element of the rendered HTML, by offsets into it. ``end`` is after the end tag (or
    where the element was closed implicitly); ``inner_end`` where its content stops."""

    tag: str
    start_tag: str
    start: int
    inner_start: int
    block: bool
    parent: "Element | None" = None
    children: list["Element"] = field(default_factory=list)
    inner_end: int = -1
    end: int = -1

    @property
    def end_tag(self) -> str:
        return "" if self.tag in VOID_TAGS or not self.tag else f"</{self.tag}>"

    @property
    def is_unit(self) -> bool:
        return not any(child.block for child in self.children)


@dataclass(frozen=True, eq=False)
class Unit:
    """A block of the rendered page. ``element`` is None for an anonymous unit (text between a
    container's block children); ``chain`` the containers around it, outermost first."""

    kind: str
    html: str
    chain: tuple[Element, ...]
    element: Element | None

    @property
    def inner(self) -> str:
        """The unit's content without its own start and end tags."""
        if self.element is None:
            return self.html
        source = self.element
        return self.html[source.inner_start - source.start: len(self.html) - (source.end - source.inner_end)]

    @property
    def key(self) -> tuple[tuple[str, ...], str, str]:
        """What two units are compared by: where they stand, their kind and their HTML."""
        return tuple(c.tag for c in self.chain), self.kind, self.html


class _TreeBuilder(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.html = html
        self.line_starts = [0]
        for i, char in enumerate(html):
            if char == "\n":
                self.line_starts.append(i + 1)
        self.root = Element("", "", 0, 0, True, inner_end=len(html), end=len(html))
        self.stack = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or f"<{tag}>"
        start = self._offset()
        classes = next((value or "" for name, value in attrs if name == "class"), "").split()
        block = tag in BLOCK_TAGS or (tag == "span" and _DISPLAY_CLASS in classes)
        parent = self.stack[-1]
        element = Element(tag, text, start, start + len(text), block, parent)
        parent.children.append(element)
        if tag in VOID_TAGS:
            element.inner_end = element.end = element.inner_start
        else:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:  # <span/> in HTML opens a span; written as XML it closes it
            element = self.stack.pop()
            element.inner_end = element.end = element.inner_start

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        end = self.html.find(">", start) + 1 or len(self.html)
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                break
        else:
            return  # an end tag nothing opened: it stays in the text around it
        while len(self.stack) > depth:
            element = self.stack.pop()
            closed_here = len(self.stack) == depth
            element.inner_end = start
            element.end = end if closed_here else start

    def finish(self) -> Element:
        self.close()
        while len(self.stack) > 1:
            element = self.stack.pop()
            element.inner_end = element.end = len(self.html)
        return self.root


def parse_tree(html: str) -> Element:
    """The element tree of an HTML fragment (a root element without a tag holds it all)."""
    builder = _TreeBuilder(html)
    builder.feed(html)
    return builder.finish()


def _kind(element: Element) -> str:
    if element.tag == "span":
        return FORMULA
    return KIND_OF_TAG.get(element.tag, element.tag)


def split_units(html: str) -> list[Unit]:
    """The units of a rendered fragment, in document order."""
    found: list[Unit] = []
    _walk(html, parse_tree(html), (), found)
    return found


def _walk(html: str, container: Element, chain: tuple[Element, ...], found: list[Unit]) -> None:
    pos = container.inner_start
    kind = _kind(container) if container.tag else "text"
    for child in container.children:
        if not child.block:
            continue
        _inline(html, pos, child.start, kind, chain, found)
        if child.is_unit:
            found.append(Unit(_kind(child), html[child.start:child.end], chain, child))
        else:
            _walk(html, child, chain + (child,), found)
        pos = child.end
    _inline(html, pos, container.inner_end, kind, chain, found)


def _inline(html: str, start: int, end: int, kind: str, chain: tuple[Element, ...], found: list[Unit]) -> None:
    text = html[start:end].strip()
    if text:
        found.append(Unit(kind, text, chain, None))
